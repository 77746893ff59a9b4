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

describe('calendars in the configuration', () => {
  it('adds an unscheduled closure to XNYS, and market_hours honours it', async () => {
    const h = harness(
      `
calendars:
  XNYS: { closures: ["2026-01-05"] }
tasks:
  intraday: { agent: work, interval_minutes: 60, run_at_start: false, conditions: { market_hours: true } }
`,
      { start: '2026-01-05T14:00:00.000Z' },
    );
    h.orchestrator.registerAgent('work', () => 'done');
    await h.orchestrator.start();
    await h.clock.advance(25 * HOUR); // Monday closed by the closure, Tuesday 15:00 UTC in session
    const runs = (await h.history('intraday')).reverse();
    const ran = runs.filter((r) => r.status === 'succeeded').map((r) => new Date(r.scheduledFor!).toISOString());
    assert.deepEqual(ran, ['2026-01-06T15:00:00.000Z']);
    assert.match(runs[0]!.reason!, /XNYS closed \(unscheduled closure\); next open 2026-01-06T14:30:00\.000Z/);
  });

  it('defines a calendar of its own for orchestrator.calendar', () => {
    const config = parseConfig(
      `
orchestrator: { calendar: LSE_AM }
calendars:
  LSE_AM: { timezone: Europe/London, open: "08:00", close: "12:00", early_closes: [{ date: "2026-12-24", close: "11:00" }] }
`,
      'c.yaml',
      { environ: {} },
    );
    assert.equal(config.orchestrator.calendar, 'LSE_AM');
    assert.deepEqual(config.calendars.get('LSE_AM'), {
      kind: 'defined',
      definition: { name: 'LSE_AM', timezone: 'Europe/London', open: '08:00', close: '12:00', earlyCloses: [{ date: '2026-12-24', close: '11:00' }] },
    });
  });

  it('reports each mistake in a calendar with its file:line:column and key path', () => {
    const yaml = [
      'orchestrator:',
      '  calendar: LSE_AN',
      'calendars:',
      '  XNYS: { closures: ["2026-03-02"], open: "10:00" }',
      '  LSE_AM: { timezone: Europe/London, open: "08:00", close: "07:00" }',
      '  TOKYO: { open: "09:00", close: "15:00" }',
      '  BAD: { timezone: UTC, open: "09:00", close: "17:00", holidays: ["2026-02-30"] }',
    ].join('\n');
    assert.throws(
      () => parseConfig(yaml, 'c.yaml', { environ: {} }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        const lines = error.issues.map((i) => `${i.line}:${i.column} ${i.path}`);
        assert.deepEqual(lines, [
          '2:13 orchestrator.calendar',
          '4:37 calendars.XNYS.open',
          '5:60 calendars.LSE_AM.close',
          '6:3 calendars.TOKYO.timezone',
          '7:67 calendars.BAD.holidays[0]',
        ]);
        assert.match(error.message, /did you mean 'LSE_AM'\?/);
        assert.match(error.message, /only closures can be added to it/);
        assert.match(error.message, /"2026-02-30" is not a date/);
        return true;
      },
    );
  });
});

