// Timeline: planned fires (GET /orchestrator/schedule/preview) against actual runs, one row per
// task, over a window around the server's now: runs as bars (running ones with their progress),
// upcoming fires as ticks, slots that will not run as crosses with the reason on hover. Below it,
// the dependency graph, drawn in layers (a task right of everything it depends on).
import { useEffect, useState } from 'preact/hooks';
import { get } from '../api.js';
import { html } from '../html.js';
import { formatInstant } from '../format.js';
import { runsOf } from '../store.js';

const WINDOWS = { '2h': 2, '8h': 8, '24h': 24 };
const ROW = 26;
const LABEL = 150;
const WIDTH = 1000;

function Gantt({ tasks, entries, runs, fromMs, toMs, nowMs }) {
  const x = (ms) => LABEL + ((Math.min(Math.max(ms, fromMs), toMs) - fromMs) / (toMs - fromMs)) * (WIDTH - LABEL - 10);
  const height = tasks.length * ROW + 30;
  const hours = [];
  for (let t = Math.ceil(fromMs / 3_600_000) * 3_600_000; t <= toMs; t += 3_600_000) hours.push(t);
  return html`
    <svg class="gantt" viewBox=${`0 0 ${WIDTH} ${height}`} data-testid="gantt" role="img" aria-label="planned against actual runs">
      ${hours.map((t) => html`<g><line class="grid-line" x1=${x(t)} x2=${x(t)} y1="0" y2=${height - 20} /><text class="axis" x=${x(t)} y=${height - 6} text-anchor="middle">${new Date(t).toISOString().slice(11, 16)}</text></g>`)}
      ${tasks.map((task, i) => {
        const y = i * ROW + 4;
        return html`<g data-task=${task.name}>
          <text class="row-label" x="4" y=${y + 15}>${task.name}</text>
          <line class="row-line" x1=${LABEL} x2=${WIDTH - 10} y1=${y + ROW - 3} y2=${y + ROW - 3} />
          ${runs
            .filter((r) => r.task === task.name && (r.startedAt || r.status === 'skipped'))
            .map((r) => {
              const start = Date.parse(r.startedAt ?? r.scheduledFor ?? r.createdAt);
              const end = r.finishedAt ? Date.parse(r.finishedAt) : nowMs;
              if (end < fromMs || start > toMs) return null;
              const width = Math.max(3, x(end) - x(start));
              return html`<g class=${`run ${r.status}`}>
                <title>${r.id} ${r.status} ${formatInstant(r.startedAt)}${r.error ? ` — ${r.error}` : ''}${r.reason ? ` — ${r.reason}` : ''}</title>
                <rect x=${x(start)} y=${y + 3} width=${width} height=${ROW - 10} rx="2" />
                ${r.status === 'running' && r.progress !== null ? html`<rect class="progress" x=${x(start)} y=${y + ROW - 9} width=${width * r.progress} height="3" />` : null}
              </g>`;
            })}
          ${entries
            .filter((e) => e.task === task.name)
            .map((e) => {
              const at = x(Date.parse(e.at));
              return e.fires
                ? html`<path class="planned" d=${`M${at} ${y + 4} l5 8 l-5 8 l-5 -8 z`}><title>planned ${formatInstant(e.at)}</title></path>`
                : html`<path class="not-run" d=${`M${at - 5} ${y + 5} l10 12 M${at + 5} ${y + 5} l-10 12`}><title>${formatInstant(e.at)} will not run: ${e.reason ?? ''}</title></path>`;
            })}
        </g>`;
      })}
      <line class="now" x1=${x(nowMs)} x2=${x(nowMs)} y1="0" y2=${height - 20} />
    </svg>
  `;
}

/** Layer = longest dependency chain below a task (cycles are cut: the config refuses them anyway). */
function layers(tasks) {
  const byName = new Map(tasks.map((t) => [t.name, t]));
  const depth = new Map();
  const visit = (name, seen) => {
    if (depth.has(name)) return depth.get(name);
    if (seen.has(name)) return 0;
    seen.add(name);
    const deps = byName.get(name)?.dependencies.filter((d) => byName.has(d)) ?? [];
    const d = deps.length === 0 ? 0 : 1 + Math.max(...deps.map((dep) => visit(dep, seen)));
    depth.set(name, d);
    return d;
  };
  for (const t of tasks) visit(t.name, new Set());
  return depth;
}

