/** Correlation matrix of several symbols' returns (Pearson, on returns aligned by date). */
import { pearsonCorrelation } from './sample-statistics.js';

export interface CorrelationMatrix {
  /** Symbols in sorted order; rows and columns follow it. */
  symbols: string[];
  /** matrix[i][j] = correlation of symbols[i] and symbols[j]; null where a series is constant. */
  matrix: (number | null)[][];
}

/**
 * `returns` maps each symbol to its returns on the same dates, in the same order (the caller
 * aligns them; different lengths are an error, not silently truncated).
 */
export function correlationMatrix(returns: Readonly<Record<string, readonly number[]>>): CorrelationMatrix {
  const symbols = Object.keys(returns).sort();
  const series = symbols.map((s) => returns[s] as readonly number[]);
  const length = series[0]?.length ?? 0;
  series.forEach((r, i) => {
    if (r.length !== length) {
      throw new RangeError(`returns of ${symbols[i]} have ${r.length} values but ${symbols[0]} has ${length}; align them by date first`);
    }
  });
  const matrix = series.map((a, i) =>
    series.map((b, j) => (i === j ? (pearsonCorrelation(a, a) === null ? null : 1) : pearsonCorrelation(a, b))),
  );
  return { symbols, matrix };
}
