import { ForecastError } from './forecast-error.js';
import type { FittedModel } from './fitted-model.js';
import type { HoltParameters } from './model-spec.js';
import { minimizeNelderMead } from './nelder-mead.js';
import { requireLength } from './series-checks.js';

/**
 * Holt's linear trend method (ETS(A,A,N)) and its damped form (ETS(A,Ad,N)), after Hyndman &
 * Athanasopoulos, FPP3 §8.2 and Hyndman et al. (2008), "Forecasting with Exponential Smoothing".
 *
 * Component form, with smoothing parameters α (level), β* (trend) and damping φ (1 = none):
 *   ℓ_t = α·y_t + (1 − α)(ℓ_{t−1} + φ·b_{t−1})
 *   b_t = β*(ℓ_t − ℓ_{t−1}) + (1 − β*)·φ·b_{t−1}
 *   ŷ_{T+h} = ℓ_T + (φ + φ² + … + φ^h)·b_T
 * Initial states as R's forecast::holt(initial = "simple"): ℓ_2 = y_2, b_2 = y_2 − y_1, then the
 * recursion runs over t = 3 … T and its one-step errors e_t = y_t − (ℓ_{t−1} + φ·b_{t−1}) give
 * SSE and σ̂² = SSE / (n − k), n = T − 2 errors, k = parameters estimated (0 when given).
 *
 * Fitting minimises SSE: the best of a small grid, refined by Nelder–Mead on logit-transformed
 * parameters within α ∈ [0.0001, 0.9999], β* ∈ [0.0001, 0.9999], φ ∈ [0.80, 0.98] (FPP3's
 * range for φ: below 0.8 the damping is too strong to be a trend, above 0.98 it is undamped).
 *
 * Forecast variance from the model's innovations form (state-space β = α·β*): the error at
 * step h is ε_{T+h} + Σ_{j=1}^{h−1} c_j·ε_{T+h−j} with c_j = α + β·(φ + … + φ^j), so
 * sd_h² = σ̂²·(1 + Σ_{j=1}^{h−1} c_j²). For φ = 1 this is the closed form of FPP3 Table 8.8,
 * σ̂²·[1 + (h − 1)(α² + αβh + β²h(2h − 1)/6)].
 */

interface Smoothed {
  readonly sse: number;
  readonly level: number;
  readonly trend: number;
}

/** The recursion over `y` with given parameters: error sum and final states. */
export function smoothHolt(y: readonly number[], alpha: number, beta: number, phi: number): Smoothed {
  let level = y[1] ?? 0;
  let trend = (y[1] ?? 0) - (y[0] ?? 0);
  let sse = 0;
  for (let t = 2; t < y.length; t += 1) {
    const predicted = level + phi * trend;
    const actual = y[t] ?? 0;
    const error = actual - predicted;
    sse += error * error;
    const nextLevel = alpha * actual + (1 - alpha) * predicted;
    trend = beta * (nextLevel - level) + (1 - beta) * phi * trend;
    level = nextLevel;
  }
  return { sse, level, trend };
}

const BOUNDS = { alpha: [0.0001, 0.9999], beta: [0.0001, 0.9999], phi: [0.8, 0.98] } as const;
const ALPHA_GRID = [0.05, 0.2, 0.4, 0.6, 0.8, 0.95, 0.9999];
const BETA_GRID = [0.0001, 0.01, 0.05, 0.15, 0.4];

const toUnit = (x: number, [lo, hi]: readonly [number, number]): number => lo + (hi - lo) / (1 + Math.exp(-x));
const fromUnit = (p: number, [lo, hi]: readonly [number, number]): number => {
  const u = Math.min(Math.max((p - lo) / (hi - lo), 1e-6), 1 - 1e-6);
  return Math.log(u / (1 - u));
};

/** SSE-minimising α, β* (and φ when damped). */
function fitParameters(y: readonly number[], damped: boolean): Required<HoltParameters> {
  const phiStart = damped ? 0.9 : 1;
  let best = { alpha: 0.5, beta: 0.1, sse: Number.POSITIVE_INFINITY };
  for (const alpha of ALPHA_GRID) {
    for (const beta of BETA_GRID) {
      const { sse } = smoothHolt(y, alpha, beta, phiStart);
      if (sse < best.sse) best = { alpha, beta, sse };
    }
  }
  const decode = (x: readonly number[]): Required<HoltParameters> => ({
    alpha: toUnit(x[0] ?? 0, BOUNDS.alpha),
    beta: toUnit(x[1] ?? 0, BOUNDS.beta),
    phi: damped ? toUnit(x[2] ?? 0, BOUNDS.phi) : 1,
  });
  const start = [fromUnit(best.alpha, BOUNDS.alpha), fromUnit(best.beta, BOUNDS.beta)];
  if (damped) start.push(fromUnit(phiStart, BOUNDS.phi));
  const result = minimizeNelderMead((x) => {
    const p = decode(x);
    return smoothHolt(y, p.alpha, p.beta, p.phi).sse;
  }, start, { step: 1, maxEvaluations: damped ? 300 : 200 });
  return decode(result.x);
}

export function fitHolt(values: readonly number[], damped: boolean, fixed?: HoltParameters): FittedModel {
  requireLength(values, fixed === undefined ? (damped ? 6 : 5) : 3, damped ? 'holt-damped' : 'holt');
  const params = fixed === undefined ? fitParameters(values, damped) : { alpha: fixed.alpha, beta: fixed.beta, phi: damped ? fixed.phi ?? 1 : 1 };
  const { sse, level, trend } = smoothHolt(values, params.alpha, params.beta, params.phi);
  const errors = values.length - 2;
  const estimated = fixed === undefined ? (damped ? 3 : 2) : 0;
  const sigma2 = sse / (errors - estimated);
  if (!Number.isFinite(sigma2)) throw new ForecastError('EVOLVE_FORECAST_FAILED', `Holt's method did not converge (SSE ${sse})`);
  const stateBeta = params.alpha * params.beta;
  return {
    spec: fixed === undefined ? { kind: 'holt', damped } : { kind: 'holt', damped, fixed },
    params: damped ? params : { alpha: params.alpha, beta: params.beta },
    sigma2,
    observations: values.length,
    forecast: (horizon) => {
      const mean: number[] = [];
      const sd: number[] = [];
      let phiSum = 0; // φ + φ² + … + φ^h
      let variance = 0; // Σ_{j<h} c_j², c_0 = 1
      for (let h = 1; h <= horizon; h += 1) {
        const cPrevious = h === 1 ? 1 : params.alpha + stateBeta * phiSum;
        variance += cPrevious * cPrevious;
        phiSum += params.phi ** h;
        mean.push(level + phiSum * trend);
        sd.push(Math.sqrt(sigma2 * variance));
      }
      return { mean, sd };
    },
  };
}
