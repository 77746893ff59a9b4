/**
 * StrategyResearchAgent: research, validation and allocation.
 * - `strategy_research`: sweeps small parameter grids of every strategy (SWEEP) over each traded
 *   symbol's analysed history and stores the leaderboard ranked by Sharpe.
 * - `strategy_backtesting`: backtests the top leaderboard entries (parameter `top`, default 3) on
 *   the most recent half of the history, with a block-bootstrap Monte Carlo of their daily
 *   returns; the command `backtest <strategy> <SYMBOL> <period>` backtests one strategy (options
 *   that name its parameters set them, e.g. `lookback=20`) over the period and returns metrics,
 *   trade count and Monte Carlo percentiles. Both are stored.
 * - `meta_control`: per symbol, the best leaderboard entry; its strategy's target at the latest
 *   close (targetSeries) times its Sharpe (0 when not positive) is the symbol's raw score; weights
 *   are G × score / Σ score, each capped at W (the rest is cash), where G and W are 99 % of
 *   min(maxGrossExposure, 1) and maxWeightPerSymbol (LIMIT_MARGIN).
 *   They become the portfolio's targets (PortfolioManager.setTargets), journalled as `allocation`.
 * Backtests use the account's settings: initial cash, slippage and commission.
 */
import type { AgentContext } from '../../agents/agent.js';
import type { Condition } from '../../conditions/condition-registry.js';
import type { PlatformComponent, PlatformContext } from '../core/platform-context.js';
import type { Bar } from '../market-data/index.js';
import {
  type BacktestMetrics,
  type BacktestOptions,
  type Distribution,
  type MonteCarloResult,
  type StrategyRegistry,
  curveReturns,
  defaultStrategyRegistry,
  monteCarlo,
  rankLeaderboard,
  runBacktest,
  runSweep,
  targetSeries,
} from '../research/index.js';
import type { DataManager } from './data-manager.js';
import type { PortfolioManager, RunRef } from './portfolio-manager.js';
import { type BacktestRecord, type LeaderboardRow, RESEARCH_MIGRATIONS, ResearchStore } from './research-store.js';

/** The grids of a research run: 3 + 4 + 1 = 8 parameter sets per symbol. */
export const SWEEP = [
  { strategy: 'momentum', grid: { lookback: [20, 60, 120] } },
  { strategy: 'mean_reversion', grid: { window: [10, 20], entryZ: [1, 2] } },
  { strategy: 'buy_and_hold' },
] as const;
const MIN_BARS = 30;
/**
 * Allocations stay this fraction inside the limits: a weight set exactly at 25 % is 25.004 % once
 * the trades' costs have lowered the equity, which the risk check rightly flags as a breach.
 */
const LIMIT_MARGIN = 0.99;
const MONTE_CARLO = { seed: 1, paths: 1000, blockSize: 5 };

export interface BacktestReport {
  id: number;
  strategy: string;
  params: Record<string, number>;
  symbol: string;
  period: string;
  from: string;
  to: string;
  sessions: number;
  finalEquity: number;
  /** Fills (entries, exits, resizes). */
  fills: number;
  /** Closed round trips (what the trade statistics count). */
  trades: number;
  /** The position still open at the last close, marked there; null when flat. */
  openTrade: { entryDate: string; quantity: number; unrealizedPnl: number } | null;
  metrics: ReturnType<typeof compactMetrics>;
  monteCarlo: ReturnType<typeof compactMonteCarlo> | null;
}

const round6 = (x: number): number => Number(x.toFixed(6));
const r6 = (x: number | null): number | null => (x === null ? null : round6(x));

function compactMetrics(m: BacktestMetrics) {
  return {
    totalReturn: r6(m.totalReturn),
    cagr: r6(m.cagr),
    sharpe: r6(m.sharpe),
    sortino: r6(m.sortino),
    maxDrawdown: r6(m.maxDrawdown),
    annualizedVolatility: r6(m.annualizedVolatility),
    winRate: r6(m.winRate),
    profitFactor: r6(m.profitFactor),
    numberOfTrades: m.numberOfTrades,
    exposure: r6(m.exposure),
  };
}

