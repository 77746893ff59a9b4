// Activity: the alerts sent (GET /orchestrator/alerts) and the audit trail (GET /orchestrator/audit),
// newest first, 50 a page; "Older" asks for the next page with the answer's nextBefore. Alerts fired
// while the page is open (alert:fired on the event stream) join the top when they match the filters.
import { useEffect, useRef, useState } from 'preact/hooks';
import { get } from '../api.js';
import { html } from '../html.js';
import { formatInstant } from '../format.js';

const PAGE = 50;
const SEVERITY_RANK = { info: 0, warning: 1, critical: 2 };
const SEVERITIES = [
  ['', 'All severities'],
  ['warning', 'Warning and above'],
  ['critical', 'Critical'],
];

/** What identifies an alert both in the store's answers and on the stream (whose events have no id). */
export function alertKey(alert) {
  return `${alert.at}|${alert.kind}|${alert.task ?? ''}|${alert.message}`;
}

/** Live and recorded alerts as one list, newest first, each once. */
export function mergeAlerts(live, recorded) {
  const seen = new Set();
  const out = [];
  for (const alert of [...live, ...recorded]) {
    const key = alertKey(alert);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(alert);
  }
  return out.sort((a, b) => b.at.localeCompare(a.at));
}

export function SeverityBadge({ severity }) {
  return html`<span class=${`badge ${severity}`} data-severity=${severity}>${severity}</span>`;
}

function TaskLink({ task }) {
  return task ? html`<a href=${`#/tasks/${encodeURIComponent(task)}`}>${task}</a>` : html`<span class="muted">—</span>`;
}

/** `key=value` pairs: strings bare, anything else as JSON. */
function Details({ details }) {
  const entries = Object.entries(details ?? {});
  if (entries.length === 0) return null;
  return html`<span class="details">${entries.map(([k, v]) => html`<code>${k}=${typeof v === 'string' ? v : JSON.stringify(v)}</code> `)}</span>`;
}

/**
 * The pages of one list route for `params` (empty values left out): refetched from the first page
 * when the params change or on refresh(); older() appends the next page. An answer that arrives
 * after the params changed is dropped. `generation` changes with every first page.
 */
function usePages(path, listKey, params) {
  const query = new URLSearchParams(Object.entries({ ...params, limit: String(PAGE) }).filter(([, v]) => v !== '')).toString();
  const [pages, setPages] = useState({ items: null, nextBefore: null, generation: 0 });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const [version, setVersion] = useState(0);
  const ticket = useRef(0);

  const load = (before) => {
    const mine = ++ticket.current;
    setBusy(true);
    if (before === null) setPages((prev) => ({ items: null, nextBefore: null, generation: prev.generation + 1 }));
    get(`${path}?${query}${before === null ? '' : `&before=${before}`}`).then(
      (answer) => {
        if (mine !== ticket.current) return;
        setPages((prev) => ({ ...prev, items: before === null ? answer[listKey] : [...(prev.items ?? []), ...answer[listKey]], nextBefore: answer.nextBefore }));
        setError(null);
        setBusy(false);
      },
      (e) => {
        if (mine !== ticket.current) return;
        setError(e.message);
        setBusy(false);
      },
    );
  };

  useEffect(() => {
    load(null);
    return () => {
      ticket.current += 1;
    };
  }, [query, version]);

  return { ...pages, busy, error, older: () => load(pages.nextBefore), refresh: () => setVersion((v) => v + 1) };
}

const matches = (alert, { severity, task }) => (severity === '' || SEVERITY_RANK[alert.severity] >= SEVERITY_RANK[severity]) && (task === '' || alert.task === task);

/**
 * The stream's alerts that came after the first page was fetched and match the filters, newest
 * first. Kept here (not only in the store, which holds the last 50) until the next first page.
 * The stream replays what the server holds on connect: an alert older than the first page's
 * newest, or already listed, is not new.
 */
function useLiveAlerts(streamAlerts, pages, filters) {
  const kept = useRef({ generation: null, alerts: [] });
  if (kept.current.generation !== pages.generation) kept.current = { generation: pages.generation, alerts: [] };
  if (pages.items === null) return [];
  const newest = pages.items[0]?.at ?? '';
  const known = new Set([...pages.items, ...kept.current.alerts].map(alertKey));
  const fresh = streamAlerts.filter((a) => a.at >= newest && matches(a, filters) && !known.has(alertKey(a)));
  if (fresh.length > 0) kept.current.alerts = [...fresh, ...kept.current.alerts];
  return kept.current.alerts;
}

