/**
 * Stop-loss checks: per position, a fixed stop at a percentage through the average cost and a
 * trailing stop at a percentage back from the best price since entry. A triggered stop produces an
 * order intent that closes the whole position, with the reason.
 *
 * Conventions:
 * - Long: fixed stop at averageCost × (1 − stopLossPct); trailing stop at bestPrice ×
 *   (1 − trailingStopPct), bestPrice the highest price seen. A short mirrors it (stops above,
 *   bestPrice the lowest price seen) and is closed with a buy.
 * - A stop triggers when the price reaches its level: price ≤ level for a long (a stop order
 *   triggers at its price, not one tick beyond), within a relative 1e-12 of floating-point rounding.
 * - The best price is updated with today's price before the trailing level is computed; a
 *   position without a recorded best price starts from its average cost. The caller keeps the
 *   returned `bestPrices` for the next check.
 * - When both stops trigger, the fixed stop is reported (it is the one protecting the capital).
 */
import type { OrderIntent } from '../portfolio/order-intent.js';
import type { Position } from '../portfolio/portfolio-state.js';

export interface StopRules {
  /** Fraction below the average cost, e.g. 0.08 for 8 %; absent: no fixed stop. */
  stopLossPct?: number;
  /** Fraction back from the best price since entry; absent: no trailing stop. */
  trailingStopPct?: number;
}

export interface StopPosition extends Position {
  /** Best price since entry (highest for a long, lowest for a short); default averageCost. */
  bestPrice?: number;
}

export interface StopCheck {
  /** One closing intent per triggered position, in the positions' order. */
  intents: OrderIntent[];
  /** Updated best price per position, to pass back as `bestPrice` next time. */
  bestPrices: Record<string, number>;
}

function checkRules(rules: StopRules): void {
  for (const [key, value] of Object.entries(rules)) {
    if (value !== undefined && !(typeof value === 'number' && value > 0 && value < 1)) {
      throw new RangeError(`${key} must be a fraction between 0 and 1 (0.08 = 8 %), got ${String(value)}`);
    }
  }
}

const money = (x: number): string => x.toFixed(2);
const ROUNDING = 1e-12;

function triggered(p: StopPosition, price: number, best: number, rules: StopRules): OrderIntent | null {
  const long = p.quantity > 0;
  const side = long ? 'sell' : 'buy';
  const quantity = Math.abs(p.quantity);
  // 120 × (1 − 0.03) is 116.39999999999999: a price at the level the user means must trigger.
  const through = (level: number): boolean => (long ? price <= level * (1 + ROUNDING) : price >= level * (1 - ROUNDING));
  const dir = long ? 1 : -1;
  if (rules.stopLossPct !== undefined) {
    const level = p.averageCost * (1 - dir * rules.stopLossPct);
    if (through(level)) {
      const reason = `${p.symbol} at ${money(price)} reached its stop-loss at ${money(level)} (${(rules.stopLossPct * 100).toFixed(2)}% ${long ? 'below' : 'above'} average cost ${money(p.averageCost)}); ${side} ${quantity} to close`;
      return { symbol: p.symbol, side, quantity, kind: 'stop_loss', reason };
    }
  }
  if (rules.trailingStopPct !== undefined) {
    const level = best * (1 - dir * rules.trailingStopPct);
    if (through(level)) {
      const reason = `${p.symbol} at ${money(price)} reached its trailing stop at ${money(level)} (${(rules.trailingStopPct * 100).toFixed(2)}% ${long ? 'below the high' : 'above the low'} of ${money(best)} since entry); ${side} ${quantity} to close`;
      return { symbol: p.symbol, side, quantity, kind: 'trailing_stop', reason };
    }
  }
  return null;
}

export function checkStops(positions: readonly StopPosition[], prices: Readonly<Record<string, number>>, rules: StopRules): StopCheck {
  checkRules(rules);
  const intents: OrderIntent[] = [];
  const bestPrices: Record<string, number> = {};
  for (const p of positions) {
    if (p.quantity === 0) continue;
    const price = prices[p.symbol];
    if (price === undefined || !(Number.isFinite(price) && price > 0)) {
      throw new RangeError(`no valid price for ${p.symbol} (got ${String(price)}): pass a positive price for every position`);
    }
    const previous = p.bestPrice ?? p.averageCost;
    const best = p.quantity > 0 ? Math.max(previous, price) : Math.min(previous, price);
    bestPrices[p.symbol] = best;
    const intent = triggered(p, price, best, rules);
    if (intent !== null) intents.push(intent);
  }
  return { intents, bestPrices };
}
