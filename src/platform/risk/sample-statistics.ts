/**
 * Sample statistics shared by the risk and research libraries. Every function takes a plain array
 * of finite numbers and throws a RangeError, naming the argument, on an empty or non-finite input:
 * a NaN that slips into a Sharpe ratio or a VaR is worse than a loud failure.
 */

/** Throws unless `values` is non-empty (when `minLength` ≥ 1) and every value is finite. */
export function assertFiniteSample(values: readonly number[], name: string, minLength = 1): void {
  if (values.length < minLength) {
    throw new RangeError(`${name} needs at least ${minLength} value(s), got ${values.length}`);
  }
  const bad = values.findIndex((v) => !Number.isFinite(v));
  if (bad !== -1) throw new RangeError(`${name}[${bad}] must be a finite number, got ${String(values[bad])}`);
}

export function sum(values: readonly number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

/** Arithmetic mean. */
export function mean(values: readonly number[]): number {
  assertFiniteSample(values, 'values');
  return sum(values) / values.length;
}

/** Sample standard deviation, divisor n − 1 (Bessel's correction); needs two values. */
export function sampleStdDev(values: readonly number[]): number {
  assertFiniteSample(values, 'values', 2);
  const m = mean(values);
  let squares = 0;
  for (const v of values) squares += (v - m) ** 2;
  return Math.sqrt(squares / (values.length - 1));
}

/**
 * Empirical quantile with linear interpolation between order statistics — Hyndman & Fan type 7,
 * the default of R's `quantile`, NumPy's `percentile` and Excel's `PERCENTILE.INC`:
 * sort ascending as x(0) ≤ … ≤ x(n−1), h = (n − 1)·p, Q(p) = x(⌊h⌋) + (h − ⌊h⌋)·(x(⌊h⌋+1) − x(⌊h⌋)).
 */
export function quantile(values: readonly number[], p: number): number {
  assertFiniteSample(values, 'values');
  if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile p must be in [0, 1], got ${p}`);
  const sorted = [...values].sort((a, b) => a - b);
  return quantileOfSorted(sorted, p);
}

/** `quantile` on an already ascending-sorted, validated array (no copy, no checks). */
export function quantileOfSorted(sorted: readonly number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const below = sorted[lo] as number;
  const above = sorted[Math.min(lo + 1, sorted.length - 1)] as number;
  const fraction = h - lo;
  return fraction === 0 ? below : below + fraction * (above - below);
}

/**
 * Pearson correlation of two equally long series; null when either series is constant (the
 * correlation is undefined, and 0 would claim independence).
 */
export function pearsonCorrelation(xs: readonly number[], ys: readonly number[]): number | null {
  assertFiniteSample(xs, 'xs', 2);
  assertFiniteSample(ys, 'ys', 2);
  if (xs.length !== ys.length) throw new RangeError(`series lengths differ: ${xs.length} and ${ys.length}`);
  if (isConstant(xs) || isConstant(ys)) return null;
  const mx = mean(xs);
  const my = mean(ys);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < xs.length; i++) {
    const dx = (xs[i] as number) - mx;
    const dy = (ys[i] as number) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  // Rounding can push |r| a hair past 1 for perfectly (anti-)correlated series.
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}

// Checked on the values, not on Σ(x − mean)², which rounding leaves a hair above 0.
function isConstant(values: readonly number[]): boolean {
  return values.every((v) => v === values[0]);
}

/** Simple returns p(t)/p(t−1) − 1 of a price series; n prices give n − 1 returns. */
export function simpleReturns(prices: readonly number[]): number[] {
  assertFiniteSample(prices, 'prices');
  const bad = prices.findIndex((p) => p <= 0);
  if (bad !== -1) throw new RangeError(`prices[${bad}] must be positive, got ${String(prices[bad])}`);
  const out: number[] = [];
  for (let i = 1; i < prices.length; i++) out.push((prices[i] as number) / (prices[i - 1] as number) - 1);
  return out;
}
