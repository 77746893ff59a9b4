/**
 * RiskManager: the paper account's risk, measured each `risk_management` run and kept as a
 * snapshot — historical VaR and CVaR at 95 % and 99 % (one session, from the last year of daily
 * returns aligned by date), drawdown of the equity curve, the correlation matrix, exposure and the
 * limits of settings.risk. Stop checks (fixed stop-loss and trailing stop) update each position's
 * best price and, in a scheduled run, leave a closing sell as a pending order (kind stop_loss or
 * trailing_stop, once per run chain and never while one is already pending for the symbol), each
 * journalled as a `risk_action`; limit breaches are journalled too.
 *
 * The basis of the VaR: the positions held; with no position (or for `risk SYMBOL…`), an
 * equal-weight basket of the universe (or of the symbols asked for) at the account's equity, so a
 * new account still gets meaningful numbers. The `risk` command only measures: it reports the stops
 * that would trigger but creates no orders.
 */
import type { AgentContext } from '../../agents/agent.js';
import type { Condition } from '../../conditions/condition-registry.js';
import type { MigrationSet } from '../../store/sqlite/migrations.js';
import { lastClosedSession, type PlatformComponent, type PlatformContext } from '../core/platform-context.js';
import {
  type LimitBreach,
  type MarkedPortfolio,
  VAR_CONFIDENCE_LEVELS,
  checkLimits,
  checkStops,
  correlationMatrix,
  drawdownSeries,
  exposureReport,
  historicalTailRisk,
  maxDrawdown,
  portfolioVaR,
  sampleStdDev,
} from '../risk/index.js';
import type { DataManager } from './data-manager.js';
import type { PortfolioManager, RunRef } from './portfolio-manager.js';

const MIGRATIONS: MigrationSet = {
  owner: "the platform's risk manager",
  table: 'platform_risk_migrations',
  migrations: [
    {
      version: 1,
      name: 'risk snapshots',
      sql: `
        CREATE TABLE risk_snapshots (
          id INTEGER PRIMARY KEY, at INTEGER NOT NULL, date TEXT NOT NULL, run_id TEXT, run_key TEXT UNIQUE,
          basis TEXT NOT NULL, equity REAL NOT NULL, positions INTEGER NOT NULL,
          var95 REAL NOT NULL, cvar95 REAL NOT NULL, var99 REAL NOT NULL, cvar99 REAL NOT NULL,
          max_drawdown REAL, current_drawdown REAL, gross_exposure REAL NOT NULL, net_exposure REAL NOT NULL,
          breaches INTEGER NOT NULL, stop_orders INTEGER NOT NULL, details TEXT NOT NULL
        );
      `,
    },
  ],
};

/** Sessions of returns the VaR and correlations use: one trading year, or the analysed history when shorter. */
const WINDOW = 252;
/** Fewer aligned returns than this make a tail quantile meaningless. */
const MIN_RETURNS = 20;

export interface RiskSnapshot {
  id: number;
  at: number;
  date: string;
  runId: string | null;
  basis: 'portfolio' | 'equal_weight';
  equity: number;
  positions: number;
  /** Loss fractions of equity over one session, and the same in cash. */
  var: Record<'95' | '99', { var: number; cvar: number; varAmount: number; cvarAmount: number }>;
  observations: number;
  perSymbol: Record<string, { var95: number; cvar95: number; var99: number; cvar99: number; volatility: number }>;
  correlation: { symbols: string[]; matrix: (number | null)[][]; average: number | null };
  exposure: { long: number; short: number; gross: number; net: number; effectivePositions: number | null };
  drawdown: { max: number; current: number; peakDate: string | null; troughDate: string | null } | null;
  breaches: { kind: string; symbol: string | null; value: number; limit: number; message: string }[];
  stops: { triggered: { symbol: string; kind: string; quantity: number; reason: string }[]; ordersCreated: number[] };
}

const r6 = (x: number): number => Number(x.toFixed(6));

export class RiskManager implements PlatformComponent {
  readonly name = 'RiskManager';
  readonly migrations = MIGRATIONS;
  readonly #ctx: PlatformContext;
  readonly #data: DataManager;
  readonly #portfolio: PortfolioManager;

