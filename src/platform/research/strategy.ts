/**
 * What a strategy is: a rule that, at the close of each day, looks at the closes known so far and
 * names a target position as a fraction of equity (0 = flat, 1 = fully invested; long-only).
 *
 * No look-ahead, by construction: the rule sees a `PriceHistory` that ends at today's close and
 * throws if asked for a later one. The backtest trades a target decided at day t's close at day
 * t + 1's open — the first moment a real trader could act on it.
 */

/** Closes from the first day up to and including "today". */
export interface PriceHistory {
  /** Number of closes known (today's index + 1). */
  readonly length: number;
  /** The close of day i, 0 ≤ i < length; a later day throws (it is the future). */
  close(i: number): number;
}

export interface Strategy {
  /** Registry name, e.g. `momentum`. */
  readonly name: string;
  /** Resolved parameters (defaults filled in). */
  readonly params: Readonly<Record<string, number>>;
  /**
   * Target weight in [0, 1] at today's close, given the history up to today and yesterday's
   * target (0 on the first day) for rules with memory such as mean reversion's exit.
   */
  target(history: PriceHistory, previous: number): number;
}

/** A history over `closes` that ends at index `today`. */
export function priceHistory(closes: readonly number[], today: number): PriceHistory {
  const length = today + 1;
  return {
    length,
    close(i: number): number {
      if (!(Number.isInteger(i) && i >= 0 && i < length)) {
        throw new RangeError(`close(${i}) is outside the known history 0..${length - 1}: a strategy may not look ahead`);
      }
      return closes[i] as number;
    },
  };
}

/**
 * The strategy's target at every day's close: targets[t] uses closes[0..t] only. Throws if the
 * strategy returns something that is not a weight in [0, 1].
 */
export function targetSeries(strategy: Strategy, closes: readonly number[]): number[] {
  const targets: number[] = [];
  let previous = 0;
  for (let t = 0; t < closes.length; t++) {
    const target = strategy.target(priceHistory(closes, t), previous);
    if (!(Number.isFinite(target) && target >= 0 && target <= 1)) {
      throw new RangeError(`strategy ${strategy.name} returned target ${target} on day ${t}; targets must be in [0, 1]`);
    }
    targets.push(target);
    previous = target;
  }
  return targets;
}

/** Simple returns of the last `count` days of the history (count + 1 closes), oldest first. */
export function recentReturns(history: PriceHistory, count: number): number[] {
  const out: number[] = [];
  for (let i = history.length - count; i < history.length; i++) out.push(history.close(i) / history.close(i - 1) - 1);
  return out;
}