const percentiles = (d: Distribution): Record<string, number> => Object.fromEntries(d.percentiles.map((p) => [`p${Math.round(p.p * 100)}`, Number(p.value.toFixed(6))]));

function compactMonteCarlo(mc: MonteCarloResult) {
  return {
    paths: mc.paths,
    horizon: mc.horizon,
    blockSize: mc.blockSize,
    finalReturn: percentiles(mc.finalReturn),
    maxDrawdown: percentiles(mc.maxDrawdown),
    sharpe: mc.sharpe === null ? null : percentiles(mc.sharpe),
    probabilityOfLoss: mc.probabilityOfLoss,
  };
}

export class StrategyResearchAgent implements PlatformComponent {
  readonly name = 'StrategyResearchAgent';
  readonly migrations = RESEARCH_MIGRATIONS;
  readonly #ctx: PlatformContext;
  readonly #data: DataManager;
  readonly #portfolio: PortfolioManager;
  readonly #registry: StrategyRegistry;
  readonly #store: ResearchStore;

  constructor(ctx: PlatformContext, data: DataManager, portfolio: PortfolioManager, registry: StrategyRegistry = defaultStrategyRegistry()) {
    this.#ctx = ctx;
    this.#data = data;
    this.#portfolio = portfolio;
    this.#registry = registry;
    this.#store = new ResearchStore(ctx.db);
  }

