/**
 * The dashboard in a real browser: Debian's chromium driven by playwright-core, against a real
 * orchestrator (fake clock, real SQLite) and its API on 127.0.0.1 port 0. Each test asserts what a
 * person would see: the page loads from this server alone, a run triggered elsewhere shows up in
 * the tasks table without a reload, "Run now" runs a task to the end, and an invalid configuration
 * value is refused with the server's message next to the field.
 *
 * Needs /usr/bin/chromium (`.ci/run` installs it); without it every test fails saying so.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { AgentContext } from '../../src/agents/agent.js';
import { apiFixture, call, type ApiFixture } from '../support/api.js';
import { useBrowser, watchedPage } from '../support/browser.js';
import { deferred } from '../support/harness.js';

const UI_TIMEOUT_MS = 10_000;

const YAML = `
tasks:
  report: { agent: echo, manual: true, retry_count: 0, description: "Daily report" }
  slow: { agent: slow, manual: true, retry_count: 0 }
  heartbeat: { agent: echo, interval_minutes: 5, run_at_start: false, retry_count: 0, dependencies: [report] }
`;

function agents(gate: { promise: Promise<void> }) {
  return {
    echo: (ctx: AgentContext) => {
      ctx.logger.info('report written');
      return { rows: 3 };
    },
    slow: (ctx: AgentContext) =>
      new Promise((resolve, reject) => {
        ctx.progress(0.4, 'working');
        void gate.promise.then(() => resolve({ done: true }));
        ctx.signal.addEventListener('abort', () => reject(new Error('aborted')));
      }),
  };
}

const browser = useBrowser();

interface Session {
  api: ApiFixture;
  page: Page;
  gate: { resolve: () => void };
  /** Console errors, failed requests and requests to anything but this server. */
  problems: string[];
}

async function open(hash = '#/', options: { token?: string; tokens?: boolean } = {}): Promise<Session> {
  const gate = deferred();
  const api = await apiFixture(YAML, {
    agents: agents(gate),
    ...(options.tokens ? { server: { environ: { EVOLVE_API_TOKENS: 'admin:s3cret-admin,viewer:s3cret-viewer' } } } : {}),
  });
  const { page, problems } = await watchedPage(browser(), { height: 800, timeoutMs: UI_TIMEOUT_MS });
  page.on('request', (request) => {
    if (!request.url().startsWith(api.url) && !request.url().startsWith('data:')) problems.push(`request elsewhere: ${request.url()}`);
  });
  const query = options.token === undefined ? '' : `?token=${encodeURIComponent(options.token)}`;
  await page.goto(`${api.url}/${query}${hash}`);
  await page.locator('[data-testid="stream-pill"]', { hasText: 'live' }).waitFor();
  return { api, page, gate, problems };
}

/** Marks the page so a test can prove it was never reloaded. */
async function markPage(page: Page): Promise<void> {
  await page.evaluate(() => Object.assign(globalThis, { __notReloaded: true }));
}

async function stillSamePage(page: Page): Promise<boolean> {
  return page.evaluate(() => (globalThis as { __notReloaded?: boolean }).__notReloaded === true);
}

const cell = (page: Page, task: string, column: string, text: string) => page.locator(`tr[data-task="${task}"] [data-col="${column}"]`, { hasText: text });

