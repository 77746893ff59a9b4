/**
 * The read-only /platform views over real HTTP, on the integrated system (shipped schedule,
 * reference platform, fresh SQLite) after the trading pipeline has run once; and the 404 that a
 * standalone orchestrator answers for them.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apiFixture } from '../support/api.js';
import { integratedApi, type IntegratedApi } from '../support/integrated-api.js';

describe('the /platform views', () => {
  let api: IntegratedApi;
  let stop: (() => Promise<void>) | null = null;
  // integratedApi() in a `before` hook would stop with the hook: the suite stops it instead.
  after(() => stop?.());
  before(async () => {
    api = await integratedApi({ stopWithCaller: false });
    stop = api.stop;
    await api.pipeline();
  });

  it('shows the portfolio: account, valuation at the latest closes and the positions the execution filled', async () => {
    const { status, body, text } = await api.get('/platform/portfolio');
    assert.equal(status, 200, text);
    assert.ok(body.account.initialCash > 0);
    assert.ok(body.positions.length > 0, 'positions after the execution run');
    assert.equal(body.valuationError, null);
    assert.ok(Math.abs(body.valuation.equity - (body.valuation.cash + body.valuation.marketValue)) < 1e-6);
    for (const p of body.positions) assert.ok(p.quantity !== 0 && p.price > 0, JSON.stringify(p));
  });

  it('lists orders newest first, filters them by status, and lists fills and the equity curve', async () => {
    const orders = await api.get('/platform/orders?status=filled&limit=5');
    assert.equal(orders.status, 200, orders.text);
    assert.ok(orders.body.orders.length > 0 && orders.body.orders.length <= 5);
    assert.ok(orders.body.orders.every((o: { status: string }) => o.status === 'filled'));
    const fills = await api.get('/platform/fills?limit=3');
    assert.equal(fills.status, 200, fills.text);
    assert.ok(fills.body.fills.length > 0 && fills.body.fills.length <= 3);
    assert.match(fills.body.fills[0].tradeId, /^trd_/);
    const equity = await api.get('/platform/equity');
    assert.equal(equity.status, 200, equity.text);
    assert.ok(equity.body.points.length > 0);
    assert.equal((await api.get('/platform/orders?status=lost')).status, 400);
  });

  it('gives the latest forecast of each symbol with 80 and 95 % intervals around the median', async () => {
    const { status, body, text } = await api.get('/platform/forecasts');
    assert.equal(status, 200, text);
    assert.ok(body.forecasts.length > 0);
    const aapl = body.forecasts.find((f: { symbol: string }) => f.symbol === 'AAPL');
    assert.ok(aapl, 'a forecast for AAPL');
    for (const p of aapl.points) assert.ok(p.lower95 <= p.lower80 && p.lower80 <= p.value && p.value <= p.upper80 && p.upper80 <= p.upper95, JSON.stringify(p));
  });

  it('gives the latest risk snapshot and recent explanations', async () => {
    const risk = await api.get('/platform/risk');
    assert.equal(risk.status, 200, risk.text);
    assert.ok(risk.body.snapshot.var99 >= risk.body.snapshot.var95 && risk.body.snapshot.cvar95 >= risk.body.snapshot.var95, JSON.stringify(risk.body.snapshot));
    const explanations = await api.get('/platform/explanations?limit=5');
    assert.equal(explanations.status, 200, explanations.text);
    assert.ok(explanations.body.explanations.length > 0 && explanations.body.explanations.length <= 5);
    assert.ok(explanations.body.explanations.every((e: { text: string }) => e.text.length > 0));
  });

  it('documents the views in the OpenAPI document', async () => {
    const openapi = await api.get('/openapi.json');
    for (const path of ['portfolio', 'orders', 'fills', 'equity', 'forecasts', 'risk', 'explanations']) assert.ok(openapi.body.paths[`/platform/${path}`], path);
  });

  it('answers 404 saying how to run integrated on an orchestrator without the platform', async () => {
    const standalone = await apiFixture('tasks:\n  report: { agent: echo, manual: true }\n', { agents: { echo: () => ({}) } });
    const missing = await standalone.get('/platform/portfolio');
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error.code, 'EVOLVE_API_PLATFORM_NOT_ATTACHED');
    assert.match(missing.body.error.message, /--integrated/);
    const openapi = await standalone.get('/openapi.json');
    assert.equal(Object.keys(openapi.body.paths).some((p) => p.startsWith('/platform')), false);
  });
});
