import { ForecastError } from './forecast-error.js';
import { fitModel, intervals } from './fit-model.js';
import type { Candidate } from './model-spec.js';
import { requireHorizon } from './series-checks.js';

/**
 * Rolling-origin validation (time-series cross-validation, FPP3 §5.10): at each origin the
 * model is refitted on the observations before it and forecasts the next `horizon` ones; the
 * errors over all origins and steps are pooled.
 *
 * Origins are training lengths. The last is `length − horizon`, so its forecast ends on the
 * last observation; the others step back by `step`: o_k = length − horizon − k·step for
 * k = folds − 1 … 0, oldest first, dropping those with fewer than `minTrain` observations.
 *
 * Metrics, on the original scale (prices, not log prices):
 *   MAE  = mean |y − ŷ|,  RMSE = √(mean (y − ŷ)²),
 *   MASE = mean over origins and steps of |y − ŷ| / s_o, where s_o is the in-sample mean absolute
 *          one-step change of the training data at origin o (Hyndman & Koehler, 2006): below 1 a
 *          model beats the one-step random walk, and the figure compares across symbols;
 *   coverage80/95 = share of actual values inside the 80 % / 95 % intervals.
 */

export const ErrorMetric = {
  /** Mean absolute error, in price units. */
  mae: 'mae',
  /** Root mean squared error, in price units. */
  rmse: 'rmse',
  /** Mean absolute scaled error: scale-free, comparable across symbols. */
  mase: 'mase',
} as const;
export type ErrorMetric = (typeof ErrorMetric)[keyof typeof ErrorMetric];

export interface ValidationOptions {
  /** Steps forecast at each origin. */
  readonly horizon: number;
  /** Number of origins. Default 20. */
  readonly folds?: number;
  /** Observations between consecutive origins. Default `horizon` (test windows do not overlap). */
  readonly step?: number;
  /** Fewest training observations an origin may have. Default 60. */
  readonly minTrain?: number;
  /** 'log' fits models to log values (prices; needs values > 0), 'none' to the values. Default 'log'. */
  readonly transform?: 'log' | 'none';
  /** Metric that ranks models. Default 'mase'. */
  readonly metric?: ErrorMetric;
}

export type ModelScore =
  | {
    readonly kind: 'scored';
    readonly candidate: Candidate;
    readonly mae: number;
    readonly rmse: number;
    readonly mase: number;
    readonly coverage80: number;
    readonly coverage95: number;
    /** Origins scored. */
    readonly folds: number;
  }
  | { readonly kind: 'failed'; readonly candidate: Candidate; readonly error: string };

export type ScoredModel = Extract<ModelScore, { kind: 'scored' }>;

export const DEFAULT_FOLDS = 20;
export const DEFAULT_MIN_TRAIN = 60;

/** Training lengths of the origins, oldest first (see the header). */
export function rollingOrigins(length: number, options: ValidationOptions): number[] {
  requireHorizon(options.horizon);
  const folds = options.folds ?? DEFAULT_FOLDS;
  const step = options.step ?? options.horizon;
  const minTrain = options.minTrain ?? DEFAULT_MIN_TRAIN;
  if (!Number.isInteger(folds) || folds < 1 || !Number.isInteger(step) || step < 1 || !Number.isInteger(minTrain) || minTrain < 2) {
    throw new ForecastError('EVOLVE_FORECAST_INVALID', `validation needs whole numbers folds ≥ 1, step ≥ 1, minTrain ≥ 2; got ${folds}, ${step}, ${minTrain}`);
  }
  const origins: number[] = [];
  for (let k = folds - 1; k >= 0; k -= 1) {
    const origin = length - options.horizon - k * step;
    if (origin >= minTrain) origins.push(origin);
  }
  return origins;
}

/** The model scale of `values` and its inverse. */
export function scaleFor(transform: 'log' | 'none', values: readonly number[]): { forward: number[]; inverse: (x: number) => number } {
  if (transform === 'none') return { forward: [...values], inverse: (x) => x };
  const bad = values.findIndex((value) => !(value > 0));
  if (bad >= 0) throw new ForecastError('EVOLVE_FORECAST_INVALID', `a log-scale model needs values > 0; observation ${bad} is ${values[bad]}`);
  return { forward: values.map(Math.log), inverse: Math.exp };
}

