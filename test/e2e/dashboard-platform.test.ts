/**
 * The dashboard's Platform view in a real browser (Debian's chromium via playwright-core) on the
 * integrated system: the nav offers it, and after the trading pipeline runs the view shows the
 * positions and a forecast with its intervals, without a reload.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { integratedApi } from '../support/integrated-api.js';

const CHROMIUM = process.env['EVOLVE_CHROMIUM'] ?? '/usr/bin/chromium';
const UI_TIMEOUT_MS = 20_000;

let browser: Browser;

before(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`chromium is not installed at ${CHROMIUM}: install it with "apt-get install -y chromium", or set EVOLVE_CHROMIUM to its path.`);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
});

after(async () => {
  await browser?.close();
});

describe('the dashboard in integrated mode', () => {
  it('offers #/platform and shows the positions and a forecast with its intervals once the pipeline has run', async () => {
    const api = await integratedApi();
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    after(() => context.close());
    const page = await context.newPage();
    page.setDefaultTimeout(UI_TIMEOUT_MS);
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    await page.goto(`${api.url}/#/`);
    await page.locator('nav a[href="#/platform"]', { hasText: 'Platform' }).click();
    await page.locator('[data-testid="platform-view"]').waitFor();
    await page.evaluate(() => Object.assign(globalThis, { __notReloaded: true }));
    await api.pipeline();
    const position = page.locator('[data-testid="platform-positions"] tr[data-symbol]').first();
    await position.waitFor();
    await page.locator('[data-testid="platform-forecasts"] tr[data-symbol="AAPL"] [data-col="interval95"]', { hasText: '–' }).waitFor();
    await page.locator('[data-testid="risk-var95"]', { hasText: '%' }).waitFor();
    await page.locator('[data-testid="platform-fills"] tr[data-trade]').first().waitFor();
    await page.locator('[data-testid="platform-explanations"] li').first().waitFor();
    await page.locator('[data-testid="platform-equity-chart"] canvas').waitFor();
    assert.equal(await page.evaluate(() => (globalThis as { __notReloaded?: boolean }).__notReloaded === true), true, 'the page was reloaded');
    assert.deepEqual(problems, []);
  });
});
