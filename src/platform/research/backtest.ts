/**
 * Single-symbol daily backtest of a long-only strategy.
 *
 * Timeline of day t (no look-ahead):
 * 1. Open: the target decided at day t − 1's close is traded. Desired shares =
 *    ⌊target × equity at the open / open⌋ (whole shares; equity at the open = cash + shares ×
 *    open). A buy is cut to what the cash can pay including slippage and commission — the engine
 *    never borrows. A change smaller than `minTradeWeight` of equity is skipped unless it opens
 *    from flat or closes to flat.
 * 2. Fill price = open × (1 ± slippage), + for buys, − for sells. Commission = quantity × fill
 *    price × commission bps / 10 000 + the per-trade fee, paid from cash.
 * 3. Close: equity(t) = cash + shares × close(t) is recorded; the strategy then sees closes up to
 *    t and names the target traded at t + 1's open. A target named at the last close is not traded.
 *
 * So the first bar only sets the starting point (equity = initial cash) and the earliest fill is at
 * the second bar's open.
 */
import { sampleStdDev } from '../risk/sample-statistics.js';
import { type RatioOptions, type ReturnMetrics, type TradeStatistics, returnMetrics, tradeStatistics } from './performance-metrics.js';
import { type PriceBar, checkBars } from './price-bar.js';
import { type BacktestFill, type OpenTrade, RoundTripLedger, type Trade } from './round-trip-ledger.js';
import { type Strategy, targetSeries } from './strategy.js';

export type SlippageModel =
  /** A fixed fraction of the open: bps / 10 000. */
  | { kind: 'bps'; bps: number }
  /**
   * baseBps / 10 000 + multiplier × σ, σ the sample standard deviation of the last `lookback`
   * daily close-to-close returns known at the previous close (only baseBps until that many exist).
   */
  | { kind: 'volatility'; baseBps: number; multiplier: number; lookback: number };

export interface BacktestOptions {
  /** Starting cash; default 100 000. */
  initialCash?: number;
  /** Default 5 bps. */
  slippage?: SlippageModel;
  /** Commission per fill: bps of notional (default 1) plus a fixed fee in cash (default 1). */
  commission?: { bps?: number; perTrade?: number };
  /** Smallest change, as a fraction of equity, worth trading (default 0: every whole share). */
  minTradeWeight?: number;
  /** For Sharpe; see performance-metrics.ts. */
  riskFreeRate?: number;
}

export interface BacktestRequest extends BacktestOptions {
  symbol: string;
  bars: readonly PriceBar[];
  strategy: Strategy;
}

export interface BacktestPoint {
  date: string;
  close: number;
  /** Shares held at the close. */
  position: number;
  cash: number;
  equity: number;
  /** The strategy's target decided at this close. */
  target: number;
}

export type BacktestMetrics = ReturnMetrics &
  TradeStatistics & {
    /** Fraction of closes with a position (time in the market). */
    exposure: number;
  };

export interface BacktestResult {
  symbol: string;
  strategy: { name: string; params: Readonly<Record<string, number>> };
  initialCash: number;
  finalEquity: number;
  equityCurve: BacktestPoint[];
  fills: BacktestFill[];
  /** Closed round trips; the metrics' trade statistics count these only. */
  trades: Trade[];
  /** The position still open at the last close, marked there; null when flat. */
  openTrade: OpenTrade | null;
  metrics: BacktestMetrics;
}

interface Settings {
  initialCash: number;
  slippage: SlippageModel;
  commissionRate: number;
  perTrade: number;
  minTradeWeight: number;
}

function nonNegative(name: string, value: number): number {
  if (!(Number.isFinite(value) && value >= 0)) throw new RangeError(`${name} must be a number ≥ 0, got ${value}`);
  return value;
}

function settingsOf(options: BacktestOptions): Settings {
  const slippage = options.slippage ?? { kind: 'bps', bps: 5 };
  if (slippage.kind === 'bps') nonNegative('slippage.bps', slippage.bps);
  else {
    nonNegative('slippage.baseBps', slippage.baseBps);
    nonNegative('slippage.multiplier', slippage.multiplier);
    if (!(Number.isInteger(slippage.lookback) && slippage.lookback >= 2)) throw new RangeError(`slippage.lookback must be a whole number ≥ 2, got ${slippage.lookback}`);
  }
  const initialCash = options.initialCash ?? 100_000;
  if (!(Number.isFinite(initialCash) && initialCash > 0)) throw new RangeError(`initialCash must be positive, got ${initialCash}`);
  return {
    initialCash,
    slippage,
    commissionRate: nonNegative('commission.bps', options.commission?.bps ?? 1) / 10_000,
    perTrade: nonNegative('commission.perTrade', options.commission?.perTrade ?? 1),
    minTradeWeight: nonNegative('minTradeWeight', options.minTradeWeight ?? 0),
  };
}

