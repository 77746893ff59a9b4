// The quick actions of one task: Run now, Enable / Disable, Reset errors. Each reports its
// outcome (or the API's error) through `onDone`.
import { useState } from 'preact/hooks';
import { post } from '../api.js';
import { html } from '../html.js';
import { refreshStatus } from '../store.js';

export function TaskActions({ task, onMessage }) {
  const [busy, setBusy] = useState(null);
  const act = async (label, path) => {
    setBusy(label);
    try {
      const answer = await post(`/orchestrator/tasks/${encodeURIComponent(task.name)}/${path}`);
      onMessage?.({ kind: 'ok', text: answer?.run ? `${task.name}: run ${answer.run.id} queued` : `${task.name}: ${label.toLowerCase()} done` });
      await refreshStatus();
    } catch (error) {
      onMessage?.({ kind: 'error', text: `${task.name}: ${error.message}` });
    } finally {
      setBusy(null);
    }
  };
  return html`
    <div class="actions">
      <button type="button" data-action="run" disabled=${busy !== null} onClick=${() => act('Run now', 'run')}>Run now</button>
      ${task.enabled
        ? html`<button type="button" data-action="disable" disabled=${busy !== null} onClick=${() => act('Disable', 'disable')}>Disable</button>`
        : html`<button type="button" data-action="enable" disabled=${busy !== null} onClick=${() => act('Enable', 'enable')}>Enable</button>`}
      <button type="button" data-action="reset" disabled=${busy !== null || (task.errorCount === 0 && !task.flagged)} onClick=${() => act('Reset errors', 'reset-errors')}>Reset errors</button>
    </div>
  `;
}
