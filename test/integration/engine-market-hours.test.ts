import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfig } from '../../src/config/load-config.js';
import { ConfigError } from '../../src/errors.js';
import { harness } from '../support/harness.js';

const HOUR = 60 * 60_000;

describe('the market_hours condition', () => {
  it('runs in session only when true, outside it only when false, and says why it skipped', async () => {
    // Saturday 2026-01-03 15:00 UTC: NYSE closed. Hourly through Monday 2026-01-05 16:00 UTC.
    const h = harness(
      `
tasks:
  intraday: { agent: work, interval_minutes: 60, conditions: { market_hours: true } }
  overnight: { agent: work, interval_minutes: 60, conditions: { market_hours: false } }
`,
      { start: '2026-01-03T15:00:00.000Z' },
    );
    h.orchestrator.registerAgent('work', () => 'done');
    await h.orchestrator.start();
    await h.clock.advance(49 * HOUR); // to Monday 16:00 UTC = 11:00 New York
    const intraday = (await h.history('intraday')).reverse();
    assert.equal(intraday[0]!.status, 'skipped');
    assert.equal(intraday[0]!.reason, 'condition market_hours: observed false, needs true (XNYS closed; next open 2026-01-05T14:30:00.000Z)');
    const ran = intraday.filter((r) => r.status === 'succeeded').map((r) => new Date(r.scheduledFor!).toISOString());
    assert.deepEqual(ran, ['2026-01-05T15:00:00.000Z', '2026-01-05T16:00:00.000Z'], 'only Monday after the 14:30 UTC open');
    const overnight = (await h.history('overnight')).reverse();
    assert.equal(overnight.filter((r) => r.status === 'succeeded').length, 48);
    assert.match(overnight.at(-1)!.reason!, /^condition market_hours: observed true, needs false \(XNYS in session until 2026-01-05T21:00:00\.000Z\)$/);
  });

  it('uses orchestrator.calendar, and names the closest calendar for an unknown one', () => {
    assert.equal(parseConfig('orchestrator: { calendar: "24/7" }', 'c.yaml', { environ: {} }).orchestrator.calendar, '24/7');
    assert.equal(parseConfig('orchestrator: { calendar: xnas }', 'c.yaml', { environ: {} }).orchestrator.calendar, 'XNAS');
    assert.equal(parseConfig('tasks: {}', 'c.yaml', { environ: {} }).orchestrator.calendar, 'XNYS');
    assert.throws(
      () => parseConfig('orchestrator:\n  calendar: XNSY\n', 'c.yaml', { environ: {} }),
      (error: unknown) => error instanceof ConfigError && /c\.yaml:2:13: orchestrator\.calendar: .*\n\s+fix: did you mean 'XNYS'\?/.test(error.message),
    );
  });
});
