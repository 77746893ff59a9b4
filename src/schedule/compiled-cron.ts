/**
 * A cron expression compiled for one IANA time zone: the next fire after an instant, and the
 * number of fires in a range, both pure functions of their arguments (no clock, no timers).
 *
 * ## DST semantics (the contract; tested in test/unit/schedule-cron*.test.ts)
 *
 * Fire times are wall-clock times in the schedule's zone. Each expression is one of two kinds,
 * decided by its seconds, minutes and hours fields (croner's fixedTimeRule "no-wildcard", which
 * is Vixie cron's rule made slightly stricter):
 *
 * - **Fixed-time**: none of the three has a wildcard (`*`, `?`) or a step (`/`): `30 2 * * *`,
 *   `0 30 9 * * 1-5`, `30 2,14 * * *`, `0 9-17 * * *`. These name times of day, and each named
 *   time fires once per matching local day:
 *   - a time skipped by a spring-forward change fires at the first valid instant after it, the
 *     transition itself, on the same local day (`30 2 * * *` in America/New_York on 2026-03-08
 *     fires at 03:00 EDT = 07:00Z); several skipped times fire once, together;
 *   - a time repeated by a fall-back change fires once, at its first occurrence (`30 1 * * *` on
 *     2026-11-01 fires at 01:30 EDT = 05:30Z, not again at 01:30 EST).
 * - **Interval**: any wildcard or step in those fields (`0 * * * *`, `*\/5 * * * *`,
 *   `0 0-23/2 * * *`). It fires at every real instant whose wall-clock time matches: a skipped
 *   wall time does not exist and does not fire; a repeated one fires on both occurrences. So
 *   `0 * * * *` fires every real hour, 23 times on a spring-forward day and 25 on a fall-back day
 *   (01:00 EDT and 01:00 EST are distinct instants an hour apart); `* * * * *` fires every real
 *   minute (1,380 and 1,500 times). Steps are wall-clock steps: `0 *\/2 * * *` in New York on
 *   2026-03-08 fires at 00:00 EST then 04:00 EDT (02:00 does not exist), three real hours apart.
 *
 * `next` moves in real time and needs no state: asked for the fire after an instant inside a
 * repeated hour, it returns neither a time already passed nor the second occurrence of a fixed
 * time whose first occurrence came before.
 *
 * croner 11 implements these semantics itself, provided it is given fixedTimeRule "no-wildcard":
 * with its default ("single-value") `30 2,14 * * *` is an interval job, so on spring-forward day
 * its 02:30 silently does not fire. The tests check croner against an independent
 * minute-by-minute oracle of the rules above, in several zones and around every 2026 transition.
 *
 * ## Speed
 *
 * croner resolves wall-clock times in a named zone with many Intl calls (~46 µs per `nextRun`).
 * Between two offset transitions a zone is a fixed offset, where croner is ~10x faster and the
 * answer is the same, except just after a transition for fixed-time jobs (the gap fire at the
 * transition, and the repeated hour where second occurrences are suppressed). So `next` asks a
 * fixed-offset Cron when the answer lies inside the current offset window, and the named-zone
 * Cron otherwise. `count` adds up whole matching days arithmetically (TimeOfDayCounter) and
 * walks only the minutes after a transition one fire at a time. A differential test keeps both
 * paths equal to plain croner.
 */
import { Cron, CronPattern, type CronOptions } from 'croner';
import { TimeOfDayCounter } from './time-of-day-counter.js';
import { ZoneOffsets, type OffsetWindow } from './zone-offsets.js';

/** The croner options every schedule is evaluated with (also the reference in tests). */
export const CRON_OPTIONS = { mode: '5-or-6-parts', fixedTimeRule: 'no-wildcard' } as const satisfies CronOptions;

const SECOND_MS = 1_000;
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** The fast path is used between these instants (Intl and tzdata are dependable there). */
const FAST_FROM = Date.UTC(1900, 0, 1);
const FAST_UNTIL = Date.UTC(9000, 0, 1);

export class CompiledCron {
  readonly expression: string;
  readonly timezone: string;
  /** True for fixed-time expressions (see the header), false for interval ones. */
  readonly isFixedTime: boolean;
  readonly #zoneCron: Cron;
  readonly #zone: ZoneOffsets;
  readonly #timeOfDay: TimeOfDayCounter;
  readonly #offsetCrons = new Map<number, Cron>();