/** Slippage as a fraction of the price for a fill at day t's open. */
export function slippageFraction(model: SlippageModel, closes: readonly number[], t: number): number {
  switch (model.kind) {
    case 'bps':
      return model.bps / 10_000;
    case 'volatility': {
      const base = model.baseBps / 10_000;
      // Returns up to the previous close: t − 1 ≥ lookback closes before it.
      if (t - 1 < model.lookback) return base;
      const returns: number[] = [];
      for (let i = t - model.lookback; i <= t - 1; i++) returns.push((closes[i] as number) / (closes[i - 1] as number) - 1);
      return base + model.multiplier * sampleStdDev(returns);
    }
    default: {
      const never: never = model;
      throw new TypeError(`unknown slippage model ${JSON.stringify(never)}`);
    }
  }
}

interface Book {
  cash: number;
  position: number;
}

/** The fill (if any) that moves the book toward `target` at bar t's open; mutates the book. */
function tradeAtOpen(book: Book, target: number, bar: PriceBar, slip: number, s: Settings): BacktestFill | null {
  const open = bar.open;
  const equity = book.cash + book.position * open;
  const desired = Math.max(0, Math.floor((target * equity) / open + 1e-9));
  let delta = desired - book.position;
  if (delta === 0) return null;
  const smallAdjustment = desired !== 0 && book.position !== 0 && (Math.abs(delta) * open) / equity < s.minTradeWeight;
  if (smallAdjustment) return null;
  const side = delta > 0 ? 'buy' : 'sell';
  const price = side === 'buy' ? open * (1 + slip) : open * (1 - slip);
  if (side === 'buy') {
    const affordable = Math.floor((book.cash - s.perTrade) / (price * (1 + s.commissionRate)));
    delta = Math.min(delta, Math.max(0, affordable));
    if (delta === 0) return null;
  }
  const quantity = Math.abs(delta);
  const commission = quantity * price * s.commissionRate + s.perTrade;
  book.cash += (side === 'buy' ? -1 : 1) * quantity * price - commission;
  book.position += delta;
  return { date: bar.date, side, quantity, price, referencePrice: open, slippageCost: quantity * Math.abs(price - open), commission };
}

export function runBacktest(request: BacktestRequest): BacktestResult {
  const { bars, strategy, symbol } = request;
  checkBars(bars);
  const s = settingsOf(request);
  const closes = bars.map((b) => b.close);
  const targets = targetSeries(strategy, closes);
  const book: Book = { cash: s.initialCash, position: 0 };
  const ledger = new RoundTripLedger();
  const fills: BacktestFill[] = [];
  const equityCurve: BacktestPoint[] = [];
  bars.forEach((bar, t) => {
    const target = targets[t - 1];
    if (target !== undefined) {
      const fill = tradeAtOpen(book, target, bar, slippageFraction(s.slippage, closes, t), s);
      if (fill !== null) {
        fills.push(fill);
        ledger.record(fill, t, book.position);
      }
    }
    equityCurve.push({ date: bar.date, close: bar.close, position: book.position, cash: book.cash, equity: book.cash + book.position * bar.close, target: targets[t] as number });
  });
  const last = equityCurve[equityCurve.length - 1] as BacktestPoint;
  const ratioOptions: RatioOptions = request.riskFreeRate === undefined ? {} : { riskFreeRate: request.riskFreeRate };
  const metrics: BacktestMetrics = {
    ...returnMetrics(equityCurve, ratioOptions),
    ...tradeStatistics(ledger.trades),
    exposure: equityCurve.filter((p) => p.position !== 0).length / equityCurve.length,
  };
  return {
    symbol,
    strategy: { name: strategy.name, params: strategy.params },
    initialCash: s.initialCash,
    finalEquity: last.equity,
    equityCurve,
    fills,
    trades: ledger.trades,
    openTrade: ledger.openTrade(last.date, last.close, book.position),
    metrics,
  };
}
