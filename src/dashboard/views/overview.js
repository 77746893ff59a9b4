// Overview: running or stopped, overall health as a gauge, tasks and runs counted by state,
// recent alerts (the recorded ones, GET /orchestrator/alerts, with those fired since on the event
// stream) and the latest runs (live from the event stream).
import { useEffect, useState } from 'preact/hooks';
import { get } from '../api.js';
import { html } from '../html.js';
import { Gauge } from '../components/gauge.js';
import { formatInstant, formatDuration, formatTime, taskState } from '../format.js';
import { runsOf } from '../store.js';
import { SeverityBadge, alertKey, mergeAlerts } from './activity.js';

const RECENT_ALERTS = 10;

function count(items, key) {
  const out = {};
  for (const item of items) out[key(item)] = (out[key(item)] ?? 0) + 1;
  return out;
}

function Counts({ title, counts, testId }) {
  const entries = Object.entries(counts).filter(([, n]) => n > 0);
  return html`
    <section class="card" data-testid=${testId}>
      <h3>${title}</h3>
      ${entries.length === 0
        ? html`<p class="muted">None.</p>`
        : html`<ul class="counts">${entries.map(([k, n]) => html`<li><span class=${`badge ${k}`}>${k}</span><strong data-count=${k}>${n}</strong></li>`)}</ul>`}
    </section>
  `;
}

export function RunList({ runs, showTask = true }) {
  if (runs.length === 0) return html`<p class="muted">No runs yet.</p>`;
  return html`
    <table class="compact">
      <thead><tr>${showTask ? html`<th>Task</th>` : null}<th>Status</th><th>Trigger</th><th>Created</th><th>Duration</th></tr></thead>
      <tbody>
        ${runs.map(
          (r) => html`<tr data-run=${r.id}>
            ${showTask ? html`<td><a href=${`#/tasks/${encodeURIComponent(r.task)}`}>${r.task}</a></td>` : null}
            <td><span class=${`badge ${r.status}`}>${r.status}</span>${r.status === 'running' && r.progress !== null ? html` <progress max="1" value=${r.progress}></progress>` : null}</td>
            <td>${r.trigger}</td><td>${formatTime(r.createdAt)}</td><td>${formatDuration(r.durationMs)}</td>
          </tr>`,
        )}
      </tbody>
    </table>
  `;
}

/** The last alerts: those recorded before the page opened (or by another process) and the live ones. */
function RecentAlerts({ live }) {
  const [recorded, setRecorded] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    let active = true;
    get(`/orchestrator/alerts?limit=${RECENT_ALERTS}`).then(
      (answer) => active && (setRecorded(answer.alerts), setError(null)),
      (e) => active && setError(e.message),
    );
    return () => {
      active = false;
    };
  }, []);
  const alerts = mergeAlerts(live, recorded ?? []).slice(0, RECENT_ALERTS);
  return html`
    <section class="card wide" data-testid="recent-alerts">
      <div class="toolbar">
        <h3>Recent alerts</h3>
        <a href="#/activity">All alerts →</a>
      </div>
      ${error ? html`<p class="error">${error}</p>` : null}
      ${alerts.length === 0
        ? html`<p class="muted">${recorded === null && !error ? 'Loading…' : 'No alerts recorded.'}</p>`
        : html`<ul class="alerts">${alerts.map((a) => html`<li key=${alertKey(a)} class=${a.severity}><${SeverityBadge} severity=${a.severity} /> <time>${formatInstant(a.at)}</time> ${a.task ? html`<b>${a.task}</b>` : null} ${a.message}</li>`)}</ul>`}
    </section>
  `;
}

export function Overview({ state }) {
  const status = state.status;
  if (!status) return html`<p class="muted">Loading the status…</p>`;
  const byState = count(status.tasks, taskState);
  const totals = {};
  for (const task of status.tasks) for (const [k, n] of Object.entries(task.totals)) totals[k] = (totals[k] ?? 0) + n;
  const runs = { running: status.runs.running, queued: status.runs.queued, waiting: status.runs.waiting, ...totals };
  return html`
    <div class="grid overview">
      <section class="card" data-testid="orchestrator-state">
        <h3>Orchestrator</h3>
        <p class=${`big ${status.orchestratorRunning ? 'good' : 'poor'}`}>${status.orchestratorRunning ? 'Running' : 'Stopped'}</p>
        <dl class="facts">
          <dt>Instance</dt><dd>${status.instance?.id ?? '—'}</dd>
          <dt>Since</dt><dd>${status.instance ? formatInstant(new Date(status.instance.startedAt).toISOString()) : '—'}</dd>
          <dt>Tasks</dt><dd>${status.enabledTasks} enabled of ${status.totalTasks}</dd>
          <dt>Environment</dt><dd>${status.environment ?? '—'}</dd>
        </dl>
      </section>
      <section class="card center">
        <h3>Health</h3>
        <${Gauge} value=${status.performanceMetrics.overallHealth} label="overall" />
        <p class="muted small">agents ${Math.round(status.performanceMetrics.agentHealth * 100)}%${status.performanceMetrics.resources ? ` · resources ${Math.round(status.performanceMetrics.resources.score * 100)}%` : ''}</p>
      </section>
      <${Counts} title="Tasks by state" counts=${byState} testId="tasks-by-state" />
      <${Counts} title="Runs by state" counts=${runs} testId="runs-by-state" />
      <${RecentAlerts} live=${state.alerts} />
      <section class="card wide" data-testid="recent-runs">
        <h3>Latest runs</h3>
        <${RunList} runs=${runsOf().slice(0, 10)} />
      </section>
    </div>
  `;
}