function meanAbsoluteStep(values: readonly number[], end: number): number {
  let sum = 0;
  for (let t = 1; t < end; t += 1) sum += Math.abs((values[t] ?? 0) - (values[t - 1] ?? 0));
  return sum / (end - 1);
}

/** One candidate scored over `origins`, or why it could not be. */
function scoreCandidate(values: readonly number[], scaled: number[], inverse: (x: number) => number, origins: readonly number[], horizon: number, candidate: Candidate): ModelScore {
  let absolute = 0;
  let squared = 0;
  let scaledAbsolute = 0;
  let inside80 = 0;
  let inside95 = 0;
  let count = 0;
  try {
    for (const origin of origins) {
      const start = candidate.window === undefined ? 0 : Math.max(0, origin - candidate.window);
      const paths = intervals(fitModel(candidate.spec, scaled.slice(start, origin)).forecast(horizon), inverse);
      const scale = meanAbsoluteStep(values, origin);
      paths.forEach((path, h) => {
        const actual = values[origin + h] ?? Number.NaN;
        const error = actual - path.mean;
        absolute += Math.abs(error);
        squared += error * error;
        scaledAbsolute += scale > 0 ? Math.abs(error) / scale : error === 0 ? 0 : Number.POSITIVE_INFINITY;
        if (actual >= path.lower80 && actual <= path.upper80) inside80 += 1;
        if (actual >= path.lower95 && actual <= path.upper95) inside95 += 1;
        count += 1;
      });
    }
  } catch (error) {
    if (error instanceof ForecastError) return { kind: 'failed', candidate, error: error.message };
    throw error;
  }
  if (!Number.isFinite(absolute)) return { kind: 'failed', candidate, error: 'the forecasts are not finite numbers' };
  return {
    kind: 'scored',
    candidate,
    mae: absolute / count,
    rmse: Math.sqrt(squared / count),
    mase: scaledAbsolute / count,
    coverage80: inside80 / count,
    coverage95: inside95 / count,
    folds: origins.length,
  };
}

/** Every candidate scored by rolling-origin validation on `values`, in the candidates' order. */
export function scoreModels(values: readonly number[], candidates: readonly Candidate[], options: ValidationOptions): ModelScore[] {
  const origins = rollingOrigins(values.length, options);
  if (origins.length === 0) {
    const minTrain = options.minTrain ?? DEFAULT_MIN_TRAIN;
    throw new ForecastError('EVOLVE_FORECAST_INVALID', `validation needs at least ${minTrain + options.horizon} observations (minTrain ${minTrain} + horizon ${options.horizon}); got ${values.length}`);
  }
  const { forward, inverse } = scaleFor(options.transform ?? 'log', values);
  return candidates.map((candidate) => scoreCandidate(values, forward, inverse, origins, options.horizon, candidate));
}

/** Relative tolerance under which two metric values are a tie. */
const TIE = 1e-12;

/**
 * The scored model with the lowest `metric`; a tie (within 1e-12, relative) goes to the one
 * listed first, so ordering candidates simplest first prefers the simpler model.
 */
export function selectModel(scores: readonly ModelScore[], metric: ErrorMetric = 'mase'): ScoredModel {
  let best: ScoredModel | undefined;
  for (const score of scores) {
    if (score.kind !== 'scored' || !Number.isFinite(score[metric])) continue;
    if (best === undefined || score[metric] < best[metric] - TIE * Math.max(Math.abs(best[metric]), Math.abs(score[metric]))) best = score;
  }
  if (best === undefined) {
    const reasons = scores.map((score) => (score.kind === 'failed' ? `${score.candidate.name}: ${score.error}` : `${score.candidate.name}: not finite`));
    throw new ForecastError('EVOLVE_FORECAST_FAILED', `no model could be scored (${reasons.join('; ') || 'no candidates'})`);
  }
  return best;
}
