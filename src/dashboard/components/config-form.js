// A task's configuration as a form of its YAML keys (GET /orchestrator/tasks/:name → config).
// Only changed keys are sent (PATCH, validated by the server like the YAML); each issue of a 400
// is shown next to its field, with the server's fix.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, get, patch } from '../api.js';
import { html } from '../html.js';
import { refreshStatus } from '../store.js';

const CHOICES = {
  priority: ['critical', 'high', 'medium', 'low'],
  retry_backoff: ['fixed', 'exponential'],
  misfire: ['skip', 'once', 'all'],
};

function kindOf(value) {
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'string') return 'string';
  return 'json';
}

function toInput(value) {
  const kind = kindOf(value);
  if (kind === 'json') return JSON.stringify(value, null, 2);
  if (kind === 'boolean') return value;
  return String(value);
}

/** The input's value as the key's type; a value that does not parse is sent as typed (the server says why). */
function fromInput(kind, raw) {
  if (kind === 'boolean') return raw === true;
  if (kind === 'number') return raw.trim() !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
  if (kind === 'json') return JSON.parse(raw);
  return raw;
}

function Field({ name, kind, value, error, onInput }) {
  const id = `cfg-${name}`;
  let input;
  if (kind === 'boolean') {
    input = html`<input id=${id} name=${name} type="checkbox" checked=${value} onChange=${(e) => onInput(e.currentTarget.checked)} />`;
  } else if (kind === 'json') {
    input = html`<textarea id=${id} name=${name} rows="3" spellcheck="false" value=${value} onInput=${(e) => onInput(e.currentTarget.value)} />`;
  } else if (CHOICES[name] && CHOICES[name].includes(value)) {
    input = html`<select id=${id} name=${name} value=${value} onChange=${(e) => onInput(e.currentTarget.value)}>${CHOICES[name].map((c) => html`<option value=${c}>${c}</option>`)}</select>`;
  } else {
    input = html`<input id=${id} name=${name} inputmode=${kind === 'number' ? 'decimal' : 'text'} value=${value} onInput=${(e) => onInput(e.currentTarget.value)} />`;
  }
  return html`
    <div class="field ${error ? 'invalid' : ''}">
      <label for=${id}>${name}</label>
      ${input}
      ${error ? html`<p class="field-error" role="alert" data-field-error=${name}>${error.message}${error.fix ? html`<br /><span class="fix">Fix: ${error.fix}</span>` : null}</p>` : null}
    </div>
  `;
}

export function ConfigForm({ task }) {
  const [original, setOriginal] = useState(null);
  const [values, setValues] = useState({});
  const [errors, setErrors] = useState({});
  const [message, setMessage] = useState(null);
  const [saving, setSaving] = useState(false);

  const load = async () => {
    try {
      const answer = await get(`/orchestrator/tasks/${encodeURIComponent(task)}`);
      setOriginal(answer.config);
      setValues(Object.fromEntries(Object.entries(answer.config).map(([k, v]) => [k, toInput(v)])));
      setErrors({});
    } catch (error) {
      setMessage({ kind: 'error', text: error.message });
    }
  };
  useEffect(() => void load(), [task]);

  if (original === null) return html`<section class="card"><h3>Configuration</h3><p class="muted">Loading…</p>${message ? html`<p class="error">${message.text}</p>` : null}</section>`;

  const submit = async (event) => {
    event.preventDefault();
    const changes = {};
    const local = {};
    for (const [key, before] of Object.entries(original)) {
      try {
        const after = fromInput(kindOf(before), values[key]);
        if (JSON.stringify(after) !== JSON.stringify(before)) changes[key] = after;
      } catch (error) {
        local[key] = { message: `not valid JSON: ${error.message}`, fix: null };
      }
    }
    setErrors(local);
    if (Object.keys(local).length > 0) return setMessage({ kind: 'error', text: 'Fix the fields marked below.' });
    if (Object.keys(changes).length === 0) return setMessage({ kind: 'info', text: 'Nothing changed.' });
    setSaving(true);
    try {
      const answer = await patch(`/orchestrator/tasks/${encodeURIComponent(task)}`, changes);
      setOriginal(answer.config);
      setValues(Object.fromEntries(Object.entries(answer.config).map(([k, v]) => [k, toInput(v)])));
      setMessage({ kind: 'ok', text: `Saved: ${Object.keys(changes).join(', ')}` });
      await refreshStatus();
    } catch (error) {
      const byField = {};
      const other = [];
      for (const issue of error instanceof ApiError ? error.issues : []) {
        const key = String(issue.path).split('.')[0];
        if (key in original) byField[key] = issue;
        else other.push(`${issue.path}: ${issue.message}`);
      }
      setErrors(byField);
      setMessage({ kind: 'error', text: other.length > 0 ? other.join('; ') : error.message });
    } finally {
      setSaving(false);
    }
  };

  return html`
    <form class="card config-form" data-testid="config-form" onSubmit=${submit} novalidate>
      <h3>Configuration</h3>
      ${message ? html`<p class=${`message ${message.kind}`} data-testid="config-message">${message.text}</p>` : null}
      <div class="fields">
        ${Object.keys(original).map(
          (key) => html`<${Field} key=${key} name=${key} kind=${kindOf(original[key])} value=${values[key]} error=${errors[key]}
            onInput=${(v) => setValues((prev) => ({ ...prev, [key]: v }))} />`,
        )}
      </div>
      <div class="form-actions">
        <button type="submit" class="primary" disabled=${saving}>${saving ? 'Saving…' : 'Save changes'}</button>
        <button type="button" onClick=${() => void load()}>Discard</button>
      </div>
    </form>
  `;
}
