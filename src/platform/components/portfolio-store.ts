/**
 * The paper account's tables and every SQL statement on them: the account row, positions, orders
 * (with their state machine, see order-book.ts), fills, the equity curve and the target weights.
 * PortfolioManager owns it; ExecutionAgent and RiskManager reach it only through the manager's
 * domain methods. Positions change only by applying a fill (applyFill of the portfolio library) in
 * the transaction that moves the order to `filled`.
 */
import type Database from 'better-sqlite3';
import type { MigrationSet } from '../../store/sqlite/migrations.js';
import { type OrderIntent, type PortfolioState, type Position, applyFill } from '../portfolio/index.js';
import {
  type FillRecord,
  type FillRow,
  type Order,
  type OrderRow,
  type OrderStatus,
  type Settlement,
  type SettledOrder,
  assertTransition,
  toFill,
  toOrder,
  tradeIdOf,
} from './order-book.js';

export const PORTFOLIO_MIGRATIONS: MigrationSet = {
  owner: "the platform's paper portfolio",
  table: 'platform_portfolio_migrations',
  migrations: [
    {
      version: 1,
      name: 'account, positions, orders, fills, equity curve, targets',
      sql: `
        CREATE TABLE portfolio_account (
          id INTEGER PRIMARY KEY CHECK (id = 1), initial_cash REAL NOT NULL, cash REAL NOT NULL,
          realized_pnl REAL NOT NULL, fees REAL NOT NULL, opened_at INTEGER NOT NULL, updated_at INTEGER NOT NULL
        );
        CREATE TABLE portfolio_positions (
          symbol TEXT PRIMARY KEY, quantity REAL NOT NULL, average_cost REAL NOT NULL, best_price REAL,
          opened_at INTEGER NOT NULL, updated_at INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE portfolio_orders (
          id INTEGER PRIMARY KEY, symbol TEXT NOT NULL, side TEXT NOT NULL CHECK (side IN ('buy', 'sell')),
          quantity REAL NOT NULL CHECK (quantity > 0), kind TEXT NOT NULL,
          status TEXT NOT NULL CHECK (status IN ('pending', 'filled', 'rejected', 'cancelled')),
          reason TEXT NOT NULL, status_reason TEXT, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
          run_id TEXT, run_key TEXT, created_by_key TEXT UNIQUE
        );
        CREATE INDEX portfolio_orders_status ON portfolio_orders (status, id);
        CREATE INDEX portfolio_orders_created ON portfolio_orders (created_at);
        CREATE TABLE portfolio_fills (
          id TEXT PRIMARY KEY, order_id INTEGER NOT NULL UNIQUE REFERENCES portfolio_orders (id),
          symbol TEXT NOT NULL, side TEXT NOT NULL, quantity REAL NOT NULL, price REAL NOT NULL,
          reference_price REAL NOT NULL, price_date TEXT NOT NULL, slippage REAL NOT NULL, commission REAL NOT NULL,
          at INTEGER NOT NULL, run_id TEXT
        );
        CREATE INDEX portfolio_fills_at ON portfolio_fills (at);
        CREATE TABLE portfolio_equity_curve (
          date TEXT PRIMARY KEY, at INTEGER NOT NULL, cash REAL NOT NULL, market_value REAL NOT NULL, equity REAL NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE portfolio_targets (
          symbol TEXT PRIMARY KEY, weight REAL NOT NULL, reason TEXT NOT NULL, set_at INTEGER NOT NULL
        ) WITHOUT ROWID;
      `,
    },
  ],
};

export interface AccountRecord {
  initialCash: number;
  cash: number;
  realizedPnl: number;
  fees: number;
  openedAt: number;
}

export interface PositionRecord extends Position {
  /** Best price since entry (highest for a long), kept by the stop checks; null until the first check. */
  bestPrice: number | null;
  openedAt: number;
}

export interface EquityPointRecord {
  date: string;
  at: number;
  cash: number;
  marketValue: number;
  equity: number;
}

export interface TargetSet {
  weights: Record<string, number>;
  reason: string | null;
  setAt: number | null;
}

interface AccountRow {
  initial_cash: number;
  cash: number;
  realized_pnl: number;
  fees: number;
  opened_at: number;
}
interface PositionRow {
  symbol: string;
  quantity: number;
  average_cost: number;
  best_price: number | null;
  opened_at: number;
}

