// Platform (integrated mode only): the paper portfolio and its positions, the equity curve, the
// latest forecast of each symbol with its 80/95 % intervals, the latest risk figures, recent
// orders, fills and explanations. Everything comes from the read-only GET /platform/… routes and
// is reloaded when a run of a platform pipeline task finishes.
import { useEffect, useState } from 'preact/hooks';
import { get } from '../api.js';
import { TimeChart } from '../components/chart.js';
import { html } from '../html.js';
import { formatPercent, formatTime } from '../format.js';
import { runsOf } from '../store.js';

/** The tasks whose finished runs change what this view shows. */
const PLATFORM_TASKS = new Set(['data_sync', 'strategy_research', 'meta_control', 'portfolio_rebalancing', 'execution', 'market_analysis', 'risk_management', 'explanation']);
const FINISHED = new Set(['succeeded', 'failed', 'timed_out', 'cancelled', 'skipped']);

const money = (v) => (v === null || v === undefined ? '—' : v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }));
const num = (v, digits = 2) => (v === null || v === undefined ? '—' : v.toFixed(digits));
const range = (lo, hi) => `${num(lo)} – ${num(hi)}`;

/** Whether this server has the platform views (its OpenAPI document lists them: no 404 to probe). */
export async function hasPlatform() {
  try {
    const doc = await get('/openapi.json');
    return Boolean(doc?.paths?.['/platform/portfolio']);
  } catch {
    return false;
  }
}

/** Changes whenever a run of a platform task finishes. */
function platformVersion() {
  return runsOf()
    .filter((r) => PLATFORM_TASKS.has(r.task) && FINISHED.has(r.status))
    .map((r) => r.id)
    .join(',');
}

async function loadAll() {
  const [portfolio, equity, forecasts, risk, orders, fills, explanations] = await Promise.all([
    get('/platform/portfolio'),
    get('/platform/equity'),
    get('/platform/forecasts'),
    get('/platform/risk'),
    get('/platform/orders?limit=20'),
    get('/platform/fills?limit=20'),
    get('/platform/explanations?limit=10'),
  ]);
  return { portfolio, equity: equity.points, forecasts: forecasts.forecasts, risk: risk.snapshot, orders: orders.orders, fills: fills.fills, explanations: explanations.explanations };
}

function Portfolio({ portfolio }) {
  const v = portfolio.valuation;
  return html`
    <section class="card" data-testid="platform-portfolio">
      <h3>Portfolio</h3>
      <dl class="facts">
        <dt>Equity</dt><dd data-testid="platform-equity">${money(v?.equity)}</dd>
        <dt>Cash</dt><dd>${money(v?.cash ?? portfolio.account.cash)}</dd>
        <dt>Market value</dt><dd>${money(v?.marketValue)}</dd>
        <dt>Unrealized P&L</dt><dd>${money(v?.unrealizedPnl)}</dd>
        <dt>Realized P&L</dt><dd>${money(portfolio.account.realizedPnl)}</dd>
        <dt>Fees</dt><dd>${money(portfolio.account.fees)}</dd>
      </dl>
      ${portfolio.valuationError ? html`<p class="muted">${portfolio.valuationError}</p>` : null}
    </section>
  `;
}

function Positions({ positions }) {
  return html`
    <section class="card" data-testid="platform-positions">
      <h3>Positions</h3>
      ${positions.length === 0
        ? html`<p class="muted">No positions.</p>`
        : html`<table class="compact">
            <thead><tr><th>Symbol</th><th>Quantity</th><th>Avg cost</th><th>Price</th><th>Value</th><th>Unrealized</th><th>Weight</th></tr></thead>
            <tbody>${positions.map(
              (p) => html`<tr data-symbol=${p.symbol}><td>${p.symbol}</td><td>${num(p.quantity, 0)}</td><td>${num(p.averageCost)}</td><td>${num(p.price)}</td><td>${money(p.marketValue)}</td><td>${money(p.unrealizedPnl)}</td><td>${p.weight === null ? '—' : formatPercent(p.weight)}</td></tr>`,
            )}</tbody>
          </table>`}
    </section>
  `;
}

function Forecasts({ forecasts }) {
  return html`
    <section class="card" data-testid="platform-forecasts">
      <h3>Latest forecasts</h3>
      ${forecasts.length === 0
        ? html`<p class="muted">No forecasts yet (market_analysis).</p>`
        : html`<table class="compact">
            <thead><tr><th>Symbol</th><th>Model</th><th>Origin</th><th>Last close</th><th>Horizon end</th><th>Median</th><th>80 %</th><th>95 %</th></tr></thead>
            <tbody>${forecasts.map((f) => {
              const last = f.points[f.points.length - 1];
              return html`<tr data-symbol=${f.symbol}><td>${f.symbol}</td><td>${f.model}</td><td>${f.origin}</td><td>${num(f.lastClose)}</td>
                <td>${last?.date ?? '—'}</td><td>${num(last?.value)}</td><td data-col="interval80">${last ? range(last.lower80, last.upper80) : '—'}</td><td data-col="interval95">${last ? range(last.lower95, last.upper95) : '—'}</td></tr>`;
            })}</tbody>
          </table>`}
    </section>
  `;
}

