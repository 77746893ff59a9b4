// Tasks: the live table (state, last result, next fire, success rate, errors, health, priority)
// with each task's quick actions; the name opens the task page (history, charts, configuration).
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { TaskActions } from '../components/task-actions.js';
import { formatPercent, formatRelative, healthClass, taskState } from '../format.js';
import { runsOf } from '../store.js';

function runningProgress(task) {
  const run = runsOf(task.name).find((r) => r.status === 'running');
  if (!run || run.progress === null) return null;
  return html` <progress max="1" value=${run.progress} title=${run.progressMessage ?? ''}></progress>`;
}

function TaskRow({ task, nowMs, onMessage }) {
  const state = taskState(task);
  const last = task.lastRun;
  return html`
    <tr data-task=${task.name}>
      <td><a href=${`#/tasks/${encodeURIComponent(task.name)}`}>${task.name}</a><div class="muted small">${task.schedule}</div></td>
      <td data-col="state"><span class=${`badge ${state}`}>${state}</span>${state === 'running' ? runningProgress(task) : null}</td>
      <td data-col="last">${last ? html`<span class=${`badge ${last.status}`} title=${last.error ?? last.reason ?? ''}>${last.status}</span>` : html`<span class="muted">never run</span>`}</td>
      <td data-col="next" title=${task.nextRunAt ?? ''}>${formatRelative(task.nextRunAt, nowMs)}</td>
      <td data-col="success">${formatPercent(task.successRate)}</td>
      <td data-col="errors" class=${task.errorCount > 0 ? 'poor' : ''}>${task.errorCount} / ${task.errorThreshold}</td>
      <td data-col="health"><span class=${`health ${healthClass(task.health)}`}>${formatPercent(task.health)}</span></td>
      <td data-col="priority">${task.priority}</td>
      <td><${TaskActions} task=${task} onMessage=${onMessage} /></td>
    </tr>
  `;
}

export function Tasks({ state }) {
  const [message, setMessage] = useState(null);
  const [filter, setFilter] = useState('');
  const status = state.status;
  if (!status) return html`<p class="muted">Loading the tasks…</p>`;
  const nowMs = Date.parse(status.generatedAt);
  const tasks = status.tasks.filter((t) => t.name.includes(filter.trim()));
  return html`
    <section class="card">
      <div class="toolbar">
        <h3>Tasks</h3>
        <input type="search" placeholder="Filter by name" value=${filter} onInput=${(e) => setFilter(e.currentTarget.value)} />
      </div>
      ${message ? html`<p class=${`message ${message.kind}`} data-testid="action-message">${message.text}</p>` : null}
      <div class="table-scroll">
        <table class="tasks" data-testid="tasks-table">
          <thead><tr><th>Task</th><th>State</th><th>Last result</th><th>Next fire</th><th>Success</th><th>Errors</th><th>Health</th><th>Priority</th><th>Actions</th></tr></thead>
          <tbody>${tasks.map((t) => html`<${TaskRow} key=${t.name} task=${t} nowMs=${nowMs} onMessage=${setMessage} />`)}</tbody>
        </table>
      </div>
    </section>
  `;
}
