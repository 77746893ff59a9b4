/**
 * The portfolio ledger: cash and positions, changed only by applying fills. Pure and immutable —
 * `applyFill` returns a new state — so a state can be stored, compared and replayed.
 *
 * Accounting (average-cost method):
 * - A fill that opens or adds to a position moves its average cost to the quantity-weighted mean
 *   of the old cost and the fill price.
 * - A fill against the position realizes (fill price − average cost) × closed quantity (the sign
 *   flipped for shorts); a partial reduction keeps the average cost.
 * - A fill larger than the position closes it and opens the remainder on the other side at the
 *   fill price (a flip through zero). A flat position is removed.
 * - Cash moves by −quantity × price for a buy, +quantity × price for a sell, and −fee for either.
 *   `realizedPnl` is gross of fees; fees accumulate in `fees`. So at any prices:
 *   equity = initialCash + realizedPnl + unrealizedPnl − fees.
 * - The ledger records, it does not police: cash may go negative and positions may be short.
 *   Keeping within cash is the job of the planners (rebalancing, the backtest engine).
 */
import type { OrderSide } from './order-intent.js';

export interface Position {
  symbol: string;
  /** Shares held; negative for a short position, never 0 (flat positions are removed). */
  quantity: number;
  /** Average entry price of the shares held (positive). */
  averageCost: number;
}

export interface PortfolioState {
  cash: number;
  /** Open positions keyed by symbol. */
  positions: Readonly<Record<string, Position>>;
  /** Profit and loss realized by closing fills, gross of fees, since the portfolio was created. */
  realizedPnl: number;
  /** Fees paid since the portfolio was created. */
  fees: number;
}

export interface Fill {
  symbol: string;
  side: OrderSide;
  /** Shares filled, > 0 (fractional shares are allowed in the ledger). */
  quantity: number;
  /** Price per share, > 0. */
  price: number;
  /** Commission and other costs in cash, ≥ 0; default 0. */
  fee?: number;
}

export function createPortfolio(initialCash: number): PortfolioState {
  if (!Number.isFinite(initialCash)) throw new RangeError(`initialCash must be a finite number, got ${initialCash}`);
  return { cash: initialCash, positions: {}, realizedPnl: 0, fees: 0 };
}

function checkFill(fill: Fill): void {
  if (fill.symbol.trim() === '') throw new RangeError('fill.symbol must not be empty');
  if (!(Number.isFinite(fill.quantity) && fill.quantity > 0)) {
    throw new RangeError(`fill.quantity for ${fill.symbol} must be a positive number, got ${fill.quantity}`);
  }
  if (!(Number.isFinite(fill.price) && fill.price > 0)) {
    throw new RangeError(`fill.price for ${fill.symbol} must be a positive number, got ${fill.price}`);
  }
  const fee = fill.fee ?? 0;
  if (!(Number.isFinite(fee) && fee >= 0)) throw new RangeError(`fill.fee for ${fill.symbol} must be ≥ 0, got ${fee}`);
}

/** The position after a signed trade, and the P&L that trade realized. */
function tradeInto(held: number, averageCost: number, signed: number, price: number): { quantity: number; averageCost: number; realized: number } {
  if (held === 0 || Math.sign(held) === Math.sign(signed)) {
    const quantity = held + signed;
    return { quantity, averageCost: (Math.abs(held) * averageCost + Math.abs(signed) * price) / Math.abs(quantity), realized: 0 };
  }
  const closed = Math.min(Math.abs(signed), Math.abs(held));
  const realized = closed * (price - averageCost) * Math.sign(held);
  // Fractional shares: 0.3 − 0.1 − 0.2 leaves 5.6e-17, which is flat, not a dust position.
  const sum = held + signed;
  const quantity = Math.abs(sum) <= 1e-9 * Math.abs(held) ? 0 : sum;
  if (quantity === 0) return { quantity, averageCost: 0, realized };
  // Still on the old side: the cost of the shares left is unchanged. Flipped: the rest opened at `price`.
  const flipped = Math.sign(quantity) !== Math.sign(held);
  return { quantity, averageCost: flipped ? price : averageCost, realized };
}

/** The state after one fill. */
export function applyFill(state: PortfolioState, fill: Fill): PortfolioState {
  checkFill(fill);
  const fee = fill.fee ?? 0;
  const signed = fill.side === 'buy' ? fill.quantity : -fill.quantity;
  const current = state.positions[fill.symbol];
  const next = tradeInto(current?.quantity ?? 0, current?.averageCost ?? 0, signed, fill.price);
  const positions: Record<string, Position> = { ...state.positions };
  if (next.quantity === 0) delete positions[fill.symbol];
  else positions[fill.symbol] = { symbol: fill.symbol, quantity: next.quantity, averageCost: next.averageCost };
  return {
    cash: state.cash - signed * fill.price - fee,
    positions,
    realizedPnl: state.realizedPnl + next.realized,
    fees: state.fees + fee,
  };
}

/** The state after fills applied in order. */
export function applyFills(state: PortfolioState, fills: readonly Fill[]): PortfolioState {
  return fills.reduce(applyFill, state);
}
