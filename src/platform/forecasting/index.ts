// The forecasting library's public surface.
export { ForecastError, ForecastErrorCode } from './forecast-error.js';
export {
  DEFAULT_CANDIDATES, MAX_AR_ORDER, candidate, parseCandidate,
  type Candidate, type HoltParameters, type ModelKind, type ModelSpec,
} from './model-spec.js';
export type { FittedModel, ModelForecast } from './fitted-model.js';
export { fitModel, intervals, Z80, Z95, type Interval } from './fit-model.js';
export { minimizeNelderMead, type MinimizeOptions, type Minimum } from './nelder-mead.js';
export {
  ErrorMetric, DEFAULT_FOLDS, DEFAULT_MIN_TRAIN, rollingOrigins, scoreModels, selectModel,
  type ModelScore, type ScoredModel, type ValidationOptions,
} from './rolling-origin.js';
export {
  innovate, proposeCandidates, rescoreModels,
  type InnovationOptions, type InnovationResult, type ProposalOptions, type SymbolValidation, type Trial,
} from './model-registry.js';
export {
  DEFAULT_HISTORY, forecastBars,
  type Forecast, type ForecastPoint, type ForecastRequest, type ModelValidation,
} from './forecaster.js';
