import type { Calendar, Session } from './calendar.js';
import { CalendarError } from './calendar-error.js';
import { formatCivilDate, parseCivilDate } from './civil-date.js';
import { SessionCalendar } from './session-calendar.js';

/** A calendar that is also closed on extra dates: unscheduled closures added without a release. */
class ClosureCalendar extends SessionCalendar {
  readonly name: string;
  readonly dataHorizon: string;
  readonly #inner: Calendar;
  readonly #closed: ReadonlySet<number>;

  constructor(inner: Calendar, closed: ReadonlySet<number>) {
    super(inner.timezone);
    this.name = inner.name;
    this.dataHorizon = inner.dataHorizon;
    this.#inner = inner;
    this.#closed = closed;
  }

  protected sessionOnDay(day: number): Session | null {
    return this.#closed.has(day) ? null : this.#inner.session(formatCivilDate(day));
  }

  protected closedReasonOnDay(day: number): string | null {
    const date = formatCivilDate(day);
    const inner = this.#inner.closedReason(date);
    if (inner !== null || !this.#closed.has(day)) return inner;
    // A closure on a day the market would not open anyway (a Saturday) changes nothing.
    return this.#inner.session(date) === null ? null : 'unscheduled closure';
  }
}

/**
 * `calendar`, also closed on `dates` (local dates 'YYYY-MM-DD'). Works for any Calendar, since it
 * only asks the wrapped one for sessions; throws a CalendarError on a malformed date.
 */
export function withClosures(calendar: Calendar, dates: readonly string[]): Calendar {
  const closed = new Set<number>();
  dates.forEach((date, i) => {
    const day = parseCivilDate(date);
    if (day === null) throw new CalendarError(`closures[${i}]: "${date}" is not a date; write YYYY-MM-DD, e.g. 2025-01-09`, `closures[${i}]`);
    closed.add(day);
  });
  return new ClosureCalendar(calendar, closed);
}
