/**
 * The dashboard's Platform view in a real browser (Debian's chromium via playwright-core) on the
 * integrated system: the nav offers it, and after the trading pipeline runs the view shows the
 * positions and a forecast with its intervals, without a reload.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useBrowser, watchedPage } from '../support/browser.js';
import { integratedApi } from '../support/integrated-api.js';

const UI_TIMEOUT_MS = 20_000;
const browser = useBrowser();

describe('the dashboard in integrated mode', () => {
  it('offers #/platform and shows the positions and a forecast with its intervals once the pipeline has run', async () => {
    const api = await integratedApi();
    const { page, problems } = await watchedPage(browser(), { height: 900, timeoutMs: UI_TIMEOUT_MS });
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
