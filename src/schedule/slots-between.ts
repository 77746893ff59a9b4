import { marketSlotsBetween } from './market-slots.js';
import type { SlotSchedule } from './slot-schedule.js';
import { requireInstant, requireLimit, unreachable } from './argument-checks.js';
import { compileCron } from './cron-cache.js';
import { intervalMs, slotsOnGrid } from './interval-grid.js';

export interface SlotRange {
  /** The first `limit` slots in the range, in order. */
  slots: number[];
  /** How many slots the range holds in all (>= slots.length). */
  total: number;
}

/**
 * Slots s with from <= s <= to, in order, at most `limit` of them, plus the total count: what
 * the engine needs to account for fires missed while it was down.
 *
 * Interval slots lie on the grid anchor + k*everyMs; the anchor defaults to `from` (the
 * persisted next fire time is a slot). Their count is arithmetic. Cron counts are arithmetic per
 * matching local day (see compiled-cron.ts), so a week of 1-second fires costs seven croner
 * calls, not 604,800.
 */
export function slotsBetween(schedule: SlotSchedule, from: number, to: number, limit: number, anchor?: number): SlotRange {
  requireInstant('from', from);
  requireInstant('to', to);
  requireLimit(limit);
  switch (schedule.kind) {
    case 'interval': {
      const grid = { anchor: anchor === undefined ? from : requireInstant('anchor', anchor), everyMs: intervalMs(schedule.everyMs) };
      return slotsOnGrid(grid, from, to, limit);
    }
    case 'cron':
      return cronSlotsBetween(schedule.expression, schedule.timezone, from, to, limit);
    case 'market':
      return marketSlotsBetween(schedule, from, to, limit);
    case 'manual':
      return { slots: [], total: 0 };
    default:
      return unreachable(schedule);
  }
}

function cronSlotsBetween(expression: string, timezone: string, from: number, to: number, limit: number): SlotRange {
  const cron = compileCron(expression, timezone);
  const slots: number[] = [];
  let slot = cron.next(Math.ceil(from) - 1);
  while (slot !== null && slot <= to && slots.length < limit) {
    slots.push(slot);
    slot = cron.next(slot);
  }
  if (slot === null || slot > to) return { slots, total: slots.length };
  return { slots, total: slots.length + cron.count(slot, to) };
}
