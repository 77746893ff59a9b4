/**
 * Threshold rebalancing: when any symbol's weight has drifted from its target by more than the
 * threshold, plan the trades that bring every symbol back to its target.
 *
 * Conventions:
 * - Weights are fractions of equity (cash + Σ quantity × price). Targets are long-only, each in
 *   [0, 1], summing to at most 1; the rest stays in cash. A held symbol missing from the targets
 *   has target 0 (it is sold).
 * - Drift is current weight − target weight. An `absolute` threshold compares |drift| with the
 *   value (0.05: five percentage points); a `relative` one compares |drift| / target (0.25: a
 *   quarter of the target; any holding of a zero-target symbol breaches it). A symbol breaches
 *   only when beyond the threshold by more than 1e-12 (floating-point rounding): at it is within.
 * - Target quantities round down to whole shares (⌊target × equity / price⌋), so the plan never
 *   buys more than the target.
 * - Cash is respected: sells come first (by symbol), their proceeds join the cash, then buys (by
 *   symbol) are cut to what the cash left can pay, including the estimated cost of `costBps`.
 */
import type { OrderIntent } from './order-intent.js';
import type { PortfolioState } from './portfolio-state.js';
import { type PriceMap, priceOf } from './valuation.js';

export type DriftThreshold =
  /** Breach when |weight − target| > value (fraction of equity). */
  | { kind: 'absolute'; value: number }
  /** Breach when |weight − target| / target > value. */
  | { kind: 'relative'; value: number };

export interface RebalanceRequest {
  state: Pick<PortfolioState, 'cash' | 'positions'>;
  prices: PriceMap;
  /** Target weight per symbol. */
  targets: Readonly<Record<string, number>>;
  threshold: DriftThreshold;
  /** Estimated trading cost in basis points of notional, reserved out of cash for buys; default 0. */
  costBps?: number;
}

export interface SymbolDrift {
  symbol: string;
  price: number;
  quantity: number;
  currentWeight: number;
  targetWeight: number;
  /** currentWeight − targetWeight. */
  drift: number;
  breached: boolean;
}

export interface RebalancePlan {
  /** True when some symbol breached the threshold (orders may still be empty after rounding). */
  triggered: boolean;
  equity: number;
  /** One entry per symbol held or targeted, sorted by symbol. */
  drifts: SymbolDrift[];
  orders: OrderIntent[];
}

const pct = (x: number): string => `${(x * 100).toFixed(2)}%`;

function checkRequest(request: RebalanceRequest): void {
  const { threshold, targets } = request;
  if (!(Number.isFinite(threshold.value) && threshold.value >= 0)) {
    throw new RangeError(`threshold.value must be a number ≥ 0, got ${threshold.value}`);
  }
  let total = 0;
  for (const [symbol, weight] of Object.entries(targets)) {
    if (!(Number.isFinite(weight) && weight >= 0 && weight <= 1)) {
      throw new RangeError(`target weight of ${symbol} must be in [0, 1], got ${weight}`);
    }
    total += weight;
  }
  if (total > 1 + 1e-9) throw new RangeError(`target weights sum to ${total}; they must sum to at most 1 (the rest is cash)`);
  const cost = request.costBps ?? 0;
  if (!(Number.isFinite(cost) && cost >= 0)) throw new RangeError(`costBps must be ≥ 0, got ${cost}`);
}

// Weights come out of floating-point division: 3000/10000 − 0.4 is −0.10000000000000003. A drift
// within this of the threshold counts as at it, so "10 %" means 10 % to the user, not rounding luck.
const ROUNDING = 1e-12;

function isBreached(threshold: DriftThreshold, drift: number, target: number): boolean {
  switch (threshold.kind) {
    case 'absolute':
      return Math.abs(drift) > threshold.value + ROUNDING;
    case 'relative':
      return target === 0 ? Math.abs(drift) > ROUNDING : Math.abs(drift) / target > threshold.value + ROUNDING;
    default: {
      const never: never = threshold;
      throw new TypeError(`unknown threshold kind ${JSON.stringify(never)}`);
    }
  }
}

function measureDrifts(request: RebalanceRequest, equity: number): SymbolDrift[] {
  const symbols = [...new Set([...Object.keys(request.state.positions), ...Object.keys(request.targets)])].sort();
  return symbols.map((symbol) => {
    const price = priceOf(request.prices, symbol);
    const quantity = request.state.positions[symbol]?.quantity ?? 0;
    const currentWeight = (quantity * price) / equity;
    const targetWeight = request.targets[symbol] ?? 0;
    const drift = currentWeight - targetWeight;
    return { symbol, price, quantity, currentWeight, targetWeight, drift, breached: isBreached(request.threshold, drift, targetWeight) };
  });
}

function describe(d: SymbolDrift, threshold: DriftThreshold): string {
  const sign = d.drift >= 0 ? '+' : '';
  return `${d.symbol} weight ${pct(d.currentWeight)} vs target ${pct(d.targetWeight)} (drift ${sign}${pct(d.drift)}; ${threshold.kind} threshold ${threshold.kind === 'absolute' ? pct(threshold.value) : `${pct(threshold.value)} of target`})`;
}

/** Plans the rebalance; `orders` is empty when no symbol breaches the threshold. */
export function planRebalance(request: RebalanceRequest): RebalancePlan {
  checkRequest(request);
  const { state, threshold } = request;
  const equity = state.cash + Object.values(state.positions).reduce((s, p) => s + p.quantity * priceOf(request.prices, p.symbol), 0);
  if (!(equity > 0)) throw new RangeError(`cannot rebalance a portfolio whose equity is ${equity}; it must be positive`);
  const drifts = measureDrifts(request, equity);
  const triggered = drifts.some((d) => d.breached);
  if (!triggered) return { triggered, equity, drifts, orders: [] };

  const costRate = (request.costBps ?? 0) / 10_000;
  const trigger = drifts.filter((d) => d.breached).map((d) => d.symbol).join(', ');
  const sells: OrderIntent[] = [];
  const buys: OrderIntent[] = [];
  let cash = state.cash;
  const wanted = drifts.map((d) => ({ d, delta: Math.floor((d.targetWeight * equity) / d.price + 1e-9) - d.quantity }));
  for (const { d, delta } of wanted) {
    if (delta >= 0) continue;
    cash += -delta * d.price * (1 - costRate);
    sells.push({ symbol: d.symbol, side: 'sell', quantity: -delta, kind: 'rebalance', reason: `rebalance triggered by ${trigger}: ${describe(d, threshold)}; sell ${-delta} to reach the target` });
  }
  for (const { d, delta } of wanted) {
    if (delta <= 0) continue;
    const affordable = Math.max(0, Math.floor(cash / (d.price * (1 + costRate)) + 1e-9));
    const quantity = Math.min(delta, affordable);
    if (quantity === 0) continue;
    cash -= quantity * d.price * (1 + costRate);
    const capped = quantity < delta ? ` (cut from ${delta} to the cash available)` : '';
    buys.push({ symbol: d.symbol, side: 'buy', quantity, kind: 'rebalance', reason: `rebalance triggered by ${trigger}: ${describe(d, threshold)}; buy ${quantity} to reach the target${capped}` });
  }
  return { triggered, equity, drifts, orders: [...sells, ...buys] };
}
