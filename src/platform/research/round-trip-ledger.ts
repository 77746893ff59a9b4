/**
 * Groups a backtest's fills into round trips: a trade opens with the fill that takes the position
 * off zero and closes with the fill that brings it back. Adds and partial sells in between belong
 * to the same trade, whose entry and exit prices are the quantity-weighted means of its buy and
 * sell fills. P&L = sell proceeds − buy cost − commissions (slippage is already in the prices).
 */
import type { OrderSide } from '../portfolio/order-intent.js';

export interface BacktestFill {
  /** Day of the fill (at its open). */
  date: string;
  side: OrderSide;
  quantity: number;
  /** Fill price: the open moved against the trade by the slippage. */
  price: number;
  /** The open the fill was priced from. */
  referencePrice: number;
  /** quantity × |price − referencePrice|, already inside the price. */
  slippageCost: number;
  /** Commission paid in cash: quantity × price × bps + per-trade fee. */
  commission: number;
}

export interface Trade {
  entryDate: string;
  exitDate: string;
  /** Mean buy fill price. */
  entryPrice: number;
  /** Mean sell fill price. */
  exitPrice: number;
  /** Shares bought over the trade. */
  quantity: number;
  /** Commissions of all the trade's fills. */
  commissions: number;
  pnl: number;
  /** pnl / buy cost. */
  returnPct: number;
  /** Bars from the entry fill to the exit fill. */
  barsHeld: number;
}

export interface OpenTrade {
  entryDate: string;
  entryPrice: number;
  /** Shares held now. */
  quantity: number;
  markDate: string;
  markPrice: number;
  commissions: number;
  /** P&L if the shares held were sold at the mark without further costs. */
  unrealizedPnl: number;
}

interface Running {
  entryDate: string;
  entryIndex: number;
  bought: number;
  buyCost: number;
  sold: number;
  sellProceeds: number;
  commissions: number;
}

export class RoundTripLedger {
  readonly trades: Trade[] = [];
  #open: Running | null = null;

  /** Records a fill made on bar `index`; `positionAfter` is the quantity held after it. */
  record(fill: BacktestFill, index: number, positionAfter: number): void {
    const run = this.#open ?? { entryDate: fill.date, entryIndex: index, bought: 0, buyCost: 0, sold: 0, sellProceeds: 0, commissions: 0 };
    if (fill.side === 'buy') {
      run.bought += fill.quantity;
      run.buyCost += fill.quantity * fill.price;
    } else {
      run.sold += fill.quantity;
      run.sellProceeds += fill.quantity * fill.price;
    }
    run.commissions += fill.commission;
    this.#open = run;
    if (positionAfter !== 0) return;
    const pnl = run.sellProceeds - run.buyCost - run.commissions;
    this.trades.push({
      entryDate: run.entryDate,
      exitDate: fill.date,
      entryPrice: run.buyCost / run.bought,
      exitPrice: run.sellProceeds / run.sold,
      quantity: run.bought,
      commissions: run.commissions,
      pnl,
      returnPct: pnl / run.buyCost,
      barsHeld: index - run.entryIndex,
    });
    this.#open = null;
  }

  /** The trade still open, marked at `markPrice`; null when flat. */
  openTrade(markDate: string, markPrice: number, position: number): OpenTrade | null {
    const run = this.#open;
    if (run === null) return null;
    return {
      entryDate: run.entryDate,
      entryPrice: run.buyCost / run.bought,
      quantity: position,
      markDate,
      markPrice,
      commissions: run.commissions,
      unrealizedPnl: run.sellProceeds + position * markPrice - run.buyCost - run.commissions,
    };
  }
}
