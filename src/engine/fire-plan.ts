/**
 * What to do with the slots of a schedule that are due, as a pure plan. Slots processed within
 * `graceMs` of their instant are on time; older ones were missed (the orchestrator was down or
 * stalled) and the misfire policy decides: `once` runs one of them now, `skip` records them all
 * skipped, `all` runs up to `maxRuns` of the latest. Every missed slot is accounted for: the most
 * recent RECORD_LIMIT are recorded one by one, and older ones are counted in the oldest record.
 */
import type { MisfirePolicy } from '../model/task.js';
import { lastMarketSlots, nextSlot, slotsBetween, type SlotSchedule } from '../schedule/index.js';

export const RECORD_LIMIT = 1000;

export interface FirePlan {
  /** Slots to run, ascending. */
  run: number[];
  /** Slots recorded as skipped, with the reason. */
  skip: { slot: number; reason: string }[];
  /** The next slot after `now`, or null when the schedule has none. */
  next: number | null;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** The newest `limit` due slots from `from` to `now` (ascending) and how many there are in all. */
function recentSlots(schedule: SlotSchedule, from: number, now: number, limit: number): { slots: number[]; total: number } {
  const head = slotsBetween(schedule, from, now, limit);
  if (head.total <= head.slots.length) return head;
  if (schedule.kind === 'interval') {
    const newest = from + Math.floor((now - from) / schedule.everyMs) * schedule.everyMs;
    const start = newest - (limit - 1) * schedule.everyMs;
    return { slots: Array.from({ length: limit }, (_, i) => start + i * schedule.everyMs), total: head.total };
  }
  if (schedule.kind === 'market') return { slots: lastMarketSlots(schedule, from, now, limit), total: head.total };
  const ring = head.slots.slice();
  for (let slot = nextSlot(schedule, ring.at(-1)!, from); slot !== null && slot <= now; slot = nextSlot(schedule, slot, from)) {
    ring.push(slot);
    if (ring.length > limit) ring.shift();
  }
  return { slots: ring, total: head.total };
}

export function planFires(
  schedule: SlotSchedule,
  policy: MisfirePolicy,
  maxRuns: number,
  from: number,
  now: number,
  graceMs: number,
): FirePlan {
  const next = nextSlot(schedule, now, from);
  const { slots, total } = recentSlots(schedule, from, now, RECORD_LIMIT);
  const onTime = slots.filter((slot) => now - slot <= graceMs);
  const missed = slots.filter((slot) => now - slot > graceMs);
  if (missed.length === 0) return { run: onTime, skip: [], next };

  let run: number[];
  let reason: string;
  switch (policy) {
    case 'once':
      run = onTime.length > 0 ? onTime : [missed.at(-1)!];
      reason =
        onTime.length > 0
          ? `misfire: missed while the orchestrator was not running; the run for ${iso(onTime[0]!)} covers it (policy once)`
          : `misfire: missed while the orchestrator was not running; coalesced into one run for ${iso(run[0]!)} (policy once)`;
      break;
    case 'skip':
      run = onTime;
      reason = 'misfire: missed while the orchestrator was not running (policy skip)';
      break;
    case 'all':
      run = [...missed.slice(-maxRuns), ...onTime];
      reason = `misfire: more than ${maxRuns} slots were missed (misfire_max_runs); the latest ${maxRuns} ran`;
      break;
    default: {
      const exhaustive: never = policy;
      return exhaustive;
    }
  }
  const running = new Set(run);
  const skip = missed.filter((slot) => !running.has(slot)).map((slot) => ({ slot, reason }));
  const unrecorded = total - slots.length;
  if (unrecorded > 0 && skip.length > 0) {
    const oldest = skip[0]!;
    oldest.reason = `${oldest.reason}; ${unrecorded} earlier missed slots since ${iso(from)} are counted here, not recorded one by one`;
  }
  return { run, skip, next };
}
