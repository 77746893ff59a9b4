/**
 * What the `/platform/…` viewer routes answer (integrated mode only): the paper portfolio, its
 * orders, fills and equity curve, the latest forecasts with their intervals, the latest risk
 * snapshot and the explainer's recent texts. Money is in the account's currency; instants are
 * ISO-8601 UTC strings, session dates 'YYYY-MM-DD'.
 */
import { z } from 'zod';

const iso = z.string().describe('ISO-8601 UTC instant');
const side = z.enum(['buy', 'sell']);

const PositionView = z.object({
  symbol: z.string(),
  quantity: z.number(),
  averageCost: z.number(),
  price: z.number().nullable().describe('Latest close; null when the symbol has none'),
  marketValue: z.number().nullable(),
  unrealizedPnl: z.number().nullable(),
  weight: z.number().nullable().describe('marketValue / equity (signed)'),
  openedAt: iso,
});

export const PlatformPortfolioResponse = z
  .object({
    account: z.object({ initialCash: z.number(), cash: z.number(), realizedPnl: z.number(), fees: z.number(), openedAt: iso }),
    valuation: z
      .object({ cash: z.number(), marketValue: z.number(), grossMarketValue: z.number(), equity: z.number(), unrealizedPnl: z.number(), realizedPnl: z.number(), fees: z.number() })
      .nullable()
      .describe('Marked at the latest closes; null when a held symbol has no price'),
    valuationError: z.string().nullable(),
    positions: z.array(PositionView),
  })
  .meta({ id: 'PlatformPortfolio' });

export const PlatformOrdersResponse = z.object({
  orders: z.array(
    z.object({
      id: z.number(),
      symbol: z.string(),
      side,
      quantity: z.number(),
      kind: z.string().describe('rebalance, stop_loss, trailing_stop, …'),
      status: z.enum(['pending', 'filled', 'rejected', 'cancelled']),
      reason: z.string(),
      statusReason: z.string().nullable(),
      createdAt: iso,
      updatedAt: iso,
      runId: z.string().nullable(),
    }),
  ),
});

export const PlatformFillsResponse = z.object({
  fills: z.array(
    z.object({
      tradeId: z.string(),
      orderId: z.number(),
      symbol: z.string(),
      side,
      quantity: z.number(),
      price: z.number(),
      referencePrice: z.number(),
      priceDate: z.string(),
      slippage: z.number(),
      commission: z.number(),
      at: iso,
    }),
  ),
});

export const PlatformEquityResponse = z.object({
  points: z.array(z.object({ date: z.string(), at: iso, cash: z.number(), marketValue: z.number(), equity: z.number() })),
});

const ForecastPointView = z.object({ date: z.string(), value: z.number(), lower80: z.number(), upper80: z.number(), lower95: z.number(), upper95: z.number() });

export const PlatformForecastsResponse = z.object({
  forecasts: z.array(
    z.object({
      symbol: z.string(),
      model: z.string(),
      horizon: z.number().describe('Sessions forecast'),
      origin: z.string().describe('Date of the last bar'),
      lastClose: z.number(),
      createdAt: iso,
      runId: z.string().nullable(),
      points: z.array(ForecastPointView),
      coverage80: z.number().nullable().describe('Share of validation outcomes inside the 80 % interval'),
      coverage95: z.number().nullable(),
    }),
  ),
});

export const PlatformRiskResponse = z.object({
  snapshot: z
    .object({
      id: z.number(),
      at: iso,
      date: z.string(),
      runId: z.string().nullable(),
      basis: z.string(),
      equity: z.number(),
      var95: z.number().describe('One-day value at risk, share of equity'),
      cvar95: z.number(),
      var99: z.number(),
      cvar99: z.number(),
      maxDrawdown: z.number().nullable(),
      grossExposure: z.number(),
      breaches: z.number().describe('Limits breached at the snapshot'),
      stopOrders: z.number(),
    })
    .nullable()
    .describe('The latest snapshot; null before the first risk_management run'),
});

export const PlatformExplanationsResponse = z.object({
  explanations: z.array(
    z.object({
      journalId: z.number(),
      kind: z.string(),
      subject: z.string(),
      symbol: z.string().nullable(),
      runId: z.string().nullable(),
      text: z.string(),
      source: z.enum(['template', 'llm']),
      createdAt: iso,
    }),
  ),
});
