import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { calendarByName } from '../../src/calendar/index.js';
import { ConditionRegistry } from '../../src/conditions/condition-registry.js';
import { parseConfig } from '../../src/config/load-config.js';
import { previewSchedule } from '../../src/engine/schedule-preview.js';
import { harness } from '../support/harness.js';

const HOUR = 60 * 60_000;
const DAY = 24 * HOUR;
const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

describe('market schedules in the engine', () => {
  it('fires at session times through Thanksgiving week: none on the holiday, the early close honoured', async () => {
    const h = harness(
      `
tasks:
  scan: { agent: work, market: { calendar: XNYS, at: ["open+30m", "close-15m"] } }
  eod: { agent: work, market: { on: session_end } }
`,
      { start: '2026-11-25T20:30:00.000Z' },
    );
    h.orchestrator.registerAgent('work', () => 'done');
    await h.orchestrator.start();
    // Wednesday's close, Thanksgiving, Friday's early close (the fake clock fires every heartbeat on the way: keep it short).
    await h.clock.advanceTo(Date.parse('2026-11-27T18:01:00.000Z'));
    const slots = async (task: string) => (await h.history(task)).reverse().map((r) => `${iso(r.scheduledFor!)} ${r.status}`);
    assert.deepEqual(await slots('scan'), ['2026-11-25T20:45:00Z succeeded', '2026-11-27T15:00:00Z succeeded', '2026-11-27T17:45:00Z succeeded']);
    assert.deepEqual(await slots('eod'), ['2026-11-25T21:00:00Z succeeded', '2026-11-27T18:00:00Z succeeded']);
    const status = await h.orchestrator.getTaskStatus('scan');
    assert.equal(status.schedule, 'XNYS at open+30m, close-15m');
    assert.equal(status.nextRunAt, '2026-11-30T15:00:00.000Z');
  });

  for (const [policy, expected] of [
    ['skip', ['2026-11-25T20:30:00Z skipped', '2026-11-27T14:30:00Z skipped', '2026-11-27T16:00:00Z skipped', '2026-11-27T17:30:00Z skipped']],
    ['once', ['2026-11-25T20:30:00Z skipped', '2026-11-27T14:30:00Z skipped', '2026-11-27T16:00:00Z skipped', '2026-11-27T17:30:00Z succeeded']],
  ] as const) {
    it(`applies misfire: ${policy} to the session slots missed while down`, async () => {
      const yaml = `tasks:\n  bars: { agent: work, misfire: ${policy}, market: { every: "90m" } }\n`;
      const h = harness(yaml, { start: '2026-11-25T18:45:00.000Z' });
      h.orchestrator.registerAgent('work', () => 'done');
      await h.orchestrator.start();
      await h.clock.advance(1 * HOUR); // fires 19:00 (open 14:30 + 3 × 90 min)
      await h.orchestrator.stop();
      await h.clock.advance(3 * DAY); // down until Saturday 20:00 UTC
      const restarted = h.restart();
      restarted.registerAgent('work', () => 'done');
      await restarted.start();
      await h.clock.advance(0);
      const runs = (await h.history('bars')).reverse().map((r) => `${iso(r.scheduledFor!)} ${r.status}`);
      assert.deepEqual(runs, ['2026-11-25T19:00:00Z succeeded', ...expected]);
      assert.equal((await restarted.getTaskStatus('bars')).nextRunAt, '2026-11-30T14:30:00.000Z');
    });
  }

  it("judges market_hours on the task's own calendar", async () => {
    // Saturday: XNYS (orchestrator.calendar) is closed, 24/7 is open.
    const h = harness(
      `
tasks:
  crypto: { agent: work, market: { calendar: "24/7", every: "1h" }, conditions: { market_hours: true } }
  stocks: { agent: work, interval_minutes: 60, conditions: { market_hours: true } }
`,
      { start: '2026-11-28T10:30:00.000Z' },
    );
    h.orchestrator.registerAgent('work', () => 'done');
    await h.orchestrator.start();
    await h.clock.advance(2 * HOUR);
    assert.deepEqual(await h.statuses('crypto'), ['succeeded', 'succeeded']);
    const stocks = await h.history('stocks');
    assert.ok(stocks.length > 0 && stocks.every((r) => r.status === 'skipped'));
  });

  it('moves a stored next fire off a day closed since it was stored', async () => {
    const start = '2026-11-30T22:00:00.000Z';
    const first = harness('tasks:\n  scan: { agent: work, market: { at: open } }\n', { start });
    first.orchestrator.registerAgent('work', () => 'done');
    await first.orchestrator.start();
    assert.equal((await first.orchestrator.getTaskStatus('scan')).nextRunAt, '2026-12-01T14:30:00.000Z');
    await first.orchestrator.stop();
    // An unscheduled closure for 2026-12-01 is announced and added to the YAML.
    const second = harness('calendars:\n  XNYS: { closures: ["2026-12-01"] }\ntasks:\n  scan: { agent: work, market: { at: open } }\n', { start, dataDir: first.dataDir });
    second.orchestrator.registerAgent('work', () => 'done');
    await second.orchestrator.start();
    assert.equal((await second.orchestrator.getTaskStatus('scan')).nextRunAt, '2026-12-02T14:30:00.000Z');
    await second.clock.advanceTo(Date.parse('2026-12-01T15:00:00.000Z')); // past the closed day's open
    assert.deepEqual(await second.history('scan'), [], 'nothing fires on the closed day');
  });
});

