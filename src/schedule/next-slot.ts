import { nextMarketSlot } from './market-slots.js';
import type { SlotSchedule } from './slot-schedule.js';
import { requireInstant, unreachable } from './argument-checks.js';
import { compileCron } from './cron-cache.js';
import { intervalMs, nextOnGrid } from './interval-grid.js';

/**
 * The first slot strictly after `after` (epoch ms), or null when the schedule has none (manual,
 * or a cron with no future match).
 *
 * Interval slots are anchored: slot = anchor + k*everyMs, k >= 0, so pass the anchor (the task's
 * first slot, or any slot of it). Without an anchor, `after` is taken to be a slot, and the
 * answer is after + everyMs, the fixed-rate successor. Cron: see compiled-cron.ts for the
 * semantics across DST changes; market schedules: market-slots.ts.
 */
export function nextSlot(schedule: SlotSchedule, after: number, anchor?: number): number | null {
  requireInstant('after', after);
  switch (schedule.kind) {
    case 'interval':
      return nextOnGrid(
        { anchor: anchor === undefined ? after : requireInstant('anchor', anchor), everyMs: intervalMs(schedule.everyMs) },
        after,
      );
    case 'cron':
      return compileCron(schedule.expression, schedule.timezone).next(after);
    case 'market':
      return nextMarketSlot(schedule, after);
    case 'manual':
      return null;
    default:
      return unreachable(schedule);
  }
}
