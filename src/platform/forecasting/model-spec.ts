import { ForecastError } from './forecast-error.js';

/**
 * What a forecasting model is, as data: a tagged union of model kinds, and a `Candidate` — a
 * model plus the length of history it is fitted on — named by a short string that is both its
 * label in forecasts and its key when a registry of candidates is stored.
 *
 * Names: 'naive', 'drift', 'holt', 'holt-damped', 'ar(2)' (AR of fixed order 2 on differences),
 * 'ar(aic:5)' (order chosen by AIC from 0 to 5), each optionally followed by '@250' (fit on
 * the last 250 observations only).
 */

/** Holt's parameters when given rather than fitted: α, β* (trend smoothing) and φ (damping). */
export interface HoltParameters {
  readonly alpha: number;
  readonly beta: number;
  /** Damping φ; 1 (or absent) for no damping. */
  readonly phi?: number;
}

export type ModelSpec =
  /** Random walk: tomorrow is today. */
  | { readonly kind: 'naive' }
  /** Random walk with drift: today plus the average step so far. */
  | { readonly kind: 'drift' }
  /** Holt's linear trend, ETS(A,A,N), or damped ETS(A,Ad,N); parameters fitted unless `fixed`. */
  | { readonly kind: 'holt'; readonly damped: boolean; readonly fixed?: HoltParameters }
  /** AR(p) on first differences (log returns for log prices): order `order`, or by AIC up to `maxOrder`. */
  | { readonly kind: 'ar'; readonly order?: number; readonly maxOrder: number };

export type ModelKind = ModelSpec['kind'];

/** A model configuration that validation can score and a registry can keep. */
export interface Candidate {
  /** Canonical name (see above); two candidates with one name are the same configuration. */
  readonly name: string;
  readonly spec: ModelSpec;
  /** Fit on the last `window` observations only; absent for all of them. */
  readonly window?: number;
}

/** The largest AR order considered. Beyond it daily returns carry no usable structure. */
export const MAX_AR_ORDER = 10;

function modelName(spec: ModelSpec): string {
  switch (spec.kind) {
    case 'naive':
    case 'drift':
      return spec.kind;
    case 'holt': {
      const base = spec.damped ? 'holt-damped' : 'holt';
      const fixed = spec.fixed;
      return fixed === undefined ? base : `${base}[alpha=${fixed.alpha},beta=${fixed.beta}${spec.damped ? `,phi=${fixed.phi ?? 1}` : ''}]`;
    }
    case 'ar':
      return spec.order === undefined ? `ar(aic:${spec.maxOrder})` : `ar(${spec.order})`;
    default: {
      const unreachable: never = spec;
      return unreachable;
    }
  }
}

function checkSpec(spec: ModelSpec): void {
  if (spec.kind === 'ar') {
    const order = spec.order ?? spec.maxOrder;
    if (!Number.isInteger(order) || order < 0 || order > MAX_AR_ORDER || !Number.isInteger(spec.maxOrder) || spec.maxOrder < order) {
      throw new ForecastError('EVOLVE_FORECAST_INVALID', `an AR order must be a whole number from 0 to ${MAX_AR_ORDER} (and ≤ maxOrder), got ${order}`);
    }
  }
  if (spec.kind === 'holt' && spec.fixed !== undefined) {
    const { alpha, beta, phi = 1 } = spec.fixed;
    if (!(alpha > 0 && alpha <= 1 && beta >= 0 && beta <= 1 && phi > 0 && phi <= 1)) {
      throw new ForecastError('EVOLVE_FORECAST_INVALID', `Holt parameters need 0 < alpha ≤ 1, 0 ≤ beta ≤ 1, 0 < phi ≤ 1; got ${alpha}, ${beta}, ${phi}`);
    }
  }
}

/** A candidate with its canonical name. `window` must be a whole number ≥ 10. */
export function candidate(spec: ModelSpec, window?: number): Candidate {
  checkSpec(spec);
  if (window === undefined) return Object.freeze({ name: modelName(spec), spec });
  if (!Number.isInteger(window) || window < 10) {
    throw new ForecastError('EVOLVE_FORECAST_INVALID', `a fitting window must be a whole number of observations ≥ 10, got ${window}`);
  }
  return Object.freeze({ name: `${modelName(spec)}@${window}`, spec, window });
}

const NAME = /^(naive|drift|holt|holt-damped|ar\((\d+)\)|ar\(aic:(\d+)\))(?:@(\d+))?$/;

/** The candidate a name stands for (the inverse of `candidate(...).name`, fixed Holt aside). */
export function parseCandidate(name: string): Candidate {
  const match = NAME.exec(name.trim().toLowerCase());
  if (match === null) {
    throw new ForecastError(
      'EVOLVE_FORECAST_INVALID',
      `"${name}" is not a model name; use naive, drift, holt, holt-damped, ar(<order>) or ar(aic:<max order>), optionally followed by @<window>`,
    );
  }
  const [, base, order, maxOrder, window] = match;
  const spec: ModelSpec =
    base === 'naive' ? { kind: 'naive' }
      : base === 'drift' ? { kind: 'drift' }
        : base === 'holt' || base === 'holt-damped' ? { kind: 'holt', damped: base === 'holt-damped' }
          : order !== undefined ? { kind: 'ar', order: Number(order), maxOrder: Number(order) }
            : { kind: 'ar', maxOrder: Number(maxOrder) };
  return candidate(spec, window === undefined ? undefined : Number(window));
}

/**
 * The models every symbol is scored with unless a registry says otherwise, simplest first:
 * on ties the earlier one wins, so the random walk is kept unless something does better.
 */
export const DEFAULT_CANDIDATES: readonly Candidate[] = Object.freeze([
  candidate({ kind: 'naive' }),
  candidate({ kind: 'drift' }),
  candidate({ kind: 'holt', damped: false }),
  candidate({ kind: 'holt', damped: true }),
  candidate({ kind: 'ar', maxOrder: 5 }),
]);
