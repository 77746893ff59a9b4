import type { ModelSpec } from './model-spec.js';

/**
 * A model fitted to a series. `forecast(h)` gives, for steps 1…h after the last observation,
 * the point forecast and the standard deviation of its error; prediction intervals are
 * mean ± z·sd on the model's scale (see intervals.ts).
 */
export interface FittedModel {
  readonly spec: ModelSpec;
  /** Fitted (or given) parameters by name: alpha, beta, phi, order, c, phi1, … */
  readonly params: Readonly<Record<string, number>>;
  /** Variance σ̂² of the one-step errors. */
  readonly sigma2: number;
  /** Observations the model was fitted on. */
  readonly observations: number;
  forecast(horizon: number): ModelForecast;
}

export interface ModelForecast {
  /** Point forecasts for steps 1…h. */
  readonly mean: number[];
  /** Standard deviation of the forecast error for steps 1…h. */
  readonly sd: number[];
}
