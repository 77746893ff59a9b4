import type { FittedModel } from './fitted-model.js';
import { requireLength } from './series-checks.js';

/**
 * The two benchmark models, with the prediction-interval formulas of Hyndman & Athanasopoulos,
 * "Forecasting: Principles and Practice" (3rd ed.), §5.5, for a series y_1 … y_T:
 *
 *   naive   ŷ_{T+h} = y_T,           σ̂² = Σ_{t=2}^{T} (y_t − y_{t−1})² / (T − 1),   sd_h = σ̂·√h
 *   drift   ŷ_{T+h} = y_T + h·c,     c = (y_T − y_1)/(T − 1),
 *           σ̂² = Σ_{t=2}^{T} (y_t − y_{t−1} − c)² / (T − 2),                     sd_h = σ̂·√(h·(1 + h/T))
 *
 * (T − 1 residuals, one degree of freedom spent on c for drift.)
 */

function steps(horizon: number): number[] {
  return Array.from({ length: horizon }, (_, i) => i + 1);
}

export function fitNaive(values: readonly number[]): FittedModel {
  requireLength(values, 2, 'naive');
  const T = values.length;
  const last = values[T - 1] ?? 0;
  let sum = 0;
  for (let t = 1; t < T; t += 1) sum += ((values[t] ?? 0) - (values[t - 1] ?? 0)) ** 2;
  const sigma2 = sum / (T - 1);
  return {
    spec: { kind: 'naive' },
    params: {},
    sigma2,
    observations: T,
    forecast: (horizon) => ({ mean: steps(horizon).map(() => last), sd: steps(horizon).map((h) => Math.sqrt(sigma2 * h)) }),
  };
}

export function fitDrift(values: readonly number[]): FittedModel {
  requireLength(values, 3, 'drift');
  const T = values.length;
  const first = values[0] ?? 0;
  const last = values[T - 1] ?? 0;
  const c = (last - first) / (T - 1);
  let sum = 0;
  for (let t = 1; t < T; t += 1) sum += ((values[t] ?? 0) - (values[t - 1] ?? 0) - c) ** 2;
  const sigma2 = sum / (T - 2);
  return {
    spec: { kind: 'drift' },
    params: { drift: c },
    sigma2,
    observations: T,
    forecast: (horizon) => ({
      mean: steps(horizon).map((h) => last + h * c),
      sd: steps(horizon).map((h) => Math.sqrt(sigma2 * h * (1 + h / T))),
    }),
  };
}
