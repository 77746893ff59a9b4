/**
 * Monte Carlo by bootstrap: resample a strategy's daily returns into many alternative histories
 * and report the distribution of their final return, maximum drawdown, Sharpe ratio and mean
 * daily return. Seeded, so the same inputs give the same distribution.
 *
 * - blockSize 1 (default): the i.i.d. bootstrap, each day drawn independently with replacement.
 * - blockSize b > 1: the circular block bootstrap (Politis & Romano, 1992): blocks of b consecutive
 *   days starting at uniform random days, wrapping past the end, concatenated and cut to the
 *   horizon. It keeps volatility clustering and autocorrelation up to lag b.
 * Each path starts at equity 1; max drawdown and Sharpe follow performance-metrics.ts.
 * Percentiles use the type-7 quantile (linear interpolation) of sample-statistics.ts.
 */
import { assertFiniteSample, mean, quantileOfSorted, sampleStdDev } from '../risk/sample-statistics.js';
import { TRADING_DAYS_PER_YEAR, sharpeRatio, totalReturn } from './performance-metrics.js';
import { createRandom, type Random } from '../random.js';

export interface MonteCarloOptions {
  /** Seed of the generator; default 1. */
  seed?: number;
  /** Number of resampled paths; default 1000. */
  paths?: number;
  /** Days per path; default the number of returns given. */
  horizon?: number;
  /** 1 for the i.i.d. bootstrap (default), > 1 for the circular block bootstrap. */
  blockSize?: number;
  /** Annual risk-free rate for Sharpe; default 0. */
  riskFreeRate?: number;
  /** Percentiles to report, as fractions; default 5 %, 25 %, 50 %, 75 %, 95 %. */
  percentiles?: readonly number[];
}

export interface Distribution {
  /** Paths with a defined value (Sharpe is undefined for a flat path). */
  count: number;
  mean: number;
  stdDev: number;
  min: number;
  max: number;
  /** `value` at each requested fraction `p`, ascending in p (and so in value). */
  percentiles: { p: number; value: number }[];
}

export interface MonteCarloResult {
  seed: number;
  paths: number;
  horizon: number;
  blockSize: number;
  finalReturn: Distribution;
  maxDrawdown: Distribution;
  /** Null when no path has a defined Sharpe ratio. */
  sharpe: Distribution | null;
  meanReturn: Distribution;
  /** Fraction of paths that end below where they started. */
  probabilityOfLoss: number;
}

function positiveInteger(name: string, value: number, max: number): number {
  if (!(Number.isInteger(value) && value >= 1 && value <= max)) throw new RangeError(`${name} must be a whole number from 1 to ${max}, got ${value}`);
  return value;
}

export function distributionOf(values: readonly number[], percentiles: readonly number[]): Distribution {
  assertFiniteSample(values, 'values');
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    mean: mean(sorted),
    stdDev: sorted.length < 2 ? 0 : sampleStdDev(sorted),
    min: sorted[0] as number,
    max: sorted[sorted.length - 1] as number,
    percentiles: [...percentiles].sort((a, b) => a - b).map((p) => ({ p, value: quantileOfSorted(sorted, p) })),
  };
}

/** One resampled path of `horizon` returns. */
export function resamplePath(returns: readonly number[], horizon: number, blockSize: number, random: Random): number[] {
  const path: number[] = [];
  while (path.length < horizon) {
    const start = random.nextInt(returns.length);
    for (let j = 0; j < blockSize && path.length < horizon; j++) path.push(returns[(start + j) % returns.length] as number);
  }
  return path;
}

/** Max drawdown of the equity path 1, Π(1 + r) … */
function pathDrawdown(path: readonly number[]): number {
  let equity = 1;
  let peak = 1;
  let worst = 0;
  for (const r of path) {
    equity *= 1 + r;
    peak = Math.max(peak, equity);
    worst = Math.max(worst, 1 - equity / peak);
  }
  return worst;
}

export function monteCarlo(returns: readonly number[], options: MonteCarloOptions = {}): MonteCarloResult {
  assertFiniteSample(returns, 'returns', 2);
  const seed = options.seed ?? 1;
  const paths = positiveInteger('paths', options.paths ?? 1000, 1_000_000);
  const horizon = positiveInteger('horizon', options.horizon ?? returns.length, 100_000);
  const blockSize = positiveInteger('blockSize', options.blockSize ?? 1, returns.length);
  const percentiles = options.percentiles ?? [0.05, 0.25, 0.5, 0.75, 0.95];
  const bad = percentiles.find((p) => !(p >= 0 && p <= 1));
  if (bad !== undefined) throw new RangeError(`percentiles must be fractions in [0, 1], got ${bad}`);
  const random = createRandom(seed, 'monte-carlo');
  const finals: number[] = [];
  const drawdowns: number[] = [];
  const sharpes: number[] = [];
  const means: number[] = [];
  for (let i = 0; i < paths; i++) {
    const path = resamplePath(returns, horizon, blockSize, random);
    finals.push(totalReturn(path));
    drawdowns.push(pathDrawdown(path));
    means.push(mean(path));
    const sharpe = sharpeRatio(path, { riskFreeRate: options.riskFreeRate ?? 0, periodsPerYear: TRADING_DAYS_PER_YEAR });
    if (sharpe !== null) sharpes.push(sharpe);
  }
  return {
    seed,
    paths,
    horizon,
    blockSize,
    finalReturn: distributionOf(finals, percentiles),
    maxDrawdown: distributionOf(drawdowns, percentiles),
    sharpe: sharpes.length === 0 ? null : distributionOf(sharpes, percentiles),
    meanReturn: distributionOf(means, percentiles),
    probabilityOfLoss: finals.filter((f) => f < 0).length / paths,
  };
}
