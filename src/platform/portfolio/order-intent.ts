/**
 * An order intent: what a planner (rebalancing, a stop-loss check, a strategy) wants traded,
 * before any broker sees it. Shared by the portfolio and risk libraries; the execution agent turns
 * intents into orders.
 */

export const OrderSide = {
  /** Increase a long position or cover a short one. */
  buy: 'buy',
  /** Reduce a long position or open/increase a short one. */
  sell: 'sell',
} as const;
export type OrderSide = (typeof OrderSide)[keyof typeof OrderSide];

export const OrderIntentKind = {
  /** Brings a position back to its target weight after drift beyond the threshold. */
  rebalance: 'rebalance',
  /** Closes a position whose price crossed its fixed stop below (long) or above (short) its average cost. */
  stopLoss: 'stop_loss',
  /** Closes a position whose price fell back from its best price since entry by the trailing percentage. */
  trailingStop: 'trailing_stop',
  /** Follows a strategy's target position. */
  signal: 'signal',
} as const;
export type OrderIntentKind = (typeof OrderIntentKind)[keyof typeof OrderIntentKind];

export interface OrderIntent {
  symbol: string;
  side: OrderSide;
  /** Whole shares, > 0. */
  quantity: number;
  /** Plain-language reason citing the numbers that drove it. */
  reason: string;
  kind: OrderIntentKind;
}
