/**
 * PortfolioManager: the paper account — cash, positions, orders, fills, the equity curve and the
 * target weights meta_control sets. `portfolio_rebalancing` values the portfolio at the latest
 * closes, plans the trades that bring drifted weights back to their targets (threshold from
 * settings.rebalance) and leaves them as pending orders for the execution task, once per run chain
 * (keys `${idempotencyKey}:${symbol}:${side}`); it also records the day's equity point.
 *
 * Conditions (each over the 24 hours before the instant judged):
 * - `position_count`: open positions.
 * - `pending_orders`: orders waiting for the broker.
 * - `new_trades`: fills in the last 24 h. A window, not an "explained up to" mark, so the
 *   explanation task needs no bookkeeping shared with this component; explaining a fill twice is
 *   harmless (explanations are derived, not state).
 * - `trading_activity`: fills + orders created in the last 24 h.
 * - `low_activity`: true when there was no fill in the last 24 h and no order is pending.
 */
import type { AgentContext } from '../../agents/agent.js';
import type { Condition, ConditionContext } from '../../conditions/condition-registry.js';
import { lastClosedSession, type PlatformComponent, type PlatformContext } from '../core/platform-context.js';
import { type OrderIntent, type PortfolioState, type PortfolioValuation, planRebalance, valuePortfolio } from '../portfolio/index.js';
import { addDays, nextSessionDates, sessionDates } from '../market-data/index.js';
import type { DataManager } from './data-manager.js';
import type { FillRecord, Order, OrderStatus, SettledOrder, Settlement } from './order-book.js';
import { type AccountRecord, type EquityPointRecord, PORTFOLIO_MIGRATIONS, type PositionRecord, PortfolioStore, type TargetSet } from './portfolio-store.js';

const DAY_MS = 86_400_000;

/** Who is acting: the run and its idempotency key (stable across retries and restarts). */
export interface RunRef {
  runId: string | null;
  idempotencyKey: string;
}

export interface RebalanceSummary {
  equity: number;
  /** Null when no targets are set yet. */
  triggered: boolean | null;
  skipped: string | null;
  /** Largest |weight − target| across symbols. */
  maxDrift: number;
  drifts: { symbol: string; weight: number; target: number; drift: number }[];
  ordersCreated: { id: number; symbol: string; side: string; quantity: number }[];
  /** Pending rebalance orders of earlier runs cancelled in favour of this plan. */
  cancelled: number;
  /** Symbols left alone because a stop order on them is pending. */
  blocked: string[];
  /** Symbols a stop closed recently: not bought again until `until` has closed (risk.stop_cooldown_sessions). */
  coolingDown: { symbol: string; stoppedOn: string; until: string; sessionsLeft: number }[];
  snapshot: EquityPointRecord;
}

const round = (x: number, digits = 6): number => Number(x.toFixed(digits));

export class PortfolioManager implements PlatformComponent {
  readonly name = 'PortfolioManager';
  readonly migrations = PORTFOLIO_MIGRATIONS;
  readonly #ctx: PlatformContext;
  readonly #data: DataManager;
  readonly #store: PortfolioStore;

  constructor(ctx: PlatformContext, data: DataManager) {
    this.#ctx = ctx;
    this.#data = data;
    this.#store = new PortfolioStore(ctx.db, ctx.settings.account.initialCash);
  }

