/** Risk: VaR and CVaR, drawdown, correlation, exposure and limits, stop-loss checks. */
export { assertFiniteSample, mean, pearsonCorrelation, quantile, sampleStdDev, simpleReturns, sum } from './sample-statistics.js';
export { type TailRisk, VAR_CONFIDENCE_LEVELS, historicalCVaR, historicalTailRisk, historicalVaR } from './value-at-risk.js';
export { type PortfolioTailRisk, type PortfolioVaR, portfolioVaR } from './portfolio-var.js';
export { type DrawdownPoint, type EquityPoint, type MaxDrawdown, drawdownSeries, maxDrawdown } from './drawdown.js';
export { type CorrelationMatrix, correlationMatrix } from './correlation.js';
export {
  type ExposureReport,
  type LimitBreach,
  LimitKind,
  type MarkedPortfolio,
  type MarkedPosition,
  type PositionLimits,
  checkLimits,
  exposureReport,
} from './exposure.js';
export { type StopCheck, type StopPosition, type StopRules, checkStops } from './stop-loss.js';
