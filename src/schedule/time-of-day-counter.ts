/**
 * Counts the times of day a cron pattern matches, arithmetically. A cron's second, minute and
 * hour sets do not depend on the date, so on a day whose date matches and whose wall clock runs
 * without a jump, the fires between two times of day are a sum of products of prefix counts.
 * This is what lets slotsBetween count a week of 1-second cron fires without 604,800 croner
 * calls.
 */

/** The second, minute and hour sets of a parsed croner pattern (arrays of 0/1 flags). */
export interface TimeOfDayFields {
  readonly second: readonly number[];
  readonly minute: readonly number[];
  readonly hour: readonly number[];
}

/** prefix[i] = how many flags among values[0..i-1] are set; prefix[values.length] is the total. */
function prefixCounts(flags: readonly number[], size: number): number[] {
  const prefix = [0];
  for (let i = 0; i < size; i++) prefix.push((prefix[i] ?? 0) + (flags[i] ? 1 : 0));
  return prefix;
}

export class TimeOfDayCounter {
  readonly #seconds: number[];
  readonly #minutes: number[];
  readonly #hours: number[];
  readonly #fields: TimeOfDayFields;
  /** Matching times in one whole day. */
  readonly perDay: number;

  constructor(fields: TimeOfDayFields) {
    this.#fields = fields;
    this.#seconds = prefixCounts(fields.second, 60);
    this.#minutes = prefixCounts(fields.minute, 60);
    this.#hours = prefixCounts(fields.hour, 24);
    this.perDay = (this.#seconds[60] ?? 0) * (this.#minutes[60] ?? 0) * (this.#hours[24] ?? 0);
  }

  /** Matching times of day t (in whole seconds since midnight) with fromSecond <= t <= toSecond. */
  countBetween(fromSecond: number, toSecond: number): number {
    if (toSecond < fromSecond) return 0;
    return this.#countUpTo(toSecond) - this.#countUpTo(fromSecond - 1);
  }

  /** Matching times of day t with 0 <= t <= second. */
  #countUpTo(second: number): number {
    if (second < 0) return 0;
    const h = Math.floor(second / 3600);
    const m = Math.floor((second % 3600) / 60);
    const s = second % 60;
    const secondsPerMinute = this.#seconds[60] ?? 0;
    const perHour = (this.#minutes[60] ?? 0) * secondsPerMinute;
    let count = (this.#hours[h] ?? 0) * perHour;
    if (this.#fields.hour[h]) {
      count += (this.#minutes[m] ?? 0) * secondsPerMinute;
      if (this.#fields.minute[m]) count += this.#seconds[s + 1] ?? 0;
    }
    return count;
  }
}