function statements(db: Database.Database) {
  return {
    openAccount: db.prepare('INSERT OR IGNORE INTO portfolio_account (id, initial_cash, cash, realized_pnl, fees, opened_at, updated_at) VALUES (1, ?, ?, 0, 0, ?, ?)'),
    account: db.prepare<[], AccountRow>('SELECT * FROM portfolio_account WHERE id = 1'),
    writeAccount: db.prepare('UPDATE portfolio_account SET cash = ?, realized_pnl = ?, fees = ?, updated_at = ? WHERE id = 1'),
    positions: db.prepare<[], PositionRow>('SELECT * FROM portfolio_positions ORDER BY symbol'),
    position: db.prepare<[string], PositionRow>('SELECT * FROM portfolio_positions WHERE symbol = ?'),
    upsertPosition: db.prepare(
      `INSERT INTO portfolio_positions (symbol, quantity, average_cost, best_price, opened_at, updated_at) VALUES (@symbol, @quantity, @averageCost, @bestPrice, @at, @at)
       ON CONFLICT (symbol) DO UPDATE SET quantity = excluded.quantity, average_cost = excluded.average_cost, best_price = excluded.best_price, updated_at = excluded.updated_at`,
    ),
    deletePosition: db.prepare('DELETE FROM portfolio_positions WHERE symbol = ?'),
    bestPrice: db.prepare('UPDATE portfolio_positions SET best_price = ?, updated_at = ? WHERE symbol = ?'),
    insertOrder: db.prepare(
      `INSERT INTO portfolio_orders (symbol, side, quantity, kind, status, reason, created_at, updated_at, run_id, run_key, created_by_key)
       VALUES (?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?, ?) ON CONFLICT (created_by_key) DO NOTHING`,
    ),
    order: db.prepare<[number], OrderRow>('SELECT * FROM portfolio_orders WHERE id = ?'),
    orders: db.prepare<[{ status: string | null; limit: number }], OrderRow>('SELECT * FROM portfolio_orders WHERE (@status IS NULL OR status = @status) ORDER BY id DESC LIMIT @limit'),
    settleOrder: db.prepare("UPDATE portfolio_orders SET status = ?, status_reason = ?, updated_at = ? WHERE id = ? AND status = 'pending'"),
    cancelStale: db.prepare<[string, number, string, string]>(
      "UPDATE portfolio_orders SET status = 'cancelled', status_reason = ?, updated_at = ? WHERE status = 'pending' AND kind = ? AND run_key IS NOT ?",
    ),
    insertFill: db.prepare(
      `INSERT INTO portfolio_fills (id, order_id, symbol, side, quantity, price, reference_price, price_date, slippage, commission, at, run_id)
       VALUES (@tradeId, @orderId, @symbol, @side, @quantity, @price, @referencePrice, @priceDate, @slippage, @commission, @at, @runId)`,
    ),
    fills: db.prepare<[number, number], FillRow>('SELECT * FROM portfolio_fills WHERE at >= ? ORDER BY at, order_id LIMIT ?'),
    fill: db.prepare<[string], FillRow>('SELECT * FROM portfolio_fills WHERE id = ?'),
    lastStopExits: db.prepare<[], { symbol: string; price_date: string }>(
      `SELECT f.symbol, MAX(f.price_date) AS price_date FROM portfolio_fills f JOIN portfolio_orders o ON o.id = f.order_id
       WHERE o.kind IN ('stop_loss', 'trailing_stop') GROUP BY f.symbol ORDER BY f.symbol`,
    ),
    count: {
      positions: db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM portfolio_positions'),
      pending: db.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM portfolio_orders WHERE status = 'pending'"),
      fillsSince: db.prepare<[number], { n: number }>('SELECT COUNT(*) AS n FROM portfolio_fills WHERE at >= ?'),
      ordersSince: db.prepare<[number], { n: number }>('SELECT COUNT(*) AS n FROM portfolio_orders WHERE created_at >= ?'),
    },
    upsertEquity: db.prepare(
      `INSERT INTO portfolio_equity_curve (date, at, cash, market_value, equity) VALUES (@date, @at, @cash, @marketValue, @equity)
       ON CONFLICT (date) DO UPDATE SET at = excluded.at, cash = excluded.cash, market_value = excluded.market_value, equity = excluded.equity`,
    ),
    equityCurve: db.prepare<[], { date: string; at: number; cash: number; market_value: number; equity: number }>('SELECT * FROM portfolio_equity_curve ORDER BY date'),
    targets: db.prepare<[], { symbol: string; weight: number; reason: string; set_at: number }>('SELECT * FROM portfolio_targets ORDER BY symbol'),
    clearTargets: db.prepare('DELETE FROM portfolio_targets'),
    insertTarget: db.prepare('INSERT INTO portfolio_targets (symbol, weight, reason, set_at) VALUES (?, ?, ?, ?)'),
  };
}

