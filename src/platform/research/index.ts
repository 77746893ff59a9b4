/** Research and backtesting: strategies, the backtest engine, metrics, Monte Carlo, the leaderboard. */
export { type PriceBar, checkBars } from './price-bar.js';
export { type PriceHistory, type Strategy, priceHistory, targetSeries } from './strategy.js';
export type { ParameterSpec, StrategyDefinition } from './strategy-definition.js';
export { momentumStrategy } from './momentum-strategy.js';
export { meanReversionStrategy, zScore } from './mean-reversion-strategy.js';
export { buyAndHoldStrategy } from './buy-and-hold-strategy.js';
export { type ParameterIssue, StrategyParameterError, StrategyRegistry, defaultStrategyRegistry } from './strategy-registry.js';
export {
  type BacktestMetrics,
  type BacktestOptions,
  type BacktestPoint,
  type BacktestRequest,
  type BacktestResult,
  type SlippageModel,
  runBacktest,
  slippageFraction,
} from './backtest.js';
export type { BacktestFill, OpenTrade, Trade } from './round-trip-ledger.js';
export {
  TRADING_DAYS_PER_YEAR,
  type RatioOptions,
  type ReturnMetrics,
  type TradeStatistics,
  annualizedVolatility,
  cagr,
  curveReturns,
  downsideDeviation,
  returnMetrics,
  sharpeRatio,
  sortinoRatio,
  totalReturn,
  tradeStatistics,
} from './performance-metrics.js';
export { type Distribution, type MonteCarloOptions, type MonteCarloResult, distributionOf, monteCarlo, resamplePath } from './monte-carlo.js';
export {
  LEADERBOARD_METRICS,
  type LeaderboardEntry,
  type LeaderboardMetric,
  type RankedEntry,
  type SweepRequest,
  buildLeaderboard,
  parameterGrid,
  rankLeaderboard,
  runSweep,
} from './leaderboard.js';
