import { nextMarketSlot } from './market-slots.js';
import type { SlotSchedule } from './slot-schedule.js';
import { requireInstant, unreachable } from './argument-checks.js';
import { compileCron } from './cron-cache.js';
import { intervalMs } from './interval-grid.js';

/**
 * The first slot at or after `from`, for a task being scheduled for the first time (or again,
 * after its schedule changed): an interval with runAtStart fires at `from` itself, one without
 * at from + everyMs; a cron or market schedule at its first slot at or after `from`; manual
 * never (null).
 */
export function firstSlot(schedule: SlotSchedule, from: number): number | null {
  requireInstant('from', from);
  switch (schedule.kind) {
    case 'interval':
      return schedule.runAtStart ? from : from + intervalMs(schedule.everyMs);
    case 'cron':
      // Cron fires are whole seconds, so "at or after from" is "after the last ms before it".
      return compileCron(schedule.expression, schedule.timezone).next(Math.ceil(from) - 1);
    case 'market':
      return nextMarketSlot(schedule, Math.ceil(from) - 1);
    case 'manual':
      return null;
    default:
      return unreachable(schedule);
  }
}