describe('schedule preview', () => {
  it('lists fires in time order with holidays, early-close skips and clock-judged conditions', async () => {
    const h = harness(
      `
tasks:
  scan: { agent: work, market: { at: ["open+30m", "open+5h"] } }
  hourly: { agent: work, cron: "0 * * * *", conditions: { market_hours: true, system_health: 0.8 } }
  off: { agent: work, interval_minutes: 5, enabled: false }
`,
      { start: '2026-11-20T00:00:00.000Z' },
    );
    const from = Date.parse('2026-11-26T00:00:00Z');
    const preview = await h.orchestrator.previewSchedule({ from, to: from + 2 * DAY });
    const scan = preview.entries.filter((e) => e.task === 'scan').map((e) => `${iso(e.at)} ${e.fires ? 'fires' : e.reason}`);
    assert.deepEqual(scan, [
      '2026-11-26T05:00:00Z holiday: XNYS closed (Thanksgiving Day)',
      '2026-11-27T15:00:00Z fires',
      '2026-11-27T19:30:00Z open+5h: outside session: after the early close at 13:00',
    ]);
    const hourly = preview.entries.filter((e) => e.task === 'hourly');
    assert.equal(hourly.length, 48);
    assert.deepEqual(hourly.filter((e) => e.fires).map((e) => iso(e.at)), ['2026-11-27T15:00:00Z', '2026-11-27T16:00:00Z', '2026-11-27T17:00:00Z']);
    assert.match(hourly[0]!.reason!, /^condition market_hours: observed false, needs true \(XNYS closed; next open 2026-11-27T14:30:00\.000Z\)$/);
    assert.match(hourly[10]!.reason!, /XNYS closed \(Thanksgiving Day\)/);
    const sorted = preview.entries.map((e) => e.at);
    assert.deepEqual(sorted, [...sorted].sort((a, b) => a - b));
    assert.deepEqual(
      preview.tasks.map((t) => [t.task, t.idle, t.liveConditions]),
      [
        ['scan', null, []],
        ['hourly', null, ['system_health: 0.8']],
        ['off', 'disabled in the configuration', []],
      ],
    );
    assert.equal(preview.entries.filter((e) => e.task === 'off').length, 0);
  });
});

describe('schedule preview property', () => {
  it('never lists a fire of a market schedule outside a session', async () => {
    const rules = ['at: ["open", "open+2h", "close-15m", "close"]', 'every: "7m"', 'every: "1h"', 'on: session_end', 'on: session_start', 'at: open+6h'];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('XNYS', 'XNAS', 'weekdays', '24/7'),
        fc.constantFrom(...rules),
        fc.integer({ min: Date.parse('1995-01-01T00:00:00Z'), max: Date.parse('2030-06-01T00:00:00Z') }),
        fc.integer({ min: 1, max: 21 }),
        async (calendar, rule, from, days) => {
          const config = parseConfig(`tasks:\n  t: { market: { calendar: "${calendar}", ${rule} } }\n`, 'p.yaml', { environ: {} });
          const preview = await previewSchedule({
            tasks: [...config.tasks.values()],
            disabled: new Map(),
            nextFireAt: new Map(),
            from,
            to: from + days * DAY,
            limit: 100_000,
            calendars: calendarByName,
            conditions: new ConditionRegistry(),
          });
          const cal = calendarByName(calendar);
          for (const entry of preview.entries.filter((e) => e.fires)) {
            const sessions = [cal.dateOf(entry.at), cal.dateOf(entry.at - 1)].map((date) => cal.session(date));
            assert.ok(sessions.some((s) => s !== null && s.open <= entry.at && entry.at <= s.close), `${iso(entry.at)} (${calendar} ${rule}) is outside every session`);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
