/**
 * The dashboard's Activity view and the overview's recent alerts in a real browser (Debian's
 * chromium via playwright-core), against a real orchestrator (fake clock, real SQLite) and its API
 * on 127.0.0.1 port 0: alerts recorded before the page opened are listed newest first and filtered
 * by severity and task, paged 50 at a time, joined live by alerts fired while the page is open; the
 * audit trail shows who ran and disabled what; the overview lists alerts recorded before it opened.
 *
 * Needs /usr/bin/chromium (`.ci/run` installs it); without it every test fails saying so.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import type { AgentContext } from '../../src/agents/agent.js';
import { parseTaskName } from '../../src/model/ids.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { apiFixture, eventually, type ApiFixture } from '../support/api.js';
import { useBrowser, watchedPage } from '../support/browser.js';

const UI_TIMEOUT_MS = 10_000;
const MINUTE = 60_000;

const YAML = `
tasks:
  report: { agent: echo, manual: true, retry_count: 0 }
  ingest: { agent: echo, manual: true, retry_count: 0 }
`;

const agents = {
  echo: (ctx: AgentContext) => {
    ctx.logger.info('done');
    return { ok: true };
  },
};

const browser = useBrowser();

type Severity = 'info' | 'warning' | 'critical';

/** Raises an alert a minute after the previous one (so each has its own instant). */
async function raise(api: ApiFixture, kind: string, severity: Severity, task: string | null, message: string): Promise<void> {
  await api.clock.advance(MINUTE);
  assert.equal(api.orchestrator.raiseAlert({ kind, severity, task, message }), true, `the cooldown held ${kind}`);
}

interface Session {
  page: Page;
  /** Console errors, failed requests and requests to anything but this server. */
  problems: string[];
}