  get #options(): BacktestOptions {
    const { account, trading } = this.#ctx.settings;
    return { initialCash: account.initialCash, slippage: { kind: 'bps', bps: trading.slippageBps }, commission: { bps: trading.commissionBps, perTrade: trading.commissionPerTrade } };
  }

  #bars(symbol: string, sessions?: number): Bar[] {
    const bars = this.#data.bars(symbol, sessions);
    if (bars.length < MIN_BARS) throw new Error(`${symbol} has ${bars.length} bars, research needs at least ${MIN_BARS}: run sync ${symbol} first`);
    return bars;
  }

  leaderboard(limit?: number): LeaderboardRow[] {
    return this.#store.leaderboard(limit);
  }

  backtests(limit?: number): BacktestRecord[] {
    return this.#store.backtests(limit);
  }

  /** The `strategy_research` job: sweep, rank by Sharpe, replace the leaderboard. */
  research(run: RunRef | null = null) {
    const series = this.#ctx.settings.symbols.map((symbol) => ({ symbol, bars: this.#bars(symbol) }));
    const ranked = rankLeaderboard(runSweep({ registry: this.#registry, strategies: SWEEP, series, backtest: this.#options }), 'sharpe');
    const startDate = series.map((s) => s.bars[0]!.date).sort()[0]!;
    const endDate = series.map((s) => s.bars.at(-1)!.date).sort().at(-1)!;
    this.#store.replaceLeaderboard(ranked, { startDate, endDate }, run?.runId ?? null, this.#ctx.clock.now());
    return {
      symbols: series.length,
      entries: ranked.length,
      from: startDate,
      to: endDate,
      top: ranked.slice(0, 5).map((e) => ({ rank: e.rank, strategy: e.strategy, params: e.params, symbol: e.symbol, sharpe: r6(e.score), totalReturn: r6(e.metrics.totalReturn), maxDrawdown: r6(e.metrics.maxDrawdown) })),
    };
  }

  #leaderboardOrResearch(run: RunRef | null, logger?: AgentContext['logger']): LeaderboardRow[] {
    if (this.#store.leaderboard(1).length === 0) {
      logger?.info('no leaderboard yet: researching first');
      this.research(run);
    }
    return this.#store.leaderboard();
  }

  /** Backtests one strategy on `bars` with Monte Carlo and stores it. */
  #backtest(kind: BacktestRecord['kind'], strategyName: string, params: Readonly<Record<string, unknown>>, symbol: string, bars: readonly Bar[], period: string, run: RunRef | null): BacktestReport {
    const strategy = this.#registry.create(strategyName, params);
    const result = runBacktest({ ...this.#options, symbol, bars, strategy });
    const returns = curveReturns(result.equityCurve);
    const mc = returns.length >= 2 ? monteCarlo(returns, { ...MONTE_CARLO, blockSize: Math.min(MONTE_CARLO.blockSize, returns.length) }) : null;
    const report = {
      strategy: strategy.name,
      params: { ...strategy.params },
      symbol,
      period,
      from: bars[0]!.date,
      to: bars.at(-1)!.date,
      sessions: bars.length,
      finalEquity: Number(result.finalEquity.toFixed(2)),
      fills: result.fills.length,
      trades: result.trades.length,
      openTrade: result.openTrade === null ? null : { entryDate: result.openTrade.entryDate, quantity: result.openTrade.quantity, unrealizedPnl: Number(result.openTrade.unrealizedPnl.toFixed(2)) },
      metrics: compactMetrics(result.metrics),
      monteCarlo: mc === null ? null : compactMonteCarlo(mc),
    };
    const id = this.#store.saveBacktest(
      { kind, strategy: report.strategy, params: report.params, symbol, period, startDate: report.from, endDate: report.to, metrics: result.metrics, monteCarlo: report.monteCarlo, trades: report.trades, createdAt: this.#ctx.clock.now(), runId: run?.runId ?? null },
      run?.idempotencyKey ?? null,
    );
    return { id, ...report };
  }

  /** The scheduled `strategy_backtesting` job. */
  validateTop(run: RunRef | null = null, options: { top?: number; sessions?: number } = {}, logger?: AgentContext['logger']) {
    const board = this.#leaderboardOrResearch(run, logger);
    const sessions = options.sessions ?? Math.max(MIN_BARS, Math.floor(this.#ctx.settings.historySessions / 2));
    const top = board.slice(0, options.top ?? 3);
    const results = top.map((e) => ({ rank: e.rank, researchSharpe: r6(e.score), ...this.#backtest('validation', e.strategy, e.params, e.symbol, this.#bars(e.symbol, sessions), `last ${sessions} sessions`, run) }));
    return { sessions, results };
  }

  /** The `backtest <strategy> <SYMBOL> <period>` command: periodDays calendar days, or ytd, or all. */
  backtestCommand(request: { strategy: string; symbol: string; period: string; periodDays: number | null; params?: Readonly<Record<string, unknown>> }, run: RunRef | null = null): BacktestReport {
    const all = this.#bars(request.symbol, Number.MAX_SAFE_INTEGER);
    const last = all.at(-1)!.date;
    const from =
      request.periodDays !== null
        ? new Date(Date.parse(`${last}T00:00:00Z`) - request.periodDays * 86_400_000).toISOString().slice(0, 10)
        : request.period === 'ytd'
          ? `${last.slice(0, 4)}-01-01`
          : '';
    const bars = from === '' ? all : all.filter((b) => b.date >= from);
    if (bars.length < 2) throw new Error(`${request.symbol} has ${bars.length} bar(s) in ${request.period} (from ${from}); a backtest needs at least 2`);
    const definition = this.#registry.get(request.strategy);
    const params = Object.fromEntries(Object.entries(request.params ?? {}).filter(([k]) => Object.hasOwn(definition.parameters, k)));
    return this.#backtest('command', request.strategy, params, request.symbol, bars, request.period, run);
  }

  /** The `meta_control` job; see the header. */
  allocate(run: RunRef | null = null, logger?: AgentContext['logger']) {
    const board = this.#leaderboardOrResearch(run, logger);
    const { maxWeightPerSymbol, maxGrossExposure } = this.#ctx.settings.risk;
    const gross = Math.min(maxGrossExposure, 1) * LIMIT_MARGIN;
    const cap = maxWeightPerSymbol * LIMIT_MARGIN;
    const picks = this.#ctx.settings.symbols.flatMap((symbol) => {
      const best = board.find((e) => e.symbol === symbol);
      if (best === undefined) return [];
      const closes = this.#bars(symbol).map((b) => b.close);
      const signal = targetSeries(this.#registry.create(best.strategy, best.params), closes).at(-1) ?? 0;
      const sharpe = best.score ?? 0;
      return [{ symbol, strategy: best.strategy, params: best.params, rank: best.rank, sharpe, signal, score: signal * Math.max(sharpe, 0) }];
    });
    const total = picks.reduce((s, p) => s + p.score, 0);
    const allocations = picks.map((p) => ({ ...p, weight: total === 0 ? 0 : Math.min(cap, (gross * p.score) / total) }));
    const weights = Object.fromEntries(allocations.map((a) => [a.symbol, a.weight]));
    const invested = allocations.reduce((s, a) => s + a.weight, 0);
    const reason = `best strategy per symbol by Sharpe; weight ∝ current target × Sharpe, capped at ${round6(cap)} per symbol and ${round6(gross)} gross (99 % of the limits)`;
    this.#portfolio.setTargets(weights, reason);
    this.#journalAllocation(run, allocations, invested, reason);
    return { invested: round6(invested), cash: round6(1 - invested), allocations: allocations.map((a) => ({ symbol: a.symbol, strategy: a.strategy, params: a.params, sharpe: round6(a.sharpe), signal: round6(a.signal), weight: round6(a.weight) })) };
  }

  #journalAllocation(run: RunRef | null, allocations: readonly { symbol: string; strategy: string; params: Readonly<Record<string, number>>; sharpe: number; signal: number; weight: number }[], invested: number, reason: string): void {
    const subject = `allocation:${run?.idempotencyKey ?? this.#ctx.clock.now()}`;
    if (this.#ctx.journal.latest({ kinds: ['allocation'], subject, limit: 1 }).length > 0) return;
    const held = allocations.filter((a) => a.weight > 0).map((a) => `${a.symbol} ${(a.weight * 100).toFixed(1)}% (${a.strategy}, Sharpe ${a.sharpe.toFixed(2)})`);
    this.#ctx.journal.append({
      at: this.#ctx.clock.now(),
      kind: 'allocation',
      subject,
      symbol: null,
      summary: `Set target weights investing ${(invested * 100).toFixed(1)}% of equity: ${held.length > 0 ? held.join(', ') : 'no strategy has a positive Sharpe and an active signal, so all cash'}.`,
      facts: { invested, reason, allocations },
      runId: run?.runId ?? null,
    });
  }

  agents() {
    const ref = (ctx: AgentContext): RunRef => ({ runId: ctx.runId, idempotencyKey: ctx.idempotencyKey });
    return {
      strategy_research: (ctx: AgentContext) => this.research(ref(ctx)),
      strategy_backtesting: (ctx: AgentContext) => {
        const p = ctx.parameters;
        if (p['command'] === 'backtest') {
          const periodDays = typeof p['periodDays'] === 'number' ? p['periodDays'] : null;
          return this.backtestCommand({ strategy: String(p['strategy']), symbol: String(p['symbol']), period: String(p['period']), periodDays, params: p }, ref(ctx));
        }
        const top = typeof p['top'] === 'number' ? p['top'] : undefined;
        return this.validateTop(ref(ctx), top === undefined ? {} : { top }, ctx.logger);
      },
      meta_control: (ctx: AgentContext) => this.allocate(ref(ctx), ctx.logger),
    };
  }

  conditions(): Condition[] {
    return [];
  }
}
