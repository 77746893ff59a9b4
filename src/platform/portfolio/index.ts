/** Portfolio: the cash-and-positions ledger, valuation, equity snapshots, threshold rebalancing. */
export { type OrderIntent, OrderIntentKind, OrderSide } from './order-intent.js';
export { type Fill, type PortfolioState, type Position, applyFill, applyFills, createPortfolio } from './portfolio-state.js';
export { type EquitySnapshot, type PortfolioValuation, type PositionValuation, type PriceMap, equitySnapshot, priceOf, valuePortfolio } from './valuation.js';
export { type DriftThreshold, type RebalancePlan, type RebalanceRequest, type SymbolDrift, planRebalance } from './rebalance.js';