function DependencyGraph({ tasks }) {
  const depth = layers(tasks);
  const columns = [];
  for (const t of tasks) (columns[depth.get(t.name)] ??= []).push(t.name);
  const pos = new Map();
  const colWidth = 190;
  columns.forEach((names, c) => names.forEach((n, r) => pos.set(n, { x: 10 + c * colWidth, y: 10 + r * 40 })));
  const height = Math.max(...columns.map((c) => c.length), 1) * 40 + 10;
  const width = columns.length * colWidth + 20;
  const edges = tasks.flatMap((t) => t.dependencies.filter((d) => pos.has(d)).map((d) => [d, t.name]));
  return html`
    <svg class="graph" viewBox=${`0 0 ${width} ${height}`} style=${`max-width:${width}px`} data-testid="dependency-graph">
      <defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" orient="auto"><path d="M0 0 L10 5 L0 10 z" /></marker></defs>
      ${edges.map(([from, to]) => {
        const a = pos.get(from);
        const b = pos.get(to);
        return html`<path class="edge" marker-end="url(#arrow)" d=${`M${a.x + 160} ${a.y + 14} C${a.x + 175} ${a.y + 14} ${b.x - 15} ${b.y + 14} ${b.x} ${b.y + 14}`} />`;
      })}
      ${tasks.map((t) => {
        const p = pos.get(t.name);
        return html`<a href=${`#/tasks/${encodeURIComponent(t.name)}`}><g class=${`node ${t.enabled ? '' : 'disabled'}`}><rect x=${p.x} y=${p.y} width="160" height="28" rx="6" /><text x=${p.x + 80} y=${p.y + 18} text-anchor="middle">${t.name}</text></g></a>`;
      })}
    </svg>
  `;
}

export function Timeline({ state }) {
  const [span, setSpan] = useState('8h');
  const [preview, setPreview] = useState(null);
  const [error, setError] = useState(null);
  const status = state.status;
  const nowMs = status ? Date.parse(status.generatedAt) : null;
  const hours = WINDOWS[span];
  const fromMs = nowMs === null ? 0 : nowMs - (hours / 4) * 3_600_000;
  const toMs = nowMs === null ? 0 : nowMs + (hours * 3 / 4) * 3_600_000;
  const previewKey = nowMs === null ? null : Math.floor(nowMs / 60_000);

  useEffect(() => {
    if (previewKey === null) return;
    const from = new Date(nowMs).toISOString();
    get(`/orchestrator/schedule/preview?from=${encodeURIComponent(from)}&days=${(hours * 3) / 4 / 24}&limit=2000`).then(
      (answer) => (setPreview(answer), setError(null)),
      (e) => setError(e.message),
    );
  }, [previewKey, span]);

  if (!status) return html`<p class="muted">Loading…</p>`;
  const entries = preview?.entries ?? [];
  return html`
    <div class="grid">
      <section class="card wide">
        <div class="toolbar">
          <h3>Timeline: planned against actual</h3>
          <div class="segmented">${Object.keys(WINDOWS).map((w) => html`<button type="button" class=${w === span ? 'active' : ''} onClick=${() => setSpan(w)}>${w}</button>`)}</div>
        </div>
        ${error ? html`<p class="error">${error}</p>` : null}
        <div class="legend"><span class="key run-ok"></span>succeeded <span class="key run-bad"></span>failed <span class="key run-live"></span>running <span class="key planned"></span>planned <span class="key not-run">✕</span>will not run</div>
        <${Gantt} tasks=${status.tasks} entries=${entries} runs=${runsOf()} fromMs=${fromMs} toMs=${toMs} nowMs=${nowMs} />
        ${preview?.truncated ? html`<p class="muted small">The preview was cut at 2,000 fires.</p>` : null}
      </section>
      <section class="card wide">
        <h3>Dependencies</h3>
        ${status.tasks.some((t) => t.dependencies.length > 0) ? html`<${DependencyGraph} tasks=${status.tasks} />` : html`<p class="muted">No task depends on another.</p>`}
      </section>
    </div>
  `;
}