function Risk({ risk }) {
  return html`
    <section class="card" data-testid="platform-risk">
      <h3>Risk</h3>
      ${risk === null
        ? html`<p class="muted">No risk snapshot yet (risk_management).</p>`
        : html`<dl class="facts">
            <dt>As of</dt><dd>${risk.date}</dd>
            <dt>VaR 95 %</dt><dd data-testid="risk-var95">${formatPercent(risk.var95)}</dd>
            <dt>CVaR 95 %</dt><dd>${formatPercent(risk.cvar95)}</dd>
            <dt>VaR 99 %</dt><dd>${formatPercent(risk.var99)}</dd>
            <dt>CVaR 99 %</dt><dd>${formatPercent(risk.cvar99)}</dd>
            <dt>Max drawdown</dt><dd>${risk.maxDrawdown === null ? '—' : formatPercent(risk.maxDrawdown)}</dd>
            <dt>Gross exposure</dt><dd>${money(risk.grossExposure)}</dd>
            <dt>Breaches</dt><dd class=${risk.breaches > 0 ? 'poor' : ''}>${risk.breaches}</dd>
          </dl>`}
    </section>
  `;
}

function Orders({ orders }) {
  return html`
    <section class="card" data-testid="platform-orders">
      <h3>Recent orders</h3>
      ${orders.length === 0
        ? html`<p class="muted">No orders.</p>`
        : html`<table class="compact">
            <thead><tr><th>#</th><th>Symbol</th><th>Side</th><th>Quantity</th><th>Kind</th><th>Status</th><th>Created</th></tr></thead>
            <tbody>${orders.map(
              (o) => html`<tr data-order=${o.id} title=${o.statusReason ?? o.reason}><td>${o.id}</td><td>${o.symbol}</td><td>${o.side}</td><td>${num(o.quantity, 0)}</td><td>${o.kind}</td><td><span class=${`badge ${o.status}`}>${o.status}</span></td><td>${formatTime(o.createdAt)}</td></tr>`,
            )}</tbody>
          </table>`}
    </section>
  `;
}

function Fills({ fills }) {
  return html`
    <section class="card" data-testid="platform-fills">
      <h3>Recent fills</h3>
      ${fills.length === 0
        ? html`<p class="muted">No fills.</p>`
        : html`<table class="compact">
            <thead><tr><th>Trade</th><th>Symbol</th><th>Side</th><th>Quantity</th><th>Price</th><th>Commission</th><th>Date</th></tr></thead>
            <tbody>${fills.map(
              (f) => html`<tr data-trade=${f.tradeId}><td>${f.tradeId}</td><td>${f.symbol}</td><td>${f.side}</td><td>${num(f.quantity, 0)}</td><td>${num(f.price)}</td><td>${num(f.commission)}</td><td>${f.priceDate}</td></tr>`,
            )}</tbody>
          </table>`}
    </section>
  `;
}

function Explanations({ explanations }) {
  return html`
    <section class="card" data-testid="platform-explanations">
      <h3>Explanations</h3>
      ${explanations.length === 0
        ? html`<p class="muted">No explanations yet (explanation).</p>`
        : html`<ul class="explanations">${explanations.map((e) => html`<li data-kind=${e.kind}><strong>${e.subject}</strong> <span class="muted">${formatTime(e.createdAt)}</span><p>${e.text}</p></li>`)}</ul>`}
    </section>
  `;
}

export function Platform({ state }) {
  const [data, setData] = useState(null);
  const [error, setError] = useState(null);
  const version = platformVersion();
  useEffect(() => {
    let live = true;
    loadAll()
      .then((loaded) => live && (setData(loaded), setError(null)))
      .catch((e) => live && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      live = false;
    };
  }, [version]);
  if (error && !data) return html`<p class="banner error">${error}</p>`;
  if (!data) return html`<p class="muted">Loading the platform…</p>`;
  const equity = data.equity.map((p) => [Date.parse(p.at) / 1000, p.equity]);
  return html`
    <div class="platform" data-testid="platform-view">
      ${error ? html`<p class="banner error">${error}</p>` : null}
      <div class="grid">
        <${Portfolio} portfolio=${data.portfolio} />
        <${Risk} risk=${data.risk} />
      </div>
      <${Positions} positions=${data.portfolio.positions} />
      <${TimeChart} title="Equity curve" points=${equity} label="equity" yFormat=${(v) => money(v)} testId="platform-equity-chart" empty="No equity points yet." />
      <${Forecasts} forecasts=${data.forecasts} />
      <div class="grid">
        <${Orders} orders=${data.orders} />
        <${Fills} fills=${data.fills} />
      </div>
      <${Explanations} explanations=${data.explanations} />
    </div>
  `;
}
