/**
 * The minimal daily bar the research library needs. The market-data library's bar
 * (`{ date, open, high, low, close, volume }`) is assignable to it.
 */

export interface PriceBar {
  /** Trading day, YYYY-MM-DD; strictly increasing along a series. */
  date: string;
  open: number;
  close: number;
}

/** Throws a RangeError naming the first bad bar (non-positive price, dates out of order). */
export function checkBars(bars: readonly PriceBar[], minLength = 1): void {
  if (bars.length < minLength) throw new RangeError(`need at least ${minLength} bar(s), got ${bars.length}`);
  bars.forEach((bar, i) => {
    for (const field of ['open', 'close'] as const) {
      const value = bar[field];
      if (!(Number.isFinite(value) && value > 0)) {
        throw new RangeError(`bar ${i} (${bar.date}) has ${field} ${value}; prices must be positive numbers`);
      }
    }
    const previous = bars[i - 1];
    if (previous !== undefined && !(bar.date > previous.date)) {
      throw new RangeError(`bar ${i} (${bar.date}) does not come after bar ${i - 1} (${previous.date}); sort bars by date without duplicates`);
    }
  });
}
