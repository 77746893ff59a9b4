/**
 * A forecast that cannot be made: a series too short or not positive for the model, a horizon
 * out of range, a model whose fit failed numerically.
 */
import { EvolveError } from '../../errors.js';

export const ForecastErrorCode = {
  /** The input cannot be forecast as asked (too short, non-positive, bad horizon or name). */
  EVOLVE_FORECAST_INVALID: 'EVOLVE_FORECAST_INVALID',
  /** The fit failed on valid input (a singular regression, a non-finite error sum). */
  EVOLVE_FORECAST_FAILED: 'EVOLVE_FORECAST_FAILED',
} as const;
export type ForecastErrorCode = (typeof ForecastErrorCode)[keyof typeof ForecastErrorCode];

export class ForecastError extends EvolveError {
  declare readonly code: ForecastErrorCode;

  constructor(code: ForecastErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'ForecastError';
  }
}