  #now(): number {
    return this.#ctx.clock.now();
  }

  /** The portfolio marked at the latest closes; throws naming a held symbol without a price. */
  valuation(): PortfolioValuation {
    const state = this.#store.state(this.#now());
    return valuePortfolio(state, this.#data.latestPrices(Object.keys(state.positions)));
  }

  account(): AccountRecord {
    return this.#store.account(this.#now());
  }

  positions(): PositionRecord[] {
    return this.#store.positions();
  }

  /** Newest first. */
  orders(options: { status?: OrderStatus; limit?: number } = {}): Order[] {
    return this.#store.orders(options.status ?? null, options.limit ?? 1000);
  }

  order(id: number): Order | null {
    return this.#store.order(id);
  }

  /** Oldest first; `since` epoch ms. */
  fills(options: { since?: number; limit?: number } = {}): FillRecord[] {
    return this.#store.fills(options.since ?? 0, options.limit ?? 10_000);
  }

  /** A fill by its trade id (`trd_…`). */
  fill(tradeId: string): FillRecord | null {
    return this.#store.fill(tradeId);
  }

  equityCurve(): EquityPointRecord[] {
    return this.#store.equityCurve();
  }

  targets(): TargetSet {
    return this.#store.targets();
  }

  /** Replaces the target weights (each in [0, 1], summing to at most 1; the rest is cash). */
  setTargets(weights: Readonly<Record<string, number>>, reason: string): TargetSet {
    let total = 0;
    for (const [symbol, w] of Object.entries(weights)) {
      if (!(Number.isFinite(w) && w >= 0 && w <= 1)) throw new RangeError(`target weight of ${symbol} must be in [0, 1], got ${w}`);
      total += w;
    }
    if (total > 1 + 1e-9) throw new RangeError(`target weights sum to ${total}; they must sum to at most 1 (the rest is cash)`);
    this.#store.replaceTargets(weights, reason, this.#now());
    return this.#store.targets();
  }

  /** Pending orders from planners (rebalancing, stop checks), once per run chain. */
  createOrders(intents: readonly OrderIntent[], run: RunRef): Order[] {
    return this.#store.createOrders(intents, { runId: run.runId, key: run.idempotencyKey }, this.#now());
  }

  /** Fills or rejects one pending order in one transaction; null when it was already settled. */
  settle(orderId: number, decide: (order: Order, state: PortfolioState) => Settlement, runId: string | null): SettledOrder | null {
    return this.#store.settle(orderId, decide, runId, this.#now());
  }

  /** Keeps the best price since entry per symbol (for trailing stops). */
  setBestPrices(bestPrices: Readonly<Record<string, number>>): void {
    this.#store.setBestPrices(bestPrices, this.#now());
  }

  /** Records (or replaces) the equity point of the last closed session at the latest closes. */
  recordEquitySnapshot(): EquityPointRecord {
    const now = this.#now();
    const v = this.valuation();
    const point = { date: lastClosedSession(this.#ctx.calendar, now), at: now, cash: v.cash, marketValue: v.marketValue, equity: v.equity };
    this.#store.recordEquity(point);
    return point;
  }

  /** The `portfolio_rebalancing` job; see the header. */
  rebalance(run: RunRef): RebalanceSummary {
    const now = this.#now();
    const { weights } = this.#store.targets();
    const state = this.#store.state(now);
    const symbols = [...new Set([...Object.keys(state.positions), ...Object.keys(weights)])];
    const prices = this.#data.latestPrices(symbols);
    const unpriced = symbols.filter((s) => prices[s] === undefined);
    if (unpriced.length > 0) throw new Error(`cannot rebalance: no price for ${unpriced.join(', ')}; run data_sync (sync) first`);
    const snapshot = this.recordEquitySnapshot();
    const base = { equity: snapshot.equity, cancelled: 0, blocked: [], coolingDown: [], ordersCreated: [], snapshot };
    if (Object.keys(weights).length === 0) {
      return { ...base, triggered: null, skipped: 'no target weights set yet (meta_control sets them)', maxDrift: 0, drifts: [] };
    }
    const { trading, rebalance } = this.#ctx.settings;
    const plan = planRebalance({ state, prices, targets: weights, threshold: { kind: 'absolute', value: rebalance.threshold }, costBps: trading.slippageBps + trading.commissionBps });
    const drifts = plan.drifts.map((d) => ({ symbol: d.symbol, weight: round(d.currentWeight), target: round(d.targetWeight), drift: round(d.drift) }));
    const maxDrift = Math.max(0, ...plan.drifts.map((d) => Math.abs(d.drift)));
    const cancelled = this.#store.cancelStale('rebalance', run.idempotencyKey, `superseded by the rebalance of run ${run.runId ?? run.idempotencyKey}`, now);
    const stopped = new Set(this.orders({ status: 'pending' }).filter((o) => o.kind !== 'rebalance').map((o) => o.symbol));
    const coolingDown = this.#coolingDown(now);
    const cooling = new Set(coolingDown.map((c) => c.symbol));
    const intents = plan.orders.filter((o) => !stopped.has(o.symbol) && !(o.side === 'buy' && cooling.has(o.symbol)));
    const created = this.createOrders(intents, run);
    if (created.length > 0) this.#journalRebalance(run, plan.equity, maxDrift, created, prices);
    return {
      ...base,
      triggered: plan.triggered,
      skipped: null,
      maxDrift: round(maxDrift),
      drifts,
      ordersCreated: created.map((o) => ({ id: o.id, symbol: o.symbol, side: o.side, quantity: o.quantity })),
      cancelled,
      blocked: plan.orders.filter((o) => stopped.has(o.symbol)).map((o) => o.symbol),
      coolingDown,
    };
  }

  /**
   * Symbols whose latest stop exit is too recent to buy again: after a stop, rebalancing would
   * otherwise buy back at the next run what the stop just sold. Counted in sessions closed after
   * the session the stop filled on.
   */
  #coolingDown(now: number): RebalanceSummary['coolingDown'] {
    const sessions = this.#ctx.settings.risk.stopCooldownSessions;
    if (sessions === 0) return [];
    const calendar = this.#ctx.calendar;
    const lastClosed = lastClosedSession(calendar, now);
    const out: RebalanceSummary['coolingDown'] = [];
    for (const exit of this.#store.lastStopExits()) {
      const until = nextSessionDates(calendar, exit.date, sessions).at(-1)!;
      if (lastClosed >= until) continue;
      out.push({ symbol: exit.symbol, stoppedOn: exit.date, until, sessionsLeft: sessionDates(calendar, addDays(lastClosed, 1), until).length });
    }
    return out;
  }

  #journalRebalance(run: RunRef, equity: number, maxDrift: number, created: readonly Order[], prices: Readonly<Record<string, number>>): void {
    const list = created.map((o) => `${o.side} ${o.quantity} ${o.symbol}`).join(', ');
    this.#ctx.journal.append({
      at: this.#now(),
      kind: 'rebalance',
      subject: run.runId ?? run.idempotencyKey,
      symbol: null,
      summary: `Rebalanced a ${equity.toFixed(2)} portfolio whose largest drift was ${(maxDrift * 100).toFixed(2)}% (threshold ${(this.#ctx.settings.rebalance.threshold * 100).toFixed(2)}%): ${list}.`,
      facts: {
        equity,
        maxDrift,
        threshold: this.#ctx.settings.rebalance.threshold,
        orders: created.length,
        turnover: created.reduce((s, o) => s + o.quantity * (prices[o.symbol] ?? 0), 0),
        orderList: created.map((o) => ({ id: o.id, symbol: o.symbol, side: o.side, quantity: o.quantity, reason: o.reason })),
      },
      runId: run.runId,
    });
  }

  /** Activity counts over the 24 hours before `now`. */
  activity(now = this.#now()): { positions: number; pending: number; fills24h: number; orders24h: number } {
    const c = this.#store.counts(now - DAY_MS);
    return { positions: c.positions, pending: c.pending, fills24h: c.fillsSince, orders24h: c.ordersSince };
  }

  agents() {
    return {
      portfolio_rebalancing: (ctx: AgentContext) => {
        const summary = this.rebalance({ runId: ctx.runId, idempotencyKey: ctx.idempotencyKey });
        const cooling = summary.coolingDown.map((c) => `${c.symbol} until ${c.until}`).join(', ');
        ctx.logger.info(
          { equity: summary.equity, orders: summary.ordersCreated.length, coolingDown: summary.coolingDown },
          `rebalance: ${summary.ordersCreated.length} orders${cooling ? `; not buying back after a stop: ${cooling}` : ''}`,
        );
        return summary;
      },
    };
  }

  conditions(): Condition[] {
    const at = (c: ConditionContext) => this.activity(c.now);
    return [
      { name: 'position_count', description: 'open positions of the paper account (e.g. position_count: ">0")', valueKind: 'number', observe: (c) => at(c).positions },
      { name: 'pending_orders', description: 'orders waiting for the broker (e.g. pending_orders: ">0")', valueKind: 'number', observe: (c) => at(c).pending },
      { name: 'new_trades', description: 'fills in the last 24 hours (e.g. new_trades: ">0")', valueKind: 'number', observe: (c) => at(c).fills24h },
      { name: 'trading_activity', description: 'fills plus orders created in the last 24 hours', valueKind: 'number', observe: (c) => at(c).fills24h + at(c).orders24h },
      {
        name: 'low_activity',
        description: 'true when there was no fill in the last 24 hours and no order is pending',
        valueKind: 'boolean',
        observe: (c) => {
          const a = at(c);
          return a.fills24h === 0 && a.pending === 0;
        },
      },
    ];
  }
}
