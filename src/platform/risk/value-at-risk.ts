/**
 * Historical Value at Risk and Conditional VaR (expected shortfall) from a sample of returns.
 *
 * Convention (one, used everywhere on the platform):
 * - Returns are simple fractional returns per period (0.01 = +1 %). VaR and CVaR are reported as
 *   positive loss fractions of the position's value over one period.
 * - VaR at confidence c = −Q(1 − c), where Q is the empirical quantile with linear interpolation
 *   between order statistics (Hyndman & Fan type 7, `quantile` in sample-statistics.ts). With 20
 *   returns at 95 %, h = 19 × 0.05 = 0.95, so VaR = −(r(0) + 0.95·(r(1) − r(0))) for the returns
 *   sorted ascending.
 * - CVaR at c = −mean of the returns at or below that quantile Q(1 − c). The set always contains
 *   the worst return, so CVaR ≥ VaR, and both grow with c (VaR99 ≥ VaR95, CVaR99 ≥ CVaR95).
 * - A negative VaR means even the tail quantile is a gain; it is reported as it is, not clamped.
 */
import { assertFiniteSample, quantileOfSorted } from './sample-statistics.js';

/** The two confidence levels the platform reports. */
export const VAR_CONFIDENCE_LEVELS = [0.95, 0.99] as const;

export interface TailRisk {
  /** Confidence level, e.g. 0.95. */
  confidence: number;
  /** Value at Risk as a positive loss fraction. */
  valueAtRisk: number;
  /** Conditional VaR (expected shortfall) as a positive loss fraction; ≥ valueAtRisk. */
  conditionalVaR: number;
  /** How many returns are at or below the VaR quantile (the tail CVaR averages). */
  tailCount: number;
  /** Sample size. */
  observations: number;
}

function checkConfidence(confidence: number): void {
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(`confidence must be strictly between 0 and 1 (e.g. 0.95), got ${confidence}`);
  }
}

/** VaR and CVaR of one return sample at one confidence level. */
export function historicalTailRisk(returns: readonly number[], confidence: number): TailRisk {
  assertFiniteSample(returns, 'returns');
  checkConfidence(confidence);
  const sorted = [...returns].sort((a, b) => a - b);
  const cutoff = quantileOfSorted(sorted, 1 - confidence);
  let tailSum = 0;
  let tailCount = 0;
  for (const r of sorted) {
    if (r > cutoff) break;
    tailSum += r;
    tailCount++;
  }
  return {
    confidence,
    valueAtRisk: -cutoff,
    conditionalVaR: -(tailSum / tailCount),
    tailCount,
    observations: sorted.length,
  };
}

/** Historical VaR at `confidence` (default 0.95) as a positive loss fraction. */
export function historicalVaR(returns: readonly number[], confidence = 0.95): number {
  return historicalTailRisk(returns, confidence).valueAtRisk;
}

/** Historical CVaR (expected shortfall) at `confidence` (default 0.95) as a positive loss fraction. */
export function historicalCVaR(returns: readonly number[], confidence = 0.95): number {
  return historicalTailRisk(returns, confidence).conditionalVaR;
}