describe('the dashboard', () => {
  it('is served at / with its modules and styles from this server, outside the API document', async () => {
    const { api } = await open();
    const index = await call(api.url, 'GET', '/');
    assert.equal(index.status, 200);
    assert.match(index.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(index.text, /importmap/);
    const app = await call(api.url, 'GET', '/dashboard/app.js');
    assert.match(app.headers.get('content-type') ?? '', /^text\/javascript/);
    const preact = await call(api.url, 'GET', '/dashboard/vendor/preact.js');
    assert.equal(preact.status, 200);
    const css = await call(api.url, 'GET', '/dashboard/vendor/uplot.css');
    assert.match(css.headers.get('content-type') ?? '', /^text\/css/);
    assert.equal((await call(api.url, 'GET', '/dashboard/..%2Fapi.js')).status, 404);
    assert.equal((await call(api.url, 'GET', '/dashboard/nothing.js')).status, 404);
    const openapi = await call(api.url, 'GET', '/openapi.json');
    assert.equal(openapi.status, 200);
    assert.ok(openapi.body.paths['/orchestrator/status']);
    assert.equal(openapi.body.paths['/'], undefined);
    assert.equal(openapi.body.paths['/dashboard/*'], undefined);
  });

  it('shows the overview: running, the health gauge, tasks by state, and makes no request elsewhere', async () => {
    const { page, problems } = await open('#/');
    await page.locator('[data-testid="orchestrator-state"]', { hasText: 'Running' }).waitFor();
    await page.locator('[data-testid="health-gauge"]').waitFor();
    await page.locator('[data-testid="tasks-by-state"] [data-count="idle"]').waitFor();
    for (const hash of ['#/tasks', '#/timeline', '#/command', '#/tasks/heartbeat']) {
      // The page's window (the test's tsconfig has no DOM types).
      await page.evaluate((h) => ((globalThis as unknown as { location: { hash: string } }).location.hash = h), hash);
      await page.locator('main > *').first().waitFor();
    }
    await page.locator('[data-testid="dependency-graph"]').count();
    assert.equal(await page.locator('nav a[href="#/platform"]').count(), 0, 'no Platform entry without the platform');
    assert.deepEqual(problems, []);
  });

  it('shows a run started through the API in the tasks table as it runs and finishes, without a reload', async () => {
    const { api, page, gate, problems } = await open('#/tasks');
    await cell(page, 'slow', 'last', 'never run').waitFor();
    await markPage(page);
    const accepted = await api.post('/orchestrator/tasks/slow/run', { body: {} });
    assert.equal(accepted.status, 202, accepted.text);
    await cell(page, 'slow', 'state', 'running').waitFor();
    await page.locator('tr[data-task="slow"] progress').waitFor();
    gate.resolve();
    await cell(page, 'slow', 'last', 'succeeded').waitFor();
    await cell(page, 'slow', 'success', '100%').waitFor();
    assert.equal(await stillSamePage(page), true, 'the page was reloaded');
    assert.deepEqual(problems, []);
  });

  it('runs a task with "Run now" and shows it finish', async () => {
    const { api, page, problems } = await open('#/tasks');
    await markPage(page);
    await page.locator('tr[data-task="report"] button[data-action="run"]').click();
    await page.locator('[data-testid="action-message"]', { hasText: 'queued' }).waitFor();
    await cell(page, 'report', 'last', 'succeeded').waitFor();
    const history = await api.history('report');
    assert.equal(history.length, 1);
    assert.equal(history[0]?.status, 'succeeded');
    assert.equal(history[0]?.trigger, 'manual');
    assert.equal(await stillSamePage(page), true);
    assert.deepEqual(problems, []);
  });

  it('disables and enables a task from the table', async () => {
    const { api, page } = await open('#/tasks');
    await page.locator('tr[data-task="heartbeat"] button[data-action="disable"]').click();
    await cell(page, 'heartbeat', 'state', 'disabled').waitFor();
    assert.equal((await api.get('/orchestrator/tasks/heartbeat')).body.status.enabled, false);
    await page.locator('tr[data-task="heartbeat"] button[data-action="enable"]').click();
    await cell(page, 'heartbeat', 'state', 'scheduled').waitFor();
  });

  it('shows the server\'s validation error next to the field for an invalid configuration value', async () => {
    const { api, page, problems } = await open('#/tasks/report');
    const field = page.locator('[data-testid="config-form"] input[name="retry_count"]');
    await field.fill('-1');
    await page.locator('[data-testid="config-form"] button[type="submit"]').click();
    const error = page.locator('[data-field-error="retry_count"]');
    await error.waitFor();
    assert.match(await error.innerText(), /whole number ≥ 0, got -1/);
    assert.equal((await api.get('/orchestrator/tasks/report')).body.config.retry_count, 0, 'nothing was changed');
    await field.fill('4');
    await page.locator('[data-testid="config-form"] button[type="submit"]').click();
    await page.locator('[data-testid="config-message"]', { hasText: 'Saved: retry_count' }).waitFor();
    assert.equal(await error.count(), 0);
    assert.equal((await api.get('/orchestrator/tasks/report')).body.config.retry_count, 4);
    // The 400 of the invalid value is the one console error Chromium logs for it.
    assert.deepEqual(problems.filter((p) => !/status of 400/.test(p)), []);
  });

  it('shows a task page with its history, duration chart and the run log tail', async () => {
    const { api, page } = await open('#/tasks/report');
    const finished = api.orchestrator.events.next('run:finished', (e) => e.run.task === 'report');
    await api.post('/orchestrator/tasks/report/run', { body: {} });
    await finished;
    await page.locator('[data-testid="run-history"] tr[data-run] .badge', { hasText: 'succeeded' }).waitFor();
    await page.locator('[data-testid="duration-chart"] canvas').waitFor();
    await page.locator('[data-testid="run-log"] pre.log', { hasText: 'report written' }).waitFor();
  });

  it('runs a command from the command box and shows its answer', async () => {
    const { page } = await open('#/command');
    await page.locator('[data-testid="command-form"] input[name="command"]').fill('help');
    await page.locator('[data-testid="command-form"] button[type="submit"]').click();
    await page.locator('[data-testid="command-result"]', { hasText: 'System commands' }).waitFor();
  });

  it('takes a token from ?token=, keeps it out of the address bar and follows the stream with it', async () => {
    const { api, page, gate } = await open('#/tasks', { token: 's3cret-admin', tokens: true });
    assert.doesNotMatch(page.url(), /token/);
    assert.equal((await call(api.url, 'GET', '/orchestrator/status')).status, 401, 'the API needs the token');
    await api.request('POST', '/orchestrator/tasks/slow/run', { token: 's3cret-admin', body: {} });
    await cell(page, 'slow', 'state', 'running').waitFor();
    gate.resolve();
    await cell(page, 'slow', 'last', 'succeeded').waitFor();
  });

  it('asks for a token when the server needs one', async () => {
    const { page } = await openWithoutToken();
    await page.locator('.banner', { hasText: 'needs an API token' }).waitFor();
    await page.locator('form.token input[name="token"]').fill('s3cret-viewer');
    await page.locator('form.token button[type="submit"]').click();
    await page.locator('[data-testid="stream-pill"]', { hasText: 'live' }).waitFor();
    await page.locator('[data-testid="orchestrator-state"]', { hasText: 'Running' }).waitFor();
  });
});

async function openWithoutToken(): Promise<{ page: Page }> {
  const api = await apiFixture(YAML, { agents: agents(deferred()), server: { environ: { EVOLVE_API_TOKENS: 'viewer:s3cret-viewer' } } });
  const context = await browser().newContext();
  after(() => context.close());
  const page = await context.newPage();
  page.setDefaultTimeout(UI_TIMEOUT_MS);
  await page.goto(`${api.url}/`);
  return { page };
}
