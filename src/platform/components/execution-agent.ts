/**
 * ExecutionAgent: the paper broker. The `execution` task (and the `execute` command) settles every
 * pending order, sells first so their proceeds pay for the buys, each in ONE transaction: the
 * order goes pending → filled (conditional UPDATE), its fill row is written (UNIQUE order_id), the
 * position and cash move (applyFill) and the `trade` journal entry is appended — or the order goes
 * pending → rejected with the reason and an `order` journal entry. A retried or restarted run
 * finds the orders already settled and leaves them alone, so no order is ever filled twice.
 *
 * Price model (`paperFill`): the reference is the symbol's latest close; slippage is adverse —
 * buys at close × (1 + slippageBps / 10 000), sells at close × (1 − slippageBps / 10 000);
 * commission = quantity × fill price × commissionBps / 10 000 + commissionPerTrade. The account
 * is long-only and never borrows: a buy whose cost (commission included) is above the cash, or a
 * sell of more shares than held, is rejected.
 */
import type { AgentContext } from '../../agents/agent.js';
import type { Condition } from '../../conditions/condition-registry.js';
import type { MigrationSet } from '../../store/sqlite/migrations.js';
import type { PlatformComponent, PlatformContext } from '../core/platform-context.js';
import type { PlatformSettings } from '../core/platform-settings.js';
import type { PortfolioState } from '../portfolio/index.js';
import type { DataManager } from './data-manager.js';
import type { Order, SettledOrder, Settlement } from './order-book.js';
import type { PortfolioManager } from './portfolio-manager.js';

export interface ExecutionSummary {
  /** Pending orders found when the run started. */
  pending: number;
  filled: number;
  rejected: number;
  /** Orders settled meanwhile by another attempt (a retry that finds work done). */
  alreadySettled: number;
  /** Σ quantity × fill price. */
  notional: number;
  commission: number;
  /** Σ quantity × |fill price − close|. */
  slippage: number;
  cash: number;
  equity: number;
  fills: { tradeId: string; symbol: string; side: string; quantity: number; price: number }[];
  rejections: { orderId: number; symbol: string; reason: string }[];
}

const money = (x: number): string => x.toFixed(2);

/** The broker's decision for one order given the reference bar and the account; pure. */
export function paperFill(order: Order, state: PortfolioState, reference: { date: string; close: number } | null, trading: PlatformSettings['trading']): Settlement {
  if (reference === null) return { kind: 'reject', reason: `no price for ${order.symbol}: it has no bars (run sync ${order.symbol})` };
  const slip = trading.slippageBps / 10_000;
  const price = order.side === 'buy' ? reference.close * (1 + slip) : reference.close * (1 - slip);
  const commission = order.quantity * price * (trading.commissionBps / 10_000) + trading.commissionPerTrade;
  if (order.side === 'buy') {
    const cost = order.quantity * price + commission;
    if (cost > state.cash + 1e-9) {
      return { kind: 'reject', reason: `buy of ${order.quantity} ${order.symbol} at ${money(price)} costs ${money(cost)} with commission, but the cash is ${money(state.cash)}` };
    }
  } else {
    const held = state.positions[order.symbol]?.quantity ?? 0;
    if (order.quantity > held + 1e-9) {
      return { kind: 'reject', reason: `sell of ${order.quantity} ${order.symbol} exceeds the ${held} shares held; the paper account is long-only` };
    }
  }
  return { kind: 'fill', price, referencePrice: reference.close, priceDate: reference.date, commission };
}

export class ExecutionAgent implements PlatformComponent {
  readonly name = 'ExecutionAgent';
  /** Its state is the portfolio's orders and fills; it has no tables of its own. */
  readonly migrations: MigrationSet = { owner: "the platform's execution agent", table: 'platform_execution_migrations', migrations: [] };
  readonly #ctx: PlatformContext;
  readonly #data: DataManager;
  readonly #portfolio: PortfolioManager;

  constructor(ctx: PlatformContext, data: DataManager, portfolio: PortfolioManager) {
    this.#ctx = ctx;
    this.#data = data;
    this.#portfolio = portfolio;
  }

