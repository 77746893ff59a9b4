/**
 * Read-only views of the reference platform in integrated mode (`GET /platform/…`, viewer role):
 * portfolio, orders, fills, equity curve, latest forecasts, latest risk snapshot, explanations.
 * Registered only when the server is given the platform; without one every `/platform/…` path
 * answers 404 EVOLVE_API_PLATFORM_NOT_ATTACHED saying how to run integrated.
 */
import { z } from 'zod';
import { EvolveError } from '../../errors.js';
import type { EvolvePlatform } from '../../platform/evolve-platform.js';
import type { ApiInstance } from '../api-instance.js';
import {
  PlatformEquityResponse,
  PlatformExplanationsResponse,
  PlatformFillsResponse,
  PlatformForecastsResponse,
  PlatformOrdersResponse,
  PlatformPortfolioResponse,
  PlatformRiskResponse,
} from '../platform-schemas.js';
import { errorResponses } from './route-helpers.js';

const MAX_LIMIT = 500;
const limit = (fallback: number) => z.coerce.number().int().min(1).max(MAX_LIMIT).default(fallback).describe(`At most this many (1 to ${MAX_LIMIT}, default ${fallback})`);
const OrdersQuery = z.object({ status: z.enum(['pending', 'filled', 'rejected', 'cancelled']).optional().describe('Only orders in this state'), limit: limit(50) });
const LimitQuery = z.object({ limit: limit(50) });

const isoOf = (ms: number): string => new Date(ms).toISOString();
const tags = ['platform'];

/** Without a platform: one hidden catch-all that says why there is nothing here. */
export function platformMissingRoutes(app: ApiInstance): void {
  app.get('/platform/*', { schema: { hide: true } }, async () => {
    throw new EvolveError(
      'EVOLVE_API_PLATFORM_NOT_ATTACHED',
      'this orchestrator runs standalone: the /platform views need the reference platform (a platform: section in the configuration, or evolve start --integrated)',
    );
  });
}

export function platformRoutes(app: ApiInstance, platform: EvolvePlatform): void {
  const doc = (summary: string, description: string) => ({ summary, description, tags });

  app.get('/platform/portfolio', { schema: { ...doc('The paper portfolio', 'The account, its valuation at the latest closes and every position.'), response: { 200: PlatformPortfolioResponse, ...errorResponses() } } }, async () =>
    portfolioView(platform),
  );

  app.get(
    '/platform/orders',
    { schema: { ...doc('Orders, newest first', 'Orders of the paper account, optionally of one state.'), querystring: OrdersQuery, response: { 200: PlatformOrdersResponse, ...errorResponses(400) } } },
    async (request) => ({
      orders: platform.portfolio.orders({ status: request.query.status, limit: request.query.limit }).map((o) => ({ ...o, createdAt: isoOf(o.createdAt), updatedAt: isoOf(o.updatedAt) })),
    }),
  );

  app.get(
    '/platform/fills',
    { schema: { ...doc('Fills, newest first', 'The latest fills of the paper account, slippage and commission included.'), querystring: LimitQuery, response: { 200: PlatformFillsResponse, ...errorResponses(400) } } },
    // The store lists oldest first: take the tail, newest first.
    async (request) => ({ fills: platform.portfolio.fills().slice(-request.query.limit).reverse().map((f) => ({ ...f, at: isoOf(f.at) })) }),
  );

  app.get('/platform/equity', { schema: { ...doc('The equity curve', 'One point per session date, oldest first.'), response: { 200: PlatformEquityResponse, ...errorResponses() } } }, async () => ({
    points: platform.portfolio.equityCurve().map((p) => ({ ...p, at: isoOf(p.at) })),
  }));

  app.get(
    '/platform/forecasts',
    { schema: { ...doc('The latest forecast of each symbol', 'With its 80 % and 95 % intervals per session; symbols never forecast are left out.'), response: { 200: PlatformForecastsResponse, ...errorResponses() } } },
    async () => ({ forecasts: forecastsView(platform) }),
  );

  app.get('/platform/risk', { schema: { ...doc('The latest risk snapshot', 'VaR and CVaR at 95 and 99 %, drawdown, exposure and breaches.'), response: { 200: PlatformRiskResponse, ...errorResponses() } } }, async () => {
    const latest = platform.risk.snapshots(1)[0];
    return { snapshot: latest === undefined ? null : { ...latest, at: isoOf(latest.at) } };
  });

  app.get(
    '/platform/explanations',
    { schema: { ...doc('Recent explanations', "The explainer's texts on trades, risk and forecasts, newest first."), querystring: LimitQuery, response: { 200: PlatformExplanationsResponse, ...errorResponses(400) } } },
    async (request) => ({ explanations: platform.explainer.recent(request.query.limit).map((e) => ({ ...e, createdAt: isoOf(e.createdAt) })) }),
  );
}

function portfolioView(platform: EvolvePlatform) {
  const account = platform.portfolio.account();
  const positions = platform.portfolio.positions();
  let valuation: ReturnType<EvolvePlatform['portfolio']['valuation']> | null = null;
  let valuationError: string | null = null;
  try {
    valuation = platform.portfolio.valuation();
  } catch (error) {
    valuationError = error instanceof Error ? error.message : String(error);
  }
  const valued = new Map(valuation?.positions.map((p) => [p.symbol, p]));
  return {
    account: { ...account, openedAt: isoOf(account.openedAt) },
    valuation,
    valuationError,
    positions: positions.map((p) => {
      const v = valued.get(p.symbol);
      return {
        symbol: p.symbol,
        quantity: p.quantity,
        averageCost: p.averageCost,
        price: v?.price ?? null,
        marketValue: v?.marketValue ?? null,
        unrealizedPnl: v?.unrealizedPnl ?? null,
        weight: v?.weight ?? null,
        openedAt: isoOf(p.openedAt),
      };
    }),
  };
}

function forecastsView(platform: EvolvePlatform) {
  return platform.data.symbols.flatMap((symbol) => {
    const stored = platform.analyzer.latestForecast(symbol);
    if (stored === null) return [];
    const f = stored.forecast;
    return [
      {
        symbol,
        model: stored.model,
        horizon: stored.horizon,
        origin: stored.origin,
        lastClose: f.lastClose,
        createdAt: isoOf(stored.createdAt),
        runId: stored.runId,
        points: f.points.map((p) => ({ date: p.date, value: p.value, lower80: p.lower80, upper80: p.upper80, lower95: p.lower95, upper95: p.upper95 })),
        coverage80: f.validation.coverage80,
        coverage95: f.validation.coverage95,
      },
    ];
  });
}
