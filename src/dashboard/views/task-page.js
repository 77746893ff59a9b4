// One task: its state and actions, run history, duration and success-rate charts, the log tail of
// a chosen run (GET /orchestrator/runs/:id?log=200) and the configuration form.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { get } from '../api.js';
import { html } from '../html.js';
import { TimeChart } from '../components/chart.js';
import { ConfigForm } from '../components/config-form.js';
import { TaskActions } from '../components/task-actions.js';
import { formatDuration, formatInstant, formatPercent, formatRelative, taskState } from '../format.js';

const HISTORY_LIMIT = 200;
const SUCCESS_WINDOW = 10;
const FINAL = new Set(['succeeded', 'failed', 'timed_out', 'cancelled', 'skipped', 'interrupted']);

/** Success rate of the last SUCCESS_WINDOW finished runs, at each finish. */
function successSeries(runs) {
  const finished = runs.filter((r) => r.finishedAt && r.status !== 'skipped').reverse();
  const points = [];
  finished.forEach((run, i) => {
    const window = finished.slice(Math.max(0, i - SUCCESS_WINDOW + 1), i + 1);
    points.push([Date.parse(run.finishedAt) / 1000, window.filter((r) => r.status === 'succeeded').length / window.length]);
  });
  return points;
}

function durationSeries(runs) {
  return runs
    .filter((r) => r.startedAt && r.durationMs !== null)
    .reverse()
    .map((r) => [Date.parse(r.startedAt) / 1000, r.durationMs]);
}

function LogTail({ runId, version }) {
  const [run, setRun] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    if (!runId) return;
    get(`/orchestrator/runs/${encodeURIComponent(runId)}?log=200`).then(
      (answer) => (setRun(answer.run), setError(null)),
      (e) => setError(e.message),
    );
  }, [runId, version]);
  if (!runId) return html`<section class="card"><h3>Run log</h3><p class="muted">No run selected.</p></section>`;
  const lines = run?.log?.lines ?? [];
  return html`
    <section class="card wide" data-testid="run-log">
      <h3>Run <code>${runId}</code> ${run ? html`<span class=${`badge ${run.status}`}>${run.status}</span>` : null}</h3>
      ${error ? html`<p class="error">${error}</p>` : null}
      ${run?.error ? html`<p class="error">${run.error}</p>` : null}
      ${run && run.status === 'running' && run.progress !== null ? html`<p><progress max="1" value=${run.progress}></progress> ${run.progressMessage ?? ''}</p>` : null}
      <pre class="log">${lines.length === 0 ? '(no log lines)' : lines.map((l) => `${l.at.slice(11, 23)} ${l.level.padEnd(5)} ${l.message}`).join('\n')}</pre>
      ${run && run.result !== undefined && run.result !== null ? html`<details><summary>Result</summary><pre>${JSON.stringify(run.result, null, 2)}</pre></details>` : null}
    </section>
  `;
}

export function TaskPage({ state, name }) {
  const [runs, setRuns] = useState([]);
  const [selected, setSelected] = useState(null);
  const [message, setMessage] = useState(null);
  const [error, setError] = useState(null);
  const task = state.status?.tasks.find((t) => t.name === name);

  useEffect(() => {
    const timer = setTimeout(() => {
      get(`/orchestrator/runs?task=${encodeURIComponent(name)}&limit=${HISTORY_LIMIT}`).then(
        (answer) => (setRuns(answer.runs), setError(null)),
        (e) => setError(e.message),
      );
    }, 150);
    return () => clearTimeout(timer);
  }, [name, state.runVersion]);

  const durations = useMemo(() => durationSeries(runs), [runs]);
  const success = useMemo(() => successSeries(runs), [runs]);
  const shownRun = selected ?? runs[0]?.id ?? null;

  if (!state.status) return html`<p class="muted">Loading…</p>`;
  if (!task) return html`<p class="error">No task named ${name}. <a href="#/tasks">All tasks</a></p>`;
  const nowMs = Date.parse(state.status.generatedAt);
  return html`
    <div class="grid task-page" data-testid="task-page">
      <section class="card wide">
        <div class="toolbar">
          <h2>${task.name} <span class=${`badge ${taskState(task)}`}>${taskState(task)}</span></h2>
          <${TaskActions} task=${task} onMessage=${setMessage} />
        </div>
        ${message ? html`<p class=${`message ${message.kind}`}>${message.text}</p>` : null}
        <p class="muted">${task.description || 'No description.'}</p>
        <dl class="facts">
          <dt>Schedule</dt><dd>${task.schedule}</dd>
          <dt>Next fire</dt><dd>${task.nextRunAt ? `${formatInstant(task.nextRunAt)} (${formatRelative(task.nextRunAt, nowMs)})` : '—'}</dd>
          <dt>Agent</dt><dd>${task.agent}</dd>
          <dt>Success rate</dt><dd>${formatPercent(task.successRate)}</dd>
          <dt>Errors</dt><dd>${task.errorCount} of ${task.errorThreshold}</dd>
          <dt>Health</dt><dd>${formatPercent(task.health)}${task.flagged ? ` — flagged: ${task.flagReason}` : ''}</dd>
          <dt>Dependencies</dt><dd>${task.dependencies.length > 0 ? task.dependencies.join(', ') : '—'}</dd>
          ${task.disabledReason ? html`<dt>Disabled</dt><dd>${task.disabledReason}</dd>` : null}
        </dl>
      </section>
      <${TimeChart} title="Duration" points=${durations} label="duration" yFormat=${(v) => formatDuration(v)} testId="duration-chart" />
      <${TimeChart} title=${`Success rate (last ${SUCCESS_WINDOW} runs)`} points=${success} label="success rate" color="#16a34a" yRange=${[0, 1]} yFormat=${(v) => formatPercent(v)} testId="success-chart" />
      <section class="card wide" data-testid="run-history">
        <h3>Run history</h3>
        ${error ? html`<p class="error">${error}</p>` : null}
        ${runs.length === 0
          ? html`<p class="muted">No runs yet.</p>`
          : html`<div class="table-scroll short"><table class="compact">
              <thead><tr><th>Run</th><th>Status</th><th>Trigger</th><th>Attempt</th><th>Started</th><th>Duration</th><th>Error / reason</th></tr></thead>
              <tbody>${runs.map(
                (r) => html`<tr data-run=${r.id} class=${r.id === shownRun ? 'selected' : ''} onClick=${() => setSelected(r.id)}>
                  <td><code>${r.id}</code></td>
                  <td><span class=${`badge ${r.status}`}>${r.status}</span>${r.status === 'running' && r.progress !== null ? html` <progress max="1" value=${r.progress}></progress>` : null}</td>
                  <td>${r.trigger}</td><td>${r.attempt}/${r.maxAttempts}</td><td>${formatInstant(r.startedAt)}</td>
                  <td>${formatDuration(r.durationMs)}</td><td class="muted">${r.error ?? r.reason ?? ''}</td>
                </tr>`,
              )}</tbody></table></div>`}
      </section>
      <${LogTail} runId=${shownRun} version=${FINAL.has(runs.find((r) => r.id === shownRun)?.status) ? shownRun : state.runVersion} />
      <div class="wide"><${ConfigForm} task=${task.name} /></div>
    </div>
  `;
}