  constructor(ctx: PlatformContext, data: DataManager, portfolio: PortfolioManager) {
    this.#ctx = ctx;
    this.#data = data;
    this.#portfolio = portfolio;
  }

  /**
   * Measures the risk and stores the snapshot. `act` (a scheduled run): stop orders are created
   * and actions journalled; without it nothing but the snapshot and the best prices changes.
   */
  assess(options: { symbols?: readonly string[]; run?: RunRef | null; act?: boolean } = {}): RiskSnapshot {
    const now = this.#ctx.clock.now();
    const valuation = this.#portfolio.valuation();
    const held = valuation.positions.map((p) => p.symbol);
    const requested = options.symbols ?? [];
    const universe = requested.length > 0 ? [...requested] : held.length > 0 ? held : [...this.#ctx.settings.symbols];
    const basis = requested.length === 0 && held.length > 0 ? 'portfolio' : 'equal_weight';
    const returns = this.#alignedReturns([...new Set([...universe, ...held])]);
    const marked: MarkedPortfolio =
      basis === 'portfolio' ? valuation : { equity: valuation.equity, positions: universe.map((symbol) => ({ symbol, marketValue: valuation.equity / universe.length })) };
    const pv = portfolioVaR(marked, returns);
    const levels = Object.fromEntries(
      pv.levels.map((l) => [String(Math.round(l.confidence * 100)), { var: l.valueAtRisk, cvar: l.conditionalVaR, varAmount: l.valueAtRiskAmount, cvarAmount: l.conditionalVaRAmount }]),
    ) as RiskSnapshot['var'];
    const exposure = exposureReport(valuation);
    const { maxWeightPerSymbol, maxGrossExposure } = this.#ctx.settings.risk;
    const breaches = checkLimits(exposure, held.length, { maxWeightPerSymbol, maxGrossExposure });
    const stops = this.#checkStops(options.act === true ? (options.run ?? null) : null, options.act === true);
    const snapshot: Omit<RiskSnapshot, 'id'> = {
      at: now,
      date: lastClosedSession(this.#ctx.calendar, now),
      runId: options.run?.runId ?? null,
      basis,
      equity: valuation.equity,
      positions: held.length,
      var: levels,
      observations: pv.returns.length,
      perSymbol: this.#perSymbol(universe, returns),
      correlation: this.#correlation(universe, returns),
      exposure: { long: r6(exposure.long), short: r6(exposure.short), gross: r6(exposure.gross), net: r6(exposure.net), effectivePositions: exposure.effectivePositions },
      drawdown: this.#drawdown(),
      breaches: breaches.map((b) => ({ ...b, value: r6(b.value) })),
      stops,
    };
    if (options.act === true && breaches.length > 0) this.#journalBreaches(breaches, options.run ?? null, now);
    return this.#store(snapshot, options.run ?? null);
  }

  /** Daily returns of the last year on the dates every symbol has. */
  #alignedReturns(symbols: readonly string[]): Record<string, number[]> {
    const window = Math.min(WINDOW, this.#ctx.settings.historySessions);
    const bars = symbols.map((s) => ({ symbol: s, bars: this.#data.bars(s, window + 1) }));
    const missing = bars.filter((b) => b.bars.length === 0).map((b) => b.symbol);
    if (missing.length > 0) throw new Error(`no bars for ${missing.join(', ')}: run sync ${missing.join(' ')} first`);
    let dates = new Set(bars[0]?.bars.map((b) => b.date) ?? []);
    for (const b of bars) dates = new Set(b.bars.map((x) => x.date).filter((d) => dates.has(d)));
    if (dates.size < MIN_RETURNS + 1) throw new Error(`risk needs at least ${MIN_RETURNS + 1} sessions shared by ${symbols.join(', ')}, found ${dates.size}`);
    const out: Record<string, number[]> = {};
    for (const b of bars) {
      const closes = b.bars.filter((x) => dates.has(x.date)).map((x) => x.close);
      out[b.symbol] = closes.slice(1).map((c, i) => c / (closes[i] as number) - 1);
    }
    return out;
  }

  #perSymbol(symbols: readonly string[], returns: Record<string, number[]>): RiskSnapshot['perSymbol'] {
    const out: RiskSnapshot['perSymbol'] = {};
    for (const s of symbols) {
      const series = returns[s] as number[];
      const [t95, t99] = VAR_CONFIDENCE_LEVELS.map((c) => historicalTailRisk(series, c));
      out[s] = { var95: r6(t95!.valueAtRisk), cvar95: r6(t95!.conditionalVaR), var99: r6(t99!.valueAtRisk), cvar99: r6(t99!.conditionalVaR), volatility: r6(sampleStdDev(series) * Math.sqrt(252)) };
    }
    return out;
  }

  #correlation(symbols: readonly string[], returns: Record<string, number[]>): RiskSnapshot['correlation'] {
    const m = correlationMatrix(Object.fromEntries(symbols.map((s) => [s, returns[s] as number[]])));
    const off = m.matrix.flatMap((row, i) => row.filter((v, j) => j > i && v !== null) as number[]);
    return { symbols: m.symbols, matrix: m.matrix.map((row) => row.map((v) => (v === null ? null : Number(v.toFixed(4))))), average: off.length === 0 ? null : r6(off.reduce((a, b) => a + b, 0) / off.length) };
  }

  #drawdown(): RiskSnapshot['drawdown'] {
    const curve = this.#portfolio.equityCurve().filter((p) => p.equity > 0).map((p) => ({ date: p.date, equity: p.equity }));
    if (curve.length === 0) return null;
    const dd = maxDrawdown(curve);
    return { max: r6(dd.maxDrawdown), current: r6(drawdownSeries(curve).at(-1)?.drawdown ?? 0), peakDate: dd.peakDate, troughDate: dd.troughDate };
  }

  #checkStops(run: RunRef | null, act: boolean): RiskSnapshot['stops'] {
    const positions = this.#portfolio.positions();
    if (positions.length === 0) return { triggered: [], ordersCreated: [] };
    const prices = this.#data.latestPrices(positions.map((p) => p.symbol));
    const { stopLossPct, trailingStopPct } = this.#ctx.settings.risk;
    const check = checkStops(positions.map((p) => ({ ...p, bestPrice: p.bestPrice ?? undefined })), prices, { stopLossPct, trailingStopPct });
    this.#portfolio.setBestPrices(check.bestPrices);
    const triggered = check.intents.map((i) => ({ symbol: i.symbol, kind: i.kind, quantity: i.quantity, reason: i.reason }));
    if (!act || run === null) return { triggered, ordersCreated: [] };
    const guarded = new Set(this.#portfolio.orders({ status: 'pending' }).filter((o) => o.kind === 'stop_loss' || o.kind === 'trailing_stop').map((o) => o.symbol));
    const created = this.#portfolio.createOrders(check.intents.filter((i) => !guarded.has(i.symbol)), run);
    for (const order of created) {
      const p = positions.find((x) => x.symbol === order.symbol);
      const best = check.bestPrices[order.symbol];
      const level = order.kind === 'stop_loss' ? (p?.averageCost ?? 0) * (1 - stopLossPct) : (best ?? 0) * (1 - trailingStopPct);
      this.#ctx.journal.append({
        at: this.#ctx.clock.now(),
        kind: 'risk_action',
        subject: `order_${order.id}`,
        symbol: order.symbol,
        summary: `Placed a ${order.kind.replace('_', ' ')} order to ${order.side} ${order.quantity} ${order.symbol}: ${order.reason}.`,
        facts: {
          action: order.kind,
          metric: 'price',
          value: prices[order.symbol],
          limit: level,
          orderId: order.id,
          side: order.side,
          quantity: order.quantity,
          averageCost: p?.averageCost,
          bestPrice: best,
          stopLossPct,
          trailingStopPct,
        },
        runId: run.runId,
      });
    }
    return { triggered, ordersCreated: created.map((o) => o.id) };
  }