async function open(api: ApiFixture, hash: string): Promise<Session> {
  const { page, problems } = await watchedPage(browser(), { height: 900, timeoutMs: UI_TIMEOUT_MS });
  page.on('request', (request) => {
    if (!request.url().startsWith(api.url) && !request.url().startsWith('data:')) problems.push(`request elsewhere: ${request.url()}`);
  });
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()} ${request.failure()?.errorText ?? ''}`));
  await page.goto(`${api.url}/${hash}`);
  await page.locator('[data-testid="stream-pill"]', { hasText: 'live' }).waitFor();
  return { page, problems };
}

const alertRows = (page: Page): Locator => page.locator('[data-testid="alerts"] tbody tr');
const auditRows = (page: Page): Locator => page.locator('[data-testid="audit"] tbody tr');

/** An attribute of every row, top to bottom. */
async function column(rows: Locator, attribute: string): Promise<(string | null)[]> {
  return rows.evaluateAll((elements, name) => elements.map((e) => e.getAttribute(name)), attribute);
}

/** Waits until the rows' `attribute`s are exactly `expected`, top to bottom. */
async function rowsAre(rows: Locator, attribute: string, expected: string[]): Promise<void> {
  let last: (string | null)[] = [];
  await eventually(
    `rows ${expected.join(', ')}`,
    async () => {
      last = await column(rows, attribute);
      return JSON.stringify(last) === JSON.stringify(expected) ? true : undefined;
    },
    UI_TIMEOUT_MS,
  ).catch((error: unknown) => {
    throw new Error(`${String(error)}; the rows are ${last.join(', ')}`);
  });
}

async function markPage(page: Page): Promise<void> {
  await page.evaluate(() => Object.assign(globalThis, { __notReloaded: true }));
}

async function stillSamePage(page: Page): Promise<boolean> {
  return page.evaluate(() => (globalThis as { __notReloaded?: boolean }).__notReloaded === true);
}

describe('the dashboard\'s activity view', () => {
  it('lists the alerts recorded before the page opened, newest first, filtered by severity and by task', async () => {
    const api = await apiFixture(YAML, { agents });
    await raise(api, 'disk_low', 'info', 'report', 'disk at 80%');
    await raise(api, 'sla_breached', 'warning', 'ingest', 'ingest missed its SLA');
    await raise(api, 'error_threshold', 'critical', 'report', 'report failed 5 times');
    const { page, problems } = await open(api, '#/');
    await page.locator('nav a[href="#/activity"]', { hasText: 'Activity' }).click();
    await page.locator('nav a.active[href="#/activity"]').waitFor();

    const rows = alertRows(page);
    await rowsAre(rows, 'data-kind', ['error_threshold', 'sla_breached', 'disk_low']);
    const first = rows.first();
    assert.equal(await first.locator('.badge.critical').innerText(), 'critical');
    assert.equal(await rows.nth(1).locator('.badge.warning').innerText(), 'warning');
    assert.equal(await rows.nth(2).locator('.badge.info').innerText(), 'info');
    assert.match(await first.innerText(), /report failed 5 times/);
    assert.equal(await first.locator('a').getAttribute('href'), '#/tasks/report');
    assert.match(await first.locator('time').innerText(), /^2026-01-05 14:03:00$/);

    const severity = page.locator('[data-testid="alerts"] select[name="severity"]');
    await severity.selectOption({ label: 'Warning and above' });
    await rowsAre(rows, 'data-kind', ['error_threshold', 'sla_breached']);
    await severity.selectOption({ label: 'Critical' });
    await rowsAre(rows, 'data-kind', ['error_threshold']);

    await severity.selectOption({ label: 'All severities' });
    await page.locator('[data-testid="alerts"] select[name="task"]').selectOption('report');
    await rowsAre(rows, 'data-kind', ['error_threshold', 'disk_low']);
    await page.locator('[data-testid="alerts"] select[name="task"]').selectOption('ingest');
    await rowsAre(rows, 'data-kind', ['sla_breached']);
    await severity.selectOption({ label: 'Critical' });
    await page.locator('[data-testid="alerts"] [data-testid="empty"]', { hasText: 'No alerts recorded' }).waitFor();
    assert.equal(await rows.count(), 0);

    await page.locator('[data-testid="audit"] [data-testid="empty"]', { hasText: 'No audit entries' }).waitFor();
    assert.deepEqual(problems, []);
  });

  it('pages 50 alerts at a time: "Older" adds the rest, then goes away', async () => {
    const api = await apiFixture(YAML, { agents });
    // Distinct kinds: the cooldown holds back the same kind and task.
    const kinds = Array.from({ length: 55 }, (_, i) => `kind_${String(i).padStart(2, '0')}`);
    for (const kind of kinds) await raise(api, kind, 'warning', null, `alert ${kind}`);
    const { page, problems } = await open(api, '#/activity');

    const rows = alertRows(page);
    const newestFirst = [...kinds].reverse();
    await rowsAre(rows, 'data-kind', newestFirst.slice(0, 50));
    const older = page.locator('[data-testid="alerts"] button[data-action="older"]');
    assert.equal(await older.innerText(), 'Older');
    await older.click();
    await rowsAre(rows, 'data-kind', newestFirst);
    await older.waitFor({ state: 'detached' });
    assert.equal(await rows.count(), 55, 'no alert listed twice');
    assert.deepEqual(problems, []);
  });

  it('puts an alert fired while the page is open at the top, without a reload, when it matches the filters', async () => {
    const api = await apiFixture(YAML, { agents });
    await raise(api, 'before_open', 'warning', 'ingest', 'raised before the page opened');
    const { page, problems } = await open(api, '#/activity');
    const rows = alertRows(page);
    await rowsAre(rows, 'data-kind', ['before_open']);
    await markPage(page);

    await raise(api, 'while_open', 'critical', 'report', 'raised while the page is open');
    await rowsAre(rows, 'data-kind', ['while_open', 'before_open']);
    assert.match(await rows.first().innerText(), /raised while the page is open/);
    assert.equal(await rows.first().locator('a').getAttribute('href'), '#/tasks/report');

    await page.locator('[data-testid="alerts"] select[name="severity"]').selectOption({ label: 'Warning and above' });
    await rowsAre(rows, 'data-kind', ['while_open', 'before_open']);
    await raise(api, 'quiet_info', 'info', 'report', 'below the filter');
    await raise(api, 'loud_warning', 'warning', 'ingest', 'above the filter');
    await rowsAre(rows, 'data-kind', ['loud_warning', 'while_open', 'before_open']);

    assert.equal(await stillSamePage(page), true, 'the page was reloaded');
    assert.deepEqual(problems, []);
  });

  it('shows the audit trail: a run asked through the API and a disable with its reason; Refresh and the task filter', async () => {
    const api = await apiFixture(YAML, { agents });
    const finished = api.orchestrator.events.next('run:finished', (e) => e.run.task === 'report');
    const accepted = await api.post('/orchestrator/tasks/report/run', { body: {} });
    assert.equal(accepted.status, 202, accepted.text);
    await finished;
    const disabled = await api.post('/orchestrator/tasks/ingest/disable', { body: { reason: 'vendor maintenance' } });
    assert.equal(disabled.status, 200, disabled.text);
    const { page, problems } = await open(api, '#/activity');

    const rows = auditRows(page);
    await rowsAre(rows, 'data-action', ['task.disable', 'task.run']);
    const disable = rows.nth(0);
    assert.equal(await disable.locator('[data-col="actor"]').innerText(), 'api:local (admin)');
    assert.match(await disable.locator('[data-col="details"]').innerText(), /reason=vendor maintenance/);
    assert.equal(await disable.locator('a').getAttribute('href'), '#/tasks/ingest');
    const run = rows.nth(1);
    assert.equal(await run.locator('[data-col="actor"]').innerText(), 'api:local (admin)');
    assert.equal(await run.locator('[data-col="action"]').innerText(), 'task.run');
    const details = await run.locator('[data-col="details"]').innerText();
    assert.match(details, new RegExp(`runId=${accepted.body.run.id}`));
    assert.match(details, /trigger=manual/);
    assert.match(details, /parameters=\{\}/);

    const enabled = await api.post('/orchestrator/tasks/ingest/enable', { body: {} });
    assert.equal(enabled.status, 200, enabled.text);
    await page.locator('[data-testid="audit"] button[data-action="refresh"]').click();
    await rowsAre(rows, 'data-action', ['task.enable', 'task.disable', 'task.run']);
    await page.locator('[data-testid="audit"] select[name="task"]').selectOption('report');
    await rowsAre(rows, 'data-action', ['task.run']);
    assert.deepEqual(problems, []);
  });
});

describe('the overview\'s recent alerts', () => {
  it('lists alerts recorded before the page opened, once each, with the live ones and a link to all alerts', async () => {
    const api = await apiFixture(YAML, { agents });
    await raise(api, 'error_threshold', 'critical', 'report', 'report failed 5 times');
    // Another process's alert: in the store only, never on this server's event stream.
    await api.clock.advance(MINUTE);
    const other = new SqliteStore({ path: api.orchestrator.databasePath });
    await other.open();
    await other.appendAlert({ at: api.clock.now(), kind: 'cli_alert', severity: 'warning', task: parseTaskName('ingest'), message: 'sent by another process', details: {} });
    await other.close();

    const { page, problems } = await open(api, '#/');
    const recent = page.locator('[data-testid="recent-alerts"]');
    const items = recent.locator('li');
    await recent.locator('li', { hasText: 'sent by another process' }).waitFor();
    await recent.locator('li', { hasText: 'report failed 5 times' }).waitFor();
    assert.equal(await items.count(), 2, 'an alert both recorded and replayed by the stream is listed once');
    assert.match(await items.first().innerText(), /sent by another process/);
    assert.equal(await items.first().locator('.badge.warning').count(), 1);

    await markPage(page);
    await raise(api, 'live_one', 'info', null, 'fired while the overview is open');
    await recent.locator('li', { hasText: 'fired while the overview is open' }).waitFor();
    assert.match(await items.first().innerText(), /fired while the overview is open/);
    assert.equal(await items.count(), 3);
    assert.equal(await stillSamePage(page), true, 'the page was reloaded');

    await recent.locator('a[href="#/activity"]', { hasText: 'All alerts →' }).click();
    await rowsAre(alertRows(page), 'data-kind', ['live_one', 'cli_alert', 'error_threshold']);
    assert.deepEqual(problems, []);
  });
});