  /**
   * Throws croner's error for an invalid expression, Intl's RangeError for an unknown zone
   * (cron-cache.ts turns both into one message that names the expression).
   */
  constructor(expression: string, timezone: string) {
    this.expression = expression;
    this.timezone = timezone;
    this.#zone = new ZoneOffsets(timezone);
    this.#zoneCron = new Cron(expression, { ...CRON_OPTIONS, timezone });
    const pattern = new CronPattern(expression, timezone, CRON_OPTIONS);
    this.isFixedTime = pattern.isFixedTime;
    this.#timeOfDay = new TimeOfDayCounter(pattern);
  }

  /** The first fire strictly after `after` (epoch ms), or null when there is none. */
  next(after: number): number | null {
    const from = Math.floor(after);
    if (from >= FAST_FROM && from < FAST_UNTIL) {
      const window = this.#zone.windowAt(from);
      if (from >= this.#settledFrom(window) - 1 && window.offsetMs % MINUTE_MS === 0) {
        const candidate = this.#offsetCron(window.offsetMs).nextRun(new Date(from));
        if (candidate !== null && candidate.getTime() < window.end) return candidate.getTime();
      }
    }
    return this.#nextInZone(from);
  }

  /** How many fires s with from <= s <= to (epoch ms). */
  count(from: number, to: number): number {
    let cursor = Math.ceil(from / SECOND_MS) * SECOND_MS;
    const last = Math.floor(to / SECOND_MS) * SECOND_MS;
    let total = 0;
    while (cursor <= last) {
      if (cursor < FAST_FROM || cursor >= FAST_UNTIL) {
        const stop = cursor < FAST_FROM ? Math.min(last, FAST_FROM - SECOND_MS) : last;
        total += this.#countInZone(cursor, stop);
        cursor = stop + SECOND_MS;
        continue;
      }
      const window = this.#zone.windowAt(cursor);
      const settled = this.#settledFrom(window);
      const stop = Math.min(last, (cursor < settled ? settled : window.end) - 1);
      const arithmetic = cursor >= settled && window.offsetMs % MINUTE_MS === 0;
      total += arithmetic ? this.#countWithOffset(cursor, stop, window.offsetMs) : this.#countInZone(cursor, stop);
      cursor = Math.floor(stop / SECOND_MS) * SECOND_MS + SECOND_MS;
    }
    return total;
  }

  /**
   * From which instant of `window` croner with a fixed offset gives croner's named-zone answer.
   * Interval jobs: from the start. Fixed-time jobs after a transition: past the transition
   * instant (a skipped time fires there) and past the repeated wall-clock stretch.
   */
  #settledFrom(window: OffsetWindow): number {
    if (!this.isFixedTime || window.previousOffsetMs === null) return window.start;
    const repeated = Math.max(0, window.previousOffsetMs - window.offsetMs);
    return window.start + Math.max(SECOND_MS, repeated);
  }

  #nextInZone(from: number): number | null {
    return this.#zoneCron.nextRun(new Date(from))?.getTime() ?? null;
  }

  /** Fires in [from, to] one by one, with croner in the named zone (short stretches only). */
  #countInZone(from: number, to: number): number {
    let total = 0;
    for (let at = this.#nextInZone(from - 1); at !== null && at <= to; at = this.#nextInZone(at)) total++;
    return total;
  }

  /**
   * Fires in [from, to] (whole seconds, inside one offset window): one croner call per matching
   * local day finds the day, the time-of-day counter counts its fires in range.
   */
  #countWithOffset(from: number, until: number, offsetMs: number): number {
    const cron = this.#offsetCron(offsetMs);
    const to = Math.floor(until / SECOND_MS) * SECOND_MS;
    const lastDay = Math.floor((to + offsetMs) / DAY_MS);
    let searchFrom = from;
    let total = 0;
    for (;;) {
      const first = cron.nextRun(new Date(searchFrom - 1))?.getTime() ?? null;
      if (first === null || first > to) return total;
      const day = Math.floor((first + offsetMs) / DAY_MS);
      const dayStart = day * DAY_MS - offsetMs;
      const fromSecond = (first - dayStart) / SECOND_MS;
      const toSecond = (Math.min(to, dayStart + DAY_MS - SECOND_MS) - dayStart) / SECOND_MS;
      total += this.#timeOfDay.countBetween(fromSecond, toSecond);
      if (day >= lastDay) return total;
      searchFrom = dayStart + DAY_MS;
    }
  }

  #offsetCron(offsetMs: number): Cron {
    let cron = this.#offsetCrons.get(offsetMs);
    if (cron === undefined) {
      cron = new Cron(this.expression, { ...CRON_OPTIONS, utcOffset: offsetMs / MINUTE_MS });
      this.#offsetCrons.set(offsetMs, cron);
    }
    return cron;
  }
}
