// The dashboard's root: header (connection, token), hash routes (#/, #/tasks, #/tasks/:name,
// #/timeline, #/command) and the live store started once.
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { adoptTokenFromUrl, getToken, setToken } from './api.js';
import { html } from './html.js';
import { connect, useStore } from './store.js';
import { Command } from './views/command.js';
import { Overview } from './views/overview.js';
import { TaskPage } from './views/task-page.js';
import { Tasks } from './views/tasks.js';
import { Timeline } from './views/timeline.js';

const NAV = [
  ['#/', 'Overview'],
  ['#/tasks', 'Tasks'],
  ['#/timeline', 'Timeline'],
  ['#/command', 'Command'],
];

function useHash() {
  const [hash, setHash] = useState(window.location.hash || '#/');
  useEffect(() => {
    const update = () => setHash(window.location.hash || '#/');
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return hash;
}

function route(hash, state) {
  const path = hash.replace(/^#/, '') || '/';
  const task = /^\/tasks\/(.+)$/.exec(path);
  if (task) return html`<${TaskPage} state=${state} name=${decodeURIComponent(task[1])} />`;
  switch (path) {
    case '/tasks':
      return html`<${Tasks} state=${state} />`;
    case '/timeline':
      return html`<${Timeline} state=${state} />`;
    case '/command':
      return html`<${Command} />`;
    default:
      return html`<${Overview} state=${state} />`;
  }
}

function TokenForm() {
  const [value, setValue] = useState(getToken() ?? '');
  const submit = (event) => {
    event.preventDefault();
    setToken(value.trim());
    connect();
  };
  return html`
    <form class="token" onSubmit=${submit}>
      <input type="password" name="token" placeholder="API token" autocomplete="off" value=${value} onInput=${(e) => setValue(e.currentTarget.value)} aria-label="API token" />
      <button type="submit">${getToken() ? 'Change token' : 'Sign in'}</button>
    </form>
  `;
}

function App() {
  const state = useStore();
  const hash = useHash();
  const active = hash.startsWith('#/tasks') ? '#/tasks' : NAV.find(([h]) => h === hash)?.[0] ?? '#/';
  const running = state.status?.orchestratorRunning;
  return html`
    <header class="top">
      <a class="brand" href="#/">Evolve <span>Orchestrator</span></a>
      <nav>${NAV.map(([h, label]) => html`<a href=${h} class=${h === active ? 'active' : ''}>${label}</a>`)}</nav>
      <div class="status-pills">
        ${state.status ? html`<span class=${`pill ${running ? 'good' : 'poor'}`} data-testid="running-pill">${running ? 'running' : 'stopped'}</span>` : null}
        <span class=${`pill ${state.stream.connected ? 'good' : 'fair'}`} data-testid="stream-pill" title=${state.stream.error ?? ''}>${state.stream.connected ? 'live' : 'reconnecting…'}</span>
      </div>
      <${TokenForm} />
    </header>
    ${state.needsToken ? html`<p class="banner error">This server needs an API token: enter it above (or open the dashboard with <code>?token=…</code>).</p>` : null}
    ${state.statusError && !state.needsToken ? html`<p class="banner error">${state.statusError}</p>` : null}
    <main>${route(hash, state)}</main>
  `;
}

adoptTokenFromUrl();
connect();
const root = document.getElementById('app');
root.textContent = ''; // Preact 11 renders beside existing children: drop the boot message.
render(html`<${App} />`, root);
