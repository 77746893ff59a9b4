import { EvolveError } from '../errors.js';

/**
 * A calendar that cannot be built or used: an unknown name, an invalid definition, a definition
 * with no sessions at all.
 */
export class CalendarError extends EvolveError {
  /** Key path within the calendar definition ('open', 'holidays[2]'), or '' for the whole. */
  readonly path: string;

  constructor(message: string, path = '', options?: { cause?: unknown }) {
    super('EVOLVE_CALENDAR_INVALID', message, options);
    this.name = 'CalendarError';
    this.path = path;
  }
}