function TaskFilter({ tasks, value, onChange }) {
  return html`
    <select name="task" aria-label="task" value=${value} onChange=${(e) => onChange(e.currentTarget.value)}>
      <option value="">All tasks</option>
      ${tasks.map((name) => html`<option value=${name}>${name}</option>`)}
    </select>
  `;
}

/** The table of a paged list, or its loading, error and empty states, with the "Older" button. */
function Paged({ pages, rows, empty, head, row }) {
  if (rows === null) return pages.error ? html`<p class="error">${pages.error}</p>` : html`<p class="muted">Loading…</p>`;
  return html`
    ${pages.error ? html`<p class="error">${pages.error}</p>` : null}
    ${rows.length === 0
      ? html`<p class="muted" data-testid="empty">${empty}</p>`
      : html`<div class="table-scroll"><table class="compact">
          <thead><tr>${head.map((h) => html`<th>${h}</th>`)}</tr></thead>
          <tbody>${rows.map(row)}</tbody>
        </table></div>`}
    ${pages.nextBefore !== null
      ? html`<p class="pager"><button type="button" data-action="older" disabled=${pages.busy} onClick=${pages.older}>${pages.busy ? 'Loading…' : 'Older'}</button></p>`
      : null}
  `;
}

function Alerts({ state, tasks }) {
  const [severity, setSeverity] = useState('');
  const [task, setTask] = useState('');
  const filters = { severity, task };
  const pages = usePages('/orchestrator/alerts', 'alerts', filters);
  const live = useLiveAlerts(state.alerts, pages, filters);
  const rows = pages.items === null ? null : [...live, ...pages.items];
  const filtered = severity !== '' || task !== '';
  return html`
    <section class="card" data-testid="alerts">
      <div class="toolbar">
        <h3>Alerts</h3>
        <div class="filters">
          <select name="severity" aria-label="severity" value=${severity} onChange=${(e) => setSeverity(e.currentTarget.value)}>
            ${SEVERITIES.map(([value, label]) => html`<option value=${value}>${label}</option>`)}
          </select>
          <${TaskFilter} tasks=${tasks} value=${task} onChange=${setTask} />
        </div>
      </div>
      <${Paged}
        pages=${pages}
        rows=${rows}
        empty=${filtered ? 'No alerts recorded that match these filters.' : 'No alerts recorded.'}
        head=${['Time', 'Severity', 'Kind', 'Task', 'Message']}
        row=${(a) => html`<tr key=${alertKey(a)} data-alert=${a.id ?? 'live'} data-kind=${a.kind} class=${a.severity}>
          <td class="nowrap"><time datetime=${a.at}>${formatInstant(a.at)}</time></td>
          <td><${SeverityBadge} severity=${a.severity} /></td>
          <td><code>${a.kind}</code></td>
          <td><${TaskLink} task=${a.task} /></td>
          <td>${a.message}${Object.keys(a.details ?? {}).length > 0 ? html`<div class="muted small"><${Details} details=${a.details} /></div>` : null}</td>
        </tr>`}
      />
    </section>
  `;
}

function Audit({ tasks }) {
  const [task, setTask] = useState('');
  const pages = usePages('/orchestrator/audit', 'entries', { task });
  return html`
    <section class="card" data-testid="audit">
      <div class="toolbar">
        <h3>Audit trail</h3>
        <div class="filters">
          <${TaskFilter} tasks=${tasks} value=${task} onChange=${setTask} />
          <button type="button" data-action="refresh" disabled=${pages.busy} onClick=${pages.refresh}>Refresh</button>
        </div>
      </div>
      <${Paged}
        pages=${pages}
        rows=${pages.items}
        empty=${task !== '' ? 'No audit entries for this task.' : 'No audit entries.'}
        head=${['Time', 'Actor', 'Action', 'Task', 'Details']}
        row=${(e) => html`<tr key=${e.id} data-entry=${e.id} data-action=${e.action}>
          <td class="nowrap"><time datetime=${e.at}>${formatInstant(e.at)}</time></td>
          <td data-col="actor">${e.actor}</td>
          <td data-col="action"><code>${e.action}</code></td>
          <td><${TaskLink} task=${e.task} /></td>
          <td data-col="details"><${Details} details=${e.details} /></td>
        </tr>`}
      />
    </section>
  `;
}

export function Activity({ state }) {
  const tasks = (state.status?.tasks ?? []).map((t) => t.name);
  return html`
    <div class="activity" data-testid="activity">
      <${Alerts} state=${state} tasks=${tasks} />
      <${Audit} tasks=${tasks} />
    </div>
  `;
}
