/**
 * The paper account's order state machine. An order is created `pending` by a planner
 * (rebalancing, a stop check) and leaves that state exactly once:
 *
 *   pending ──fill──▶ filled      the broker filled it (one fill row, UNIQUE order_id)
 *   pending ──reject─▶ rejected   the broker could not fill it (no price, no cash, not held)
 *   pending ──cancel─▶ cancelled  a later plan superseded it before the broker saw it
 *
 * Every transition is a conditional UPDATE … WHERE status = 'pending' inside the transaction that
 * does its side effects, so a retried or restarted run that meets an order already settled changes
 * nothing. Any other transition is a bug and throws.
 */
import type { OrderIntentKind, OrderSide } from '../portfolio/index.js';

export const OrderStatus = {
  /** Waiting for the broker (the execution task). */
  pending: 'pending',
  /** Filled by the broker; its fill row holds the price and costs. */
  filled: 'filled',
  /** The broker refused it; `statusReason` says why. */
  rejected: 'rejected',
  /** Superseded by a later plan before it was executed; `statusReason` says which. */
  cancelled: 'cancelled',
} as const;
export type OrderStatus = (typeof OrderStatus)[keyof typeof OrderStatus];

const TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  pending: ['filled', 'rejected', 'cancelled'],
  filled: [],
  rejected: [],
  cancelled: [],
};

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Throws when `from → to` is not a transition of the machine above. */
export function assertTransition(orderId: number, from: OrderStatus, to: OrderStatus): void {
  if (!canTransition(from, to)) throw new Error(`order ${orderId} cannot go from ${from} to ${to}: only a pending order is filled, rejected or cancelled`);
}

export interface Order {
  id: number;
  symbol: string;
  side: OrderSide;
  quantity: number;
  kind: OrderIntentKind;
  status: OrderStatus;
  /** Why the planner wanted it, with its numbers. */
  reason: string;
  /** Why it was rejected or cancelled; null otherwise. */
  statusReason: string | null;
  createdAt: number;
  updatedAt: number;
  /** The run that created it. */
  runId: string | null;
}

export interface FillRecord {
  /** `trd_<price date>_<order id>`: what `explain trd_…` names. */
  tradeId: string;
  orderId: number;
  symbol: string;
  side: OrderSide;
  quantity: number;
  /** Fill price, slippage included. */
  price: number;
  /** The close the fill was priced from. */
  referencePrice: number;
  /** Session date of the reference price. */
  priceDate: string;
  /** quantity × |price − referencePrice| in cash (already inside the price). */
  slippage: number;
  commission: number;
  at: number;
  runId: string | null;
}

/** What the broker decided for one pending order. */
export type Settlement =
  | { kind: 'fill'; price: number; referencePrice: number; priceDate: string; commission: number }
  | { kind: 'reject'; reason: string };

/** `realizedPnl`: what the fill realized against the average cost (gross of fees). */
export type SettledOrder = { kind: 'filled'; order: Order; fill: FillRecord; realizedPnl: number } | { kind: 'rejected'; order: Order; reason: string };

export function tradeIdOf(orderId: number, priceDate: string): string {
  return `trd_${priceDate.replaceAll('-', '')}_${orderId}`;
}

export interface OrderRow {
  id: number;
  symbol: string;
  side: OrderSide;
  quantity: number;
  kind: OrderIntentKind;
  status: OrderStatus;
  reason: string;
  status_reason: string | null;
  created_at: number;
  updated_at: number;
  run_id: string | null;
}

export const toOrder = (r: OrderRow): Order => ({
  id: r.id,
  symbol: r.symbol,
  side: r.side,
  quantity: r.quantity,
  kind: r.kind,
  status: r.status,
  reason: r.reason,
  statusReason: r.status_reason,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  runId: r.run_id,
});

export interface FillRow {
  id: string;
  order_id: number;
  symbol: string;
  side: OrderSide;
  quantity: number;
  price: number;
  reference_price: number;
  price_date: string;
  slippage: number;
  commission: number;
  at: number;
  run_id: string | null;
}

export const toFill = (r: FillRow): FillRecord => ({
  tradeId: r.id,
  orderId: r.order_id,
  symbol: r.symbol,
  side: r.side,
  quantity: r.quantity,
  price: r.price,
  referencePrice: r.reference_price,
  priceDate: r.price_date,
  slippage: r.slippage,
  commission: r.commission,
  at: r.at,
  runId: r.run_id,
});
