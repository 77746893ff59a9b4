import { fitAr } from './ar-model.js';
import type { FittedModel, ModelForecast } from './fitted-model.js';
import { fitHolt } from './holt-model.js';
import type { ModelSpec } from './model-spec.js';
import { fitDrift, fitNaive } from './naive-models.js';
import { requireHorizon } from './series-checks.js';

/** Fits `spec` to `values` (on whatever scale they are: callers take logs of prices first). */
export function fitModel(spec: ModelSpec, values: readonly number[]): FittedModel {
  const fitted = fitBySpec(spec, values);
  return {
    ...fitted,
    forecast: (horizon: number): ModelForecast => {
      requireHorizon(horizon);
      return fitted.forecast(horizon);
    },
  };
}

function fitBySpec(spec: ModelSpec, values: readonly number[]): FittedModel {
  switch (spec.kind) {
    case 'naive':
      return fitNaive(values);
    case 'drift':
      return fitDrift(values);
    case 'holt':
      return fitHolt(values, spec.damped, spec.fixed);
    case 'ar':
      return fitAr(values, spec.maxOrder, spec.order);
    default: {
      const unreachable: never = spec;
      throw new Error(`unknown model kind ${JSON.stringify(unreachable)}`);
    }
  }
}

/** z-scores of the central 80 % and 95 % normal intervals. */
export const Z80 = 1.2815515655446004;
export const Z95 = 1.959963984540054;

export interface Interval {
  readonly mean: number;
  readonly lower80: number;
  readonly upper80: number;
  readonly lower95: number;
  readonly upper95: number;
}

/**
 * Normal prediction intervals mean ± z·sd, mapped through `inverse` (Math.exp for a model on
 * log prices: the point becomes the median price and the intervals stay positive and skewed).
 */
export function intervals(forecast: ModelForecast, inverse: (x: number) => number = (x) => x): Interval[] {
  return forecast.mean.map((mean, i) => {
    const sd = forecast.sd[i] ?? 0;
    return {
      mean: inverse(mean),
      lower80: inverse(mean - Z80 * sd),
      upper80: inverse(mean + Z80 * sd),
      lower95: inverse(mean - Z95 * sd),
      upper95: inverse(mean + Z95 * sd),
    };
  });
}
