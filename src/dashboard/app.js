// The dashboard's root: header (connection, token), hash routes (#/, #/tasks, #/tasks/:name,
// #/timeline, #/activity, #/command, and #/platform when the server has the platform views) and
// the live store started once.
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { adoptTokenFromUrl, getToken, setToken } from './api.js';
import { html } from './html.js';
import { connect, useStore } from './store.js';
import { Activity } from './views/activity.js';
import { Command } from './views/command.js';
import { Overview } from './views/overview.js';
import { Platform, hasPlatform } from './views/platform.js';
import { TaskPage } from './views/task-page.js';
import { Tasks } from './views/tasks.js';
import { Timeline } from './views/timeline.js';

const NAV = [
  ['#/', 'Overview'],
  ['#/tasks', 'Tasks'],
  ['#/timeline', 'Timeline'],
  ['#/activity', 'Activity'],
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
    case '/activity':
      return html`<${Activity} state=${state} />`;
    case '/command':
      return html`<${Command} />`;
    case '/platform':
      return html`<${Platform} state=${state} />`;
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

/**
 * The Platform entry joins the nav once the server says it has the views: asked after the status
 * has loaded (so never without a valid token), through the OpenAPI document (a 404 probe would be
 * a console error on every standalone dashboard).
 */
function useNav(ready) {
  const [platform, setPlatform] = useState(false);
  useEffect(() => {
    if (!ready) return undefined;
    let live = true;
    void hasPlatform().then((has) => live && setPlatform(has));
    return () => {
      live = false;
    };
  }, [ready]);
  return platform ? [...NAV, ['#/platform', 'Platform']] : NAV;
}

function App() {
  const state = useStore();
  const hash = useHash();
  const nav = useNav(state.status !== null);
  const active = hash.startsWith('#/tasks') ? '#/tasks' : nav.find(([h]) => h === hash)?.[0] ?? '#/';
  const running = state.status?.orchestratorRunning;
  return html`
    <header class="top">
      <a class="brand" href="#/">Evolve <span>Orchestrator</span></a>
      <nav>${nav.map(([h, label]) => html`<a href=${h} class=${h === active ? 'active' : ''}>${label}</a>`)}</nav>
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