  /**
   * Settles every pending order. `signal` is checked between orders: an abort leaves the orders
   * settled so far settled and the rest pending for the next attempt.
   */
  execute(run: { runId: string | null; signal?: AbortSignal; progress?: (fraction: number, message?: string) => void }): ExecutionSummary {
    const pending = this.#portfolio
      .orders({ status: 'pending' })
      .sort((a, b) => (a.side === b.side ? a.id - b.id : a.side === 'sell' ? -1 : 1));
    const summary: ExecutionSummary = { pending: pending.length, filled: 0, rejected: 0, alreadySettled: 0, notional: 0, commission: 0, slippage: 0, cash: 0, equity: 0, fills: [], rejections: [] };
    pending.forEach((order, i) => {
      run.signal?.throwIfAborted();
      const settled = this.#settleOne(order, run.runId);
      this.#count(summary, settled);
      run.progress?.((i + 1) / pending.length, `${i + 1}/${pending.length} orders settled`);
    });
    if (summary.filled > 0 || pending.length === 0) {
      const point = this.#portfolio.recordEquitySnapshot();
      summary.cash = point.cash;
      summary.equity = point.equity;
    } else {
      const v = this.#portfolio.valuation();
      summary.cash = v.cash;
      summary.equity = v.equity;
    }
    return summary;
  }

  #settleOne(order: Order, runId: string | null): SettledOrder | null {
    const bar = this.#data.bars(order.symbol, 1)[0] ?? null;
    const trading = this.#ctx.settings.trading;
    // The journal entry commits with the fill: a crash cannot leave a fill without its explanation.
    return this.#ctx.db.transaction(() => {
      const settled = this.#portfolio.settle(order.id, (o, state) => paperFill(o, state, bar, trading), runId);
      if (settled !== null) this.#journal(settled, runId);
      return settled;
    }).immediate();
  }

  #count(summary: ExecutionSummary, settled: SettledOrder | null): void {
    if (settled === null) {
      summary.alreadySettled++;
      return;
    }
    if (settled.kind === 'rejected') {
      summary.rejected++;
      summary.rejections.push({ orderId: settled.order.id, symbol: settled.order.symbol, reason: settled.reason });
      return;
    }
    const f = settled.fill;
    summary.filled++;
    summary.notional += f.quantity * f.price;
    summary.commission += f.commission;
    summary.slippage += f.slippage;
    summary.fills.push({ tradeId: f.tradeId, symbol: f.symbol, side: f.side, quantity: f.quantity, price: f.price });
  }

  #journal(settled: SettledOrder, runId: string | null): void {
    const at = this.#ctx.clock.now();
    const { order } = settled;
    if (settled.kind === 'rejected') {
      this.#ctx.journal.append({
        at,
        kind: 'order',
        subject: `order_${order.id}`,
        symbol: order.symbol,
        summary: `Rejected the ${order.kind} order to ${order.side} ${order.quantity} ${order.symbol}: ${settled.reason}.`,
        facts: { orderId: order.id, side: order.side, quantity: order.quantity, reason: order.kind, status: 'rejected', rejection: settled.reason, orderReason: order.reason },
        runId,
      });
      return;
    }
    const f = settled.fill;
    const slippageBps = this.#ctx.settings.trading.slippageBps;
    this.#ctx.journal.append({
      at,
      kind: 'trade',
      subject: f.tradeId,
      symbol: f.symbol,
      summary: `${f.side === 'buy' ? 'Bought' : 'Sold'} ${f.quantity} ${f.symbol} at ${money(f.price)} (close ${money(f.referencePrice)} on ${f.priceDate}, ${slippageBps} bps slippage, commission ${money(f.commission)}) because ${order.reason}.`,
      facts: {
        tradeId: f.tradeId,
        orderId: order.id,
        side: f.side,
        quantity: f.quantity,
        price: f.price,
        referencePrice: f.referencePrice,
        priceDate: f.priceDate,
        slippageBps,
        slippageCost: f.slippage,
        commission: f.commission,
        notional: f.quantity * f.price,
        realizedPnl: settled.realizedPnl,
        // The explainer phrases the order's kind ('rebalance', 'stop_loss', …); the planner's sentence follows.
        reason: order.kind,
        orderReason: order.reason,
      },
      runId,
    });
  }

  agents() {
    return {
      execution: (ctx: AgentContext) => {
        const summary = this.execute({ runId: ctx.runId, signal: ctx.signal, progress: (f, m) => ctx.progress(f, m) });
        ctx.logger.info({ filled: summary.filled, rejected: summary.rejected }, `execution: ${summary.filled} filled, ${summary.rejected} rejected`);
        return summary;
      },
    };
  }

  conditions(): Condition[] {
    return [];
  }
}
