/**
 * Slots of market schedules: instants relative to the sessions of an exchange calendar.
 *
 * A session's fires lie within it, open to close inclusive (`at: close` and `on: session_end`
 * fire at the closing instant; `every` stops before it). A day without a session has none, so
 * holidays and weekends never fire, and an early close moves `close-15m` and ends `every` early.
 * A time that falls outside its session (`open+5h` on a 13:00 early close) is not a slot of that
 * session; `skippedTimes` names such times for previews.
 *
 * Every session lies within its local date, so the fires after an instant are found by walking
 * local dates forward from the instant's own.
 */
import type { Calendar, Session } from '../calendar/calendar.js';
import { formatCivilDate, parseCivilDate } from '../calendar/civil-date.js';
import type { MarketRule, SessionTime } from '../model/task.js';
import { formatSessionTime } from './market-rule.js';
import type { SlotRange } from './slots-between.js';

/** A calendar with no session for this long has no next slot (as a cron with no future match). */
const MAX_SCAN_DAYS = 1_100;

export interface MarketSlots {
  calendar: Calendar;
  rule: MarketRule;
}

function timeOf(time: SessionTime, session: Session): number {
  return (time.anchor === 'open' ? session.open : session.close) + time.offsetMs;
}

/** The fixed fires of an `at` or `on` rule in one session, ascending and distinct. */
function fixedFires(rule: Exclude<MarketRule, { kind: 'every' }>, session: Session): number[] {
  if (rule.kind === 'on') return [rule.event === 'session_start' ? session.open : session.close];
  const fires = rule.times.map((time) => timeOf(time, session)).filter((t) => t >= session.open && t <= session.close);
  return [...new Set(fires)].sort((a, b) => a - b);
}

/** The first fire of `session` strictly after `after`, or null. */
function firstAfter(rule: MarketRule, session: Session, after: number): number | null {
  if (rule.kind !== 'every') return fixedFires(rule, session).find((t) => t > after) ?? null;
  const k = after < session.open ? 0 : Math.floor((after - session.open) / rule.everyMs) + 1;
  const fire = session.open + k * rule.everyMs;
  return fire < session.close ? fire : null;
}

/** The fires of `session` within [from, to], at most `limit` of them listed, and their number. */
function firesWithin(rule: MarketRule, session: Session, from: number, to: number, limit: number): SlotRange {
  if (rule.kind !== 'every') {
    const fires = fixedFires(rule, session).filter((t) => t >= from && t <= to);
    return { slots: fires.slice(0, limit), total: fires.length };
  }
  const lo = Math.max(from, session.open);
  const hi = Math.min(to, session.close - 1);
  if (lo > hi) return { slots: [], total: 0 };
  const first = Math.ceil((lo - session.open) / rule.everyMs);
  const last = Math.floor((hi - session.open) / rule.everyMs);
  const total = Math.max(0, last - first + 1);
  const slots: number[] = [];
  for (let k = first; k <= last && slots.length < limit; k++) slots.push(session.open + k * rule.everyMs);
  return { slots, total };
}

function dayOf(calendar: Calendar, instant: number): number {
  return parseCivilDate(calendar.dateOf(instant))!;
}

export function nextMarketSlot({ calendar, rule }: MarketSlots, after: number): number | null {
  const start = dayOf(calendar, after);
  for (let day = start; day < start + MAX_SCAN_DAYS; day++) {
    const session = calendar.session(formatCivilDate(day));
    const fire = session === null ? null : firstAfter(rule, session, after);
    if (fire !== null) return fire;
  }
  return null;
}

/** Slots s with from <= s <= to, the first `limit` listed, plus their total. */
export function marketSlotsBetween({ calendar, rule }: MarketSlots, from: number, to: number, limit: number): SlotRange {
  const slots: number[] = [];
  let total = 0;
  if (to < from) return { slots, total };
  for (let day = dayOf(calendar, from), last = dayOf(calendar, to); day <= last; day++) {
    const session = calendar.session(formatCivilDate(day));
    if (session === null) continue;
    const within = firesWithin(rule, session, from, to, limit - slots.length);
    slots.push(...within.slots);
    total += within.total;
  }
  return { slots, total };
}

/** The newest `limit` slots s with from <= s <= to, ascending: what a misfire plan records. */
export function lastMarketSlots({ calendar, rule }: MarketSlots, from: number, to: number, limit: number): number[] {
  const newest: number[][] = [];
  let count = 0;
  for (let day = dayOf(calendar, to), first = dayOf(calendar, from); day >= first && count < limit; day--) {
    const session = calendar.session(formatCivilDate(day));
    if (session === null) continue;
    const { total } = firesWithin(rule, session, from, to, 0);
    if (total === 0) continue;
    const wanted = lastFires(rule, session, from, to, Math.min(total, limit - count));
    newest.push(wanted);
    count += wanted.length;
  }
  return newest.reverse().flat();
}

/** The last `n` fires of one session within [from, to] (a long `every` session, counted from its end). */
function lastFires(rule: MarketRule, session: Session, from: number, to: number, n: number): number[] {
  if (rule.kind !== 'every') return firesWithin(rule, session, from, to, Number.MAX_SAFE_INTEGER).slots.slice(-n);
  const hi = Math.min(to, session.close - 1);
  const last = Math.floor((hi - session.open) / rule.everyMs);
  const first = Math.max(Math.ceil((Math.max(from, session.open) - session.open) / rule.everyMs), last - n + 1);
  const fires: number[] = [];
  for (let k = first; k <= last; k++) fires.push(session.open + k * rule.everyMs);
  return fires;
}

/** A time of an `at` rule that a session does not reach, e.g. `open+5h` on a 13:00 early close. */
export interface SkippedTime {
  at: number;
  time: string;
  reason: string;
}

/** The times of an `at` rule that fall outside `session`, with why: for previews and logs. */
export function skippedTimes(rule: MarketRule, session: Session, timezone: string): SkippedTime[] {
  if (rule.kind !== 'at') return [];
  const local = (ms: number): string =>
    new Intl.DateTimeFormat('en-GB', { timeZone: timezone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(ms);
  const close = `${session.earlyClose ? 'early close' : 'close'} at ${local(session.close)}`;
  return rule.times.flatMap((time) => {
    const at = timeOf(time, session);
    if (at >= session.open && at <= session.close) return [];
    const reason = at > session.close ? `outside session: after the ${close}` : `outside session: before the open at ${local(session.open)} (${close})`;
    return [{ at, time: formatSessionTime(time), reason }];
  });
}
