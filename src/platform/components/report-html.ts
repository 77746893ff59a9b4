/**
 * The performance report as one self-contained HTML file: uPlot's script and stylesheet are
 * inlined with the data, so the file opens from disk, offline, in any browser, and can be mailed.
 * Every text from the data is escaped; the data travels as JSON in a non-executed script element
 * with `<` escaped, so no value can close it.
 */
import { formatMoney, formatNumber, formatPercent, formatPrice, formatQuantity } from './figure-format.js';

export interface ChartAssets {
  script: string;
  css: string;
}

export interface ReportMetricRow {
  label: string;
  value: string;
}

export interface ReportView {
  title: string;
  generatedAt: string;
  period: string;
  /** From and to dates of the curve. */
  range: { from: string; to: string };
  /** What the curve is, e.g. "No portfolio history yet: the curve is SPY's daily closes." */
  curveNote: string;
  metrics: ReportMetricRow[];
  curve: { dates: string[]; equity: number[]; drawdown: number[]; label: string };
  positions: { symbol: string; quantity: number; price: number; marketValue: number; weight: number; unrealizedPnl: number }[];
  cash: number | null;
  forecasts: { symbol: string; model: string; origin: string; lastClose: number; date: string; value: number; lower80: number; upper80: number; lower95: number; upper95: number }[];
  health: { overall: number | null; tasks: { name: string; score: number }[]; checks: { name: string; ok: boolean; detail: string }[] } | null;
  journal: { at: string; kind: string; subject: string; text: string }[];
}

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

function table(headers: readonly string[], rows: readonly (readonly string[])[], empty: string): string {
  if (rows.length === 0) return `<p class="empty">${escapeHtml(empty)}</p>`;
  const head = headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function positionsSection(view: ReportView): string {
  const rows = view.positions.map((p) => [p.symbol, formatQuantity(p.quantity), formatPrice(p.price), formatMoney(p.marketValue), formatPercent(p.weight), formatMoney(p.unrealizedPnl)]);
  const cash = view.cash === null ? '' : `<p>Cash: ${escapeHtml(formatMoney(view.cash))}</p>`;
  return `${table(['Symbol', 'Quantity', 'Price', 'Market value', 'Weight', 'Unrealised P&L'], rows, 'No positions: the portfolio holds only cash, or no portfolio is connected.')}${cash}`;
}

function forecastsSection(view: ReportView): string {
  const rows = view.forecasts.map((f) => [
    f.symbol,
    f.model,
    `${f.origin} (${formatPrice(f.lastClose)})`,
    f.date,
    formatPrice(f.value),
    `${formatPrice(f.lower80)} – ${formatPrice(f.upper80)}`,
    `${formatPrice(f.lower95)} – ${formatPrice(f.upper95)}`,
  ]);
  return table(['Symbol', 'Model', 'Origin (close)', 'Horizon', 'Forecast', '80 % interval', '95 % interval'], rows, 'No forecasts yet: run market_analysis.');
}

function healthSection(view: ReportView): string {
  const health = view.health;
  if (health === null) return '<p class="empty">Task health is not available (the orchestrator is not connected).</p>';
  const overall = health.overall === null ? '' : `<p>Overall health: <strong>${escapeHtml(formatNumber(health.overall, 3))}</strong></p>`;
  const tasks = table(['Task', 'Health'], health.tasks.map((t) => [t.name, formatNumber(t.score, 3)]), 'No task has run yet.');
  const checks = health.checks.length === 0 ? '' : table(['Check', 'Status', 'Detail'], health.checks.map((c) => [c.name, c.ok ? 'ok' : 'ATTENTION', c.detail]), '');
  return `${overall}${tasks}${checks}`;
}

function dataJson(view: ReportView): string {
  const x = view.curve.dates.map((d) => Date.parse(`${d}T00:00:00Z`) / 1000);
  return JSON.stringify({ x, equity: view.curve.equity, drawdown: view.curve.drawdown.map((d) => -d), label: view.curve.label }).replace(/</g, '\\u003c');
}

/** Draws the two charts from the embedded data; runs in the browser. */
const CHART_SCRIPT = `
(function () {
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var money = function (v) { return v == null ? '' : '$' + v.toLocaleString('en-US', { maximumFractionDigits: Math.abs(v) < 10000 ? 2 : 0 }); };
  var pct = function (v) { return v == null ? '' : (v * 100).toFixed(1) + ' %'; };
  function draw(id, label, ys, stroke, fill, fmt) {
    var el = document.getElementById(id);
    var opts = {
      width: Math.max(320, el.clientWidth || 900), height: 280,
      series: [{}, { label: label, stroke: stroke, fill: fill, width: 1.5, value: function (u, v) { return fmt(v); } }],
      axes: [{}, { size: 80, values: function (u, vals) { return vals.map(fmt); } }],
      scales: { x: { time: true } }
    };
    new uPlot(opts, [data.x, ys], el);
  }
  draw('equity-chart', data.label, data.equity, '#1f6feb', 'rgba(31,111,235,0.08)', money);
  draw('drawdown-chart', 'Drawdown', data.drawdown, '#cf222e', 'rgba(207,34,46,0.15)', pct);
})();
`;

const STYLE = `
body { font: 14px/1.45 system-ui, -apple-system, Segoe UI, sans-serif; margin: 2rem auto; max-width: 1100px; padding: 0 1rem; color: #1f2328; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { margin-top: 2rem; border-bottom: 1px solid #d0d7de; padding-bottom: .3rem; }
.note { color: #57606a; } .empty { color: #57606a; font-style: italic; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; } th, td { text-align: left; padding: .3rem .6rem; border-bottom: 1px solid #eaeef2; vertical-align: top; }
th { background: #f6f8fa; } .metrics td:last-child { font-variant-numeric: tabular-nums; font-weight: 600; }
.chart { width: 100%; min-height: 300px; }
`;

export function renderReport(view: ReportView, assets: ChartAssets): string {
  const metrics = `<table class="metrics"><tbody>${view.metrics.map((m) => `<tr><td>${escapeHtml(m.label)}</td><td>${escapeHtml(m.value)}</td></tr>`).join('')}</tbody></table>`;
  const journal = table(['When', 'Kind', 'Subject', 'Explanation'], view.journal.map((j) => [j.at, j.kind, j.subject, j.text]), 'No decisions in the journal yet.');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(view.title)}</title>
<style>${assets.css}</style>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(view.title)}</h1>
<p class="note">Period ${escapeHtml(view.period)}: ${escapeHtml(view.range.from)} to ${escapeHtml(view.range.to)}. Generated ${escapeHtml(view.generatedAt)}.</p>
<p class="note">${escapeHtml(view.curveNote)}</p>
<h2>Performance</h2>
${metrics}
<h2>Equity</h2>
<div id="equity-chart" class="chart"></div>
<h2>Drawdown</h2>
<div id="drawdown-chart" class="chart"></div>
<noscript><p class="empty">The charts need JavaScript; the figures above do not.</p></noscript>
<h2>Positions</h2>
${positionsSection(view)}
<h2>Latest forecasts</h2>
${forecastsSection(view)}
<h2>Task health</h2>
${healthSection(view)}
<h2>Recent decisions</h2>
${journal}
<script type="application/json" id="report-data">${dataJson(view)}</script>
<script>${assets.script.replace(/<\/script/gi, '<\\/script')}</script>
<script>${CHART_SCRIPT}</script>
</body>
</html>
`;
}
