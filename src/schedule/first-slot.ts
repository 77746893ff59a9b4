import type { Schedule } from '../model/task.js';
import { requireInstant, unreachable } from './argument-checks.js';
import { compileCron } from './cron-cache.js';
import { intervalMs } from './interval-grid.js';

/**
 * The first slot at or after `from`, for a task being scheduled for the first time (or again,
 * after its schedule changed): an interval with runAtStart fires at `from` itself, one without
 * at from + everyMs; a cron at its first match at or after `from`; manual never (null).
 */
export function firstSlot(schedule: Schedule, from: number): number | null {
  requireInstant('from', from);
  switch (schedule.kind) {
    case 'interval':
      return schedule.runAtStart ? from : from + intervalMs(schedule.everyMs);
    case 'cron':
      // Cron fires are whole seconds, so "at or after from" is "after the last ms before it".
      return compileCron(schedule.expression, schedule.timezone).next(Math.ceil(from) - 1);
    case 'manual':
      return null;
    default:
      return unreachable(schedule);
  }
}