export class PortfolioStore {
  readonly #db: Database.Database;
  readonly #initialCash: number;
  #sql: ReturnType<typeof statements> | null = null;

  constructor(db: Database.Database, initialCash: number) {
    this.#db = db;
    this.#initialCash = initialCash;
  }

  /** Prepared lazily: the tables exist only once the platform has applied the migrations. */
  get #q(): ReturnType<typeof statements> {
    this.#sql ??= statements(this.#db);
    return this.#sql;
  }

  /** The account; opened with the configured initial cash on first use. */
  account(now: number): AccountRecord {
    let row = this.#q.account.get();
    if (row === undefined) {
      this.#q.openAccount.run(this.#initialCash, this.#initialCash, now, now);
      row = this.#q.account.get() as AccountRow;
    }
    return { initialCash: row.initial_cash, cash: row.cash, realizedPnl: row.realized_pnl, fees: row.fees, openedAt: row.opened_at };
  }

  positions(): PositionRecord[] {
    return this.#q.positions.all().map((r) => ({ symbol: r.symbol, quantity: r.quantity, averageCost: r.average_cost, bestPrice: r.best_price, openedAt: r.opened_at }));
  }

  state(now: number): PortfolioState {
    const account = this.account(now);
    const positions: Record<string, Position> = {};
    for (const p of this.positions()) positions[p.symbol] = { symbol: p.symbol, quantity: p.quantity, averageCost: p.averageCost };
    return { cash: account.cash, positions, realizedPnl: account.realizedPnl, fees: account.fees };
  }

  order(id: number): Order | null {
    const row = this.#q.order.get(id);
    return row === undefined ? null : toOrder(row);
  }

  /** Newest first. */
  orders(status: OrderStatus | null, limit: number): Order[] {
    return this.#q.orders.all({ status, limit }).map(toOrder);
  }

  /** Oldest first. */
  fills(sinceAt: number, limit: number): FillRecord[] {
    return this.#q.fills.all(sinceAt, limit).map(toFill);
  }

  fill(tradeId: string): FillRecord | null {
    const row = this.#q.fill.get(tradeId);
    return row === undefined ? null : toFill(row);
  }

  /**
   * Creates a pending order per intent keyed `${key}:${symbol}:${side}`; an intent whose key exists
   * (a retried or restarted run) is not created again. Returns the orders created now.
   */
  createOrders(intents: readonly OrderIntent[], run: { runId: string | null; key: string }, now: number): Order[] {
    return this.#db.transaction(() => {
      const created: Order[] = [];
      for (const i of intents) {
        const info = this.#q.insertOrder.run(i.symbol, i.side, i.quantity, i.kind, i.reason, now, now, run.runId, run.key, `${run.key}:${i.symbol}:${i.side}`);
        if (info.changes === 1) created.push(this.order(Number(info.lastInsertRowid)) as Order);
      }
      return created;
    })();
  }

  /** Per symbol, the session date of its latest fill by a stop-loss or trailing-stop order. */
  lastStopExits(): { symbol: string; date: string }[] {
    return this.#q.lastStopExits.all().map((row) => ({ symbol: row.symbol, date: row.price_date }));
  }

  /** Cancels the pending orders of `kind` made by other run chains than `key`. */
  cancelStale(kind: string, key: string, reason: string, now: number): number {
    return this.#q.cancelStale.run(reason, now, kind, key).changes;
  }

  /**
   * Settles one pending order in one transaction: `decide` sees the order and the account as they
   * are inside it, then the order is filled (fill row, position and cash through applyFill) or
   * rejected. Null when the order is no longer pending (settled by an earlier attempt).
   */
  settle(orderId: number, decide: (order: Order, state: PortfolioState) => Settlement, runId: string | null, now: number): SettledOrder | null {
    return this.#db.transaction((): SettledOrder | null => {
      const order = this.order(orderId);
      if (order === null) throw new Error(`order ${orderId} does not exist`);
      if (order.status !== 'pending') return null;
      const settlement = decide(order, this.state(now));
      if (settlement.kind === 'reject') {
        assertTransition(orderId, order.status, 'rejected');
        this.#q.settleOrder.run('rejected', settlement.reason, now, orderId);
        return { kind: 'rejected', order: { ...order, status: 'rejected', statusReason: settlement.reason, updatedAt: now }, reason: settlement.reason };
      }
      assertTransition(orderId, order.status, 'filled');
      if (this.#q.settleOrder.run('filled', null, now, orderId).changes !== 1) return null;
      const fill: FillRecord = {
        tradeId: tradeIdOf(orderId, settlement.priceDate),
        orderId,
        symbol: order.symbol,
        side: order.side,
        quantity: order.quantity,
        price: settlement.price,
        referencePrice: settlement.referencePrice,
        priceDate: settlement.priceDate,
        slippage: order.quantity * Math.abs(settlement.price - settlement.referencePrice),
        commission: settlement.commission,
        at: now,
        runId,
      };
      this.#q.insertFill.run(fill);
      const realizedPnl = this.#applyFill(fill, now);
      return { kind: 'filled', order: { ...order, status: 'filled', updatedAt: now }, fill, realizedPnl };
    })();
  }

  /** Writes the account and position after the fill; returns the P&L it realized. */
  #applyFill(fill: FillRecord, now: number): number {
    const before = this.#q.position.get(fill.symbol);
    const state = this.state(now);
    const next = applyFill(state, { symbol: fill.symbol, side: fill.side, quantity: fill.quantity, price: fill.price, fee: fill.commission });
    this.#q.writeAccount.run(next.cash, next.realizedPnl, next.fees, now);
    const position = next.positions[fill.symbol];
    const realized = next.realizedPnl - state.realizedPnl;
    if (position === undefined) {
      this.#q.deletePosition.run(fill.symbol);
      return realized;
    }
    // Same side as before: the best price since entry still holds. New or flipped: it restarts.
    const sameSide = before !== undefined && Math.sign(before.quantity) === Math.sign(position.quantity);
    this.#q.upsertPosition.run({ symbol: fill.symbol, quantity: position.quantity, averageCost: position.averageCost, bestPrice: sameSide ? before.best_price : null, at: now });
    return realized;
  }

  setBestPrices(bestPrices: Readonly<Record<string, number>>, now: number): void {
    this.#db.transaction(() => {
      for (const [symbol, price] of Object.entries(bestPrices)) this.#q.bestPrice.run(price, now, symbol);
    })();
  }

  counts(since: number): { positions: number; pending: number; fillsSince: number; ordersSince: number } {
    const q = this.#q.count;
    return { positions: q.positions.get()!.n, pending: q.pending.get()!.n, fillsSince: q.fillsSince.get(since)!.n, ordersSince: q.ordersSince.get(since)!.n };
  }

  recordEquity(point: EquityPointRecord): void {
    this.#q.upsertEquity.run(point);
  }

  equityCurve(): EquityPointRecord[] {
    return this.#q.equityCurve.all().map((r) => ({ date: r.date, at: r.at, cash: r.cash, marketValue: r.market_value, equity: r.equity }));
  }

  targets(): TargetSet {
    const rows = this.#q.targets.all();
    const weights: Record<string, number> = {};
    for (const r of rows) weights[r.symbol] = r.weight;
    return { weights, reason: rows[0]?.reason ?? null, setAt: rows[0]?.set_at ?? null };
  }

  /** Replaces the whole target set. */
  replaceTargets(weights: Readonly<Record<string, number>>, reason: string, now: number): void {
    this.#db.transaction(() => {
      this.#q.clearTargets.run();
      for (const [symbol, weight] of Object.entries(weights)) this.#q.insertTarget.run(symbol, weight, reason, now);
    })();
  }
}
