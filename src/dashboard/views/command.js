// The command box: POST /orchestrator/execute with a system command ("forecast AAPL 7d", "help")
// and optional JSON parameters; the answer comes when the command's run has finished.
import { useState } from 'preact/hooks';
import { post } from '../api.js';
import { html } from '../html.js';

export function Command() {
  const [command, setCommand] = useState('help');
  const [parameters, setParameters] = useState('');
  const [busy, setBusy] = useState(false);
  const [history, setHistory] = useState([]);

  const submit = async (event) => {
    event.preventDefault();
    let params;
    try {
      params = parameters.trim() === '' ? undefined : JSON.parse(parameters);
    } catch (error) {
      setHistory((h) => [{ command, ok: false, text: `parameters are not valid JSON: ${error.message}` }, ...h]);
      return;
    }
    setBusy(true);
    try {
      const answer = await post('/orchestrator/execute', params === undefined ? { command } : { command, parameters: params });
      const text = typeof answer.result === 'string' ? answer.result : JSON.stringify(answer.result, null, 2);
      setHistory((h) => [{ command: answer.command, ok: answer.run ? answer.run.status === 'succeeded' : true, run: answer.run ?? null, text }, ...h].slice(0, 20));
    } catch (error) {
      const issues = error.issues?.map((i) => `${i.path}: ${i.message}`).join('\n');
      setHistory((h) => [{ command, ok: false, text: issues ? `${error.message}\n${issues}` : error.message }, ...h].slice(0, 20));
    } finally {
      setBusy(false);
    }
  };

  return html`
    <section class="card">
      <h3>Command</h3>
      <form class="command" onSubmit=${submit} data-testid="command-form">
        <input name="command" class="mono" value=${command} onInput=${(e) => setCommand(e.currentTarget.value)} placeholder="forecast AAPL 7d" aria-label="command" />
        <textarea name="parameters" class="mono" rows="2" value=${parameters} onInput=${(e) => setParameters(e.currentTarget.value)} placeholder='parameters as JSON (optional), e.g. {"symbols": ["AAPL"]}'></textarea>
        <button type="submit" class="primary" disabled=${busy}>${busy ? 'Running…' : 'Execute'}</button>
      </form>
      <p class="muted small">Type <code>help</code> for the commands. A command that runs a task answers when its run has finished.</p>
    </section>
    ${history.map(
      (entry) => html`<section class=${`card result ${entry.ok ? '' : 'failed'}`} data-testid="command-result">
        <h4><code>${entry.command}</code>${entry.run ? html` → run <a href=${`#/tasks/${encodeURIComponent(entry.run.task)}`}>${entry.run.id}</a> <span class=${`badge ${entry.run.status}`}>${entry.run.status}</span>` : null}</h4>
        <pre>${entry.text}</pre>
      </section>`,
    )}
  `;
}
