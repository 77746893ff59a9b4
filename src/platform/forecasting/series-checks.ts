import { ForecastError } from './forecast-error.js';

/** Throws unless `values` has at least `min` finite numbers. */
export function requireLength(values: readonly number[], min: number, model: string): void {
  if (values.length < min) {
    throw new ForecastError('EVOLVE_FORECAST_INVALID', `${model} needs at least ${min} observations, got ${values.length}`);
  }
  const bad = values.findIndex((value) => !Number.isFinite(value));
  if (bad >= 0) throw new ForecastError('EVOLVE_FORECAST_INVALID', `observation ${bad} is ${values[bad]}, not a finite number`);
}

/** Throws unless `horizon` is a whole number of steps from 1 to 1000. */
export function requireHorizon(horizon: number): void {
  if (!Number.isInteger(horizon) || horizon < 1 || horizon > 1000) {
    throw new ForecastError('EVOLVE_FORECAST_INVALID', `the horizon must be a whole number of steps from 1 to 1000, got ${horizon}`);
  }
}
