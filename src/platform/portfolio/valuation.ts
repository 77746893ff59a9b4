/**
 * Marking a portfolio to market: market value, equity, weights and unrealized P&L at given prices,
 * and the daily equity snapshots an equity curve is made of.
 */
import type { PortfolioState, Position } from './portfolio-state.js';

/** Latest price per symbol. */
export type PriceMap = Readonly<Record<string, number>>;

export interface PositionValuation extends Position {
  price: number;
  /** quantity × price; negative for a short. */
  marketValue: number;
  /** quantity × (price − averageCost). */
  unrealizedPnl: number;
  /** marketValue / equity (signed). */
  weight: number;
}

export interface PortfolioValuation {
  cash: number;
  /** Σ quantity × price (net: shorts count negative). */
  marketValue: number;
  /** Σ |quantity × price|. */
  grossMarketValue: number;
  /** cash + marketValue. */
  equity: number;
  unrealizedPnl: number;
  realizedPnl: number;
  fees: number;
  /** Sorted by symbol. */
  positions: PositionValuation[];
}

export interface EquitySnapshot {
  /** Trading day, YYYY-MM-DD. */
  date: string;
  cash: number;
  marketValue: number;
  equity: number;
}

/** The price of `symbol`; throws, naming the symbol, when it is missing or not positive. */
export function priceOf(prices: PriceMap, symbol: string): number {
  const price = prices[symbol];
  if (price === undefined) throw new RangeError(`no price for ${symbol}: pass a price for every position`);
  if (!(Number.isFinite(price) && price > 0)) throw new RangeError(`price of ${symbol} must be a positive number, got ${price}`);
  return price;
}

export function valuePortfolio(state: PortfolioState, prices: PriceMap): PortfolioValuation {
  const held = Object.values(state.positions).sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
  const marked = held.map((p) => {
    const price = priceOf(prices, p.symbol);
    return { ...p, price, marketValue: p.quantity * price, unrealizedPnl: p.quantity * (price - p.averageCost) };
  });
  const marketValue = marked.reduce((s, p) => s + p.marketValue, 0);
  const equity = state.cash + marketValue;
  return {
    cash: state.cash,
    marketValue,
    grossMarketValue: marked.reduce((s, p) => s + Math.abs(p.marketValue), 0),
    equity,
    unrealizedPnl: marked.reduce((s, p) => s + p.unrealizedPnl, 0),
    realizedPnl: state.realizedPnl,
    fees: state.fees,
    // Weights are undefined at zero equity; 0 keeps them finite for display.
    positions: marked.map((p) => ({ ...p, weight: equity === 0 ? 0 : p.marketValue / equity })),
  };
}

/** One point of the equity curve, taken at the close of `date`. */
export function equitySnapshot(state: PortfolioState, date: string, prices: PriceMap): EquitySnapshot {
  const v = valuePortfolio(state, prices);
  return { date, cash: v.cash, marketValue: v.marketValue, equity: v.equity };
}