  #journalBreaches(breaches: readonly LimitBreach[], run: RunRef | null, now: number): void {
    const subject = `limits:${run?.idempotencyKey ?? now}`;
    if (this.#ctx.journal.latest({ kinds: ['risk_action'], subject, limit: 1 }).length > 0) return;
    this.#ctx.journal.append({
      at: now,
      kind: 'risk_action',
      subject,
      symbol: breaches.length === 1 ? breaches[0]!.symbol : null,
      summary: `Limit breach${breaches.length > 1 ? 'es' : ''}: ${breaches.map((b) => b.message).join('; ')}.`,
      // The first (largest) breach leads the explanation; all are listed.
      facts: { action: 'limit_breach', metric: breaches[0]!.kind, value: breaches[0]!.value, limit: breaches[0]!.limit, breaches: breaches.map((b) => ({ kind: b.kind, symbol: b.symbol, value: b.value, limit: b.limit })) },
      runId: run?.runId ?? null,
    });
  }

  #store(s: Omit<RiskSnapshot, 'id'>, run: RunRef | null): RiskSnapshot {
    const details = JSON.stringify({ var: s.var, observations: s.observations, perSymbol: s.perSymbol, correlation: s.correlation, exposure: s.exposure, drawdown: s.drawdown, breaches: s.breaches, stops: s.stops });
    const row = this.#ctx.db
      .prepare<unknown[], { id: number }>(
        `INSERT INTO risk_snapshots (at, date, run_id, run_key, basis, equity, positions, var95, cvar95, var99, cvar99, max_drawdown, current_drawdown, gross_exposure, net_exposure, breaches, stop_orders, details)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (run_key) DO UPDATE SET at = excluded.at, date = excluded.date, basis = excluded.basis, equity = excluded.equity, positions = excluded.positions,
           var95 = excluded.var95, cvar95 = excluded.cvar95, var99 = excluded.var99, cvar99 = excluded.cvar99, max_drawdown = excluded.max_drawdown,
           current_drawdown = excluded.current_drawdown, gross_exposure = excluded.gross_exposure, net_exposure = excluded.net_exposure,
           breaches = excluded.breaches, stop_orders = stop_orders + excluded.stop_orders, details = excluded.details
         RETURNING id`,
      )
      .get(s.at, s.date, s.runId, run?.idempotencyKey ?? null, s.basis, s.equity, s.positions, s.var['95'].var, s.var['95'].cvar, s.var['99'].var, s.var['99'].cvar,
        s.drawdown?.max ?? null, s.drawdown?.current ?? null, s.exposure.gross, s.exposure.net, s.breaches.length, s.stops.ordersCreated.length, details) as { id: number };
    return { id: row.id, ...s };
  }

  /** Stored snapshots, newest first. */
  snapshots(limit = 50): { id: number; at: number; date: string; runId: string | null; basis: string; equity: number; var95: number; cvar95: number; var99: number; cvar99: number; maxDrawdown: number | null; grossExposure: number; breaches: number; stopOrders: number }[] {
    return this.#ctx.db
      .prepare<[number], { id: number; at: number; date: string; run_id: string | null; basis: string; equity: number; var95: number; cvar95: number; var99: number; cvar99: number; max_drawdown: number | null; gross_exposure: number; breaches: number; stop_orders: number }>(
        'SELECT * FROM risk_snapshots ORDER BY id DESC LIMIT ?',
      )
      .all(limit)
      .map((r) => ({ id: r.id, at: r.at, date: r.date, runId: r.run_id, basis: r.basis, equity: r.equity, var95: r.var95, cvar95: r.cvar95, var99: r.var99, cvar99: r.cvar99, maxDrawdown: r.max_drawdown, grossExposure: r.gross_exposure, breaches: r.breaches, stopOrders: r.stop_orders }));
  }

  agents() {
    return {
      risk_management: (ctx: AgentContext) => {
        const command = ctx.parameters['command'];
        const requested = ctx.parameters['symbols'];
        const symbols = Array.isArray(requested) ? requested.map(String) : [];
        const run = { runId: ctx.runId, idempotencyKey: ctx.idempotencyKey };
        const snapshot = this.assess({ symbols, run, act: command === undefined });
        ctx.logger.info({ var95: snapshot.var['95'].var, breaches: snapshot.breaches.length }, `risk: VaR95 ${(snapshot.var['95'].var * 100).toFixed(2)}%`);
        return snapshot;
      },
    };
  }

  conditions(): Condition[] {
    return [];
  }
}
