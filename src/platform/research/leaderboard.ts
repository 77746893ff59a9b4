/**
 * Parameter sweeps and the leaderboard: backtest every strategy × parameter set × symbol and rank
 * the results by one metric (Sharpe by default).
 *
 * Ranking is total and deterministic: better metric first (higher, or lower for drawdown and
 * volatility); entries whose metric is undefined (null) last; ties broken by strategy name, then
 * symbol, then the parameters written as JSON with sorted keys. Ranks are 1, 2, 3 … with no
 * shared places, so the same inputs always give the same order.
 */
import { type BacktestMetrics, type BacktestOptions, runBacktest } from './backtest.js';
import type { PriceBar } from './price-bar.js';
import type { StrategyRegistry } from './strategy-registry.js';

/** Which way each rankable metric is better. */
export const LEADERBOARD_METRICS = {
  sharpe: 'higher',
  sortino: 'higher',
  cagr: 'higher',
  totalReturn: 'higher',
  calmar: 'higher',
  winRate: 'higher',
  profitFactor: 'higher',
  maxDrawdown: 'lower',
  annualizedVolatility: 'lower',
} as const satisfies Partial<Record<keyof BacktestMetrics, 'higher' | 'lower'>>;
export type LeaderboardMetric = keyof typeof LEADERBOARD_METRICS;

export interface LeaderboardEntry {
  strategy: string;
  params: Readonly<Record<string, number>>;
  symbol: string;
  metrics: BacktestMetrics;
}

export interface RankedEntry extends LeaderboardEntry {
  rank: number;
  /** The ranking metric's value. */
  score: number | null;
}

export interface SweepRequest {
  registry: StrategyRegistry;
  /** Each strategy with a grid of values per parameter; parameters not in the grid take defaults. */
  strategies: readonly { strategy: string; grid?: Readonly<Record<string, readonly number[]>> }[];
  series: readonly { symbol: string; bars: readonly PriceBar[] }[];
  backtest?: BacktestOptions;
}

/**
 * Every combination of the grid's values (cartesian product), keys in sorted order with the last
 * key varying fastest; an empty grid gives one empty parameter set.
 */
export function parameterGrid(grid: Readonly<Record<string, readonly number[]>>): Record<string, number>[] {
  let combinations: Record<string, number>[] = [{}];
  for (const key of Object.keys(grid).sort()) {
    const values = grid[key] as readonly number[];
    if (values.length === 0) throw new RangeError(`grid.${key} has no values; give at least one`);
    combinations = combinations.flatMap((c) => values.map((v) => ({ ...c, [key]: v })));
  }
  return combinations;
}

/** Backtests every combination; parameters are validated before any backtest runs. */
export function runSweep(request: SweepRequest): LeaderboardEntry[] {
  const jobs = request.strategies.flatMap(({ strategy, grid }) =>
    parameterGrid(grid ?? {}).map((raw) => request.registry.create(strategy, raw)),
  );
  return jobs.flatMap((strategy) =>
    request.series.map(({ symbol, bars }) => {
      const result = runBacktest({ ...request.backtest, symbol, bars, strategy });
      return { strategy: strategy.name, params: strategy.params, symbol, metrics: result.metrics };
    }),
  );
}

function paramsKey(params: Readonly<Record<string, number>>): string {
  return JSON.stringify(Object.keys(params).sort().map((k) => [k, params[k]]));
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function rankLeaderboard(entries: readonly LeaderboardEntry[], metric: LeaderboardMetric = 'sharpe'): RankedEntry[] {
  if (!Object.hasOwn(LEADERBOARD_METRICS, metric)) {
    throw new RangeError(`cannot rank by ${JSON.stringify(metric)}; use one of ${Object.keys(LEADERBOARD_METRICS).join(', ')}`);
  }
  const sign = LEADERBOARD_METRICS[metric] === 'higher' ? -1 : 1;
  const scored = entries.map((e) => ({ ...e, score: e.metrics[metric], key: paramsKey(e.params) }));
  scored.sort((a, b) => {
    if (a.score !== b.score) {
      if (a.score === null) return 1;
      if (b.score === null) return -1;
      return sign * (a.score - b.score);
    }
    return compareText(a.strategy, b.strategy) || compareText(a.symbol, b.symbol) || compareText(a.key, b.key);
  });
  return scored.map(({ key: _key, ...e }, i) => ({ ...e, rank: i + 1 }));
}

/** Sweep, then rank. */
export function buildLeaderboard(request: SweepRequest, metric: LeaderboardMetric = 'sharpe'): RankedEntry[] {
  return rankLeaderboard(runSweep(request), metric);
}
