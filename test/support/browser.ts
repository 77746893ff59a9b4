/**
 * Debian's chromium through playwright-core, for the dashboard tests: launched once per test file
 * (closed after it), and pages that record console errors and page errors.
 */
import { existsSync } from 'node:fs';
import { after, before } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';

const CHROMIUM = process.env['EVOLVE_CHROMIUM'] ?? '/usr/bin/chromium';

/** The file's browser; call at the top level of a test file. Fails (never skips) without chromium. */
export function useBrowser(): () => Browser {
  let browser: Browser | null = null;
  before(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`chromium is not installed at ${CHROMIUM}: the dashboard tests drive a real browser. Install it with "apt-get install -y chromium" (.ci/run does), or set EVOLVE_CHROMIUM to its path.`);
    }
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  });
  after(async () => {
    await browser?.close();
  });
  return () => {
    if (browser === null) throw new Error('the browser is launched in before(): use it inside a test');
    return browser;
  };
}

/** A page in a fresh context (closed after the test file) whose console and page errors land in `problems`. */
export async function watchedPage(browser: Browser, options: { height: number; timeoutMs: number }): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1366, height: options.height } });
  after(() => context.close());
  const page = await context.newPage();
  page.setDefaultTimeout(options.timeoutMs);
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  return { page, problems };
}
