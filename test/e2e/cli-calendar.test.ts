import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { ensureBuilt, evolve } from '../support/evolve-cli.js';
import { tempDir } from '../support/temp-dir.js';

describe('evolve calendar', () => {
  before(() => ensureBuilt());

  it('lists XNYS sessions one a line, with holidays left out and early closes marked', async () => {
    const result = await evolve(['calendar', 'sessions', 'XNYS', '--from', '2026-11-24', '--to', '2026-11-30']);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(result.stdout.trim().split('\n'), [
      '2026-11-24  09:30–16:00 America/New_York  (2026-11-24T14:30:00Z – 2026-11-24T21:00:00Z)',
      '2026-11-25  09:30–16:00 America/New_York  (2026-11-25T14:30:00Z – 2026-11-25T21:00:00Z)',
      '2026-11-27  09:30–13:00 America/New_York  (2026-11-27T14:30:00Z – 2026-11-27T18:00:00Z)  early close',
      '2026-11-30  09:30–16:00 America/New_York  (2026-11-30T14:30:00Z – 2026-11-30T21:00:00Z)',
    ]);
  });

  it('gives the sessions as JSON, opening an hour earlier in UTC in summer', async () => {
    const result = await evolve(['calendar', 'sessions', 'XNAS', '--from', '2024-07-03', '--to', '2024-07-05', '--json']);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), [
      { date: '2024-07-03', open: '2024-07-03T13:30:00.000Z', close: '2024-07-03T17:00:00.000Z', earlyClose: true },
      { date: '2024-07-05', open: '2024-07-05T13:30:00.000Z', close: '2024-07-05T20:00:00.000Z', earlyClose: false },
    ]);
  });

  it('says whether the market is open and when it next opens and closes', async () => {
    const result = await evolve(['calendar', 'next', '24/7', '--json']);
    assert.equal(result.code, 0, result.stderr);
    const next = JSON.parse(result.stdout) as { calendar: string; open: boolean; nextOpen: string; nextClose: string };
    assert.equal(next.calendar, '24/7');
    assert.equal(next.open, true);
    assert.ok(Date.parse(next.nextClose) > Date.now());
  });

  it('exits 2 with the closest name for an unknown calendar, and for a bad date', async () => {
    const unknown = await evolve(['calendar', 'next', 'XNSY']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown calendar "XNSY"; did you mean "XNYS"\?/);
    const badDate = await evolve(['calendar', 'sessions', '--from', '2026-02-30']);
    assert.equal(badDate.code, 2);
    assert.match(badDate.stderr, /expected a date as YYYY-MM-DD/);
  });
});

describe('evolve schedule preview', () => {
  before(() => ensureBuilt());

  function project(): string[] {
    const dir = tempDir();
    const config = join(dir, 'schedule.yaml');
    writeFileSync(
      config,
      [
        'calendars:',
        '  XNYS: { closures: ["2026-11-30"] }',
        'tasks:',
        '  open_scan: { market: { at: ["open+30m", "open+4h"] } }',
        '  close_report: { market: { on: session_end } }',
        '  crypto: { market: { calendar: "24/7", every: "12h" } }',
        '  manual_job: { manual: true }',
      ].join('\n'),
    );
    return ['--config', config, '--data-dir', join(dir, 'data')];
  }

  it('lists every fire in time order, with holidays, closures and early-close skips', async () => {
    const result = await evolve([...project(), 'schedule', 'preview', '--from', '2026-11-26', '--days', '5']);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(result.stdout.trim().split('\n'), [
      'Schedule from 2026-11-26T00:00:00Z to 2026-12-01T00:00:00Z',
      '2026-11-26T00:00:00Z  crypto        fires',
      '2026-11-26            close_report  skipped  holiday: XNYS closed (Thanksgiving Day)',
      '2026-11-26            open_scan     skipped  holiday: XNYS closed (Thanksgiving Day)',
      '2026-11-26T12:00:00Z  crypto        fires',
      '2026-11-27T00:00:00Z  crypto        fires',
      '2026-11-27T12:00:00Z  crypto        fires',
      '2026-11-27T15:00:00Z  open_scan     fires',
      '2026-11-27T18:00:00Z  close_report  fires',
      '2026-11-27T18:30:00Z  open_scan     skipped  open+4h: outside session: after the early close at 13:00',
      '2026-11-28T00:00:00Z  crypto        fires',
      '2026-11-28T12:00:00Z  crypto        fires',
      '2026-11-29T00:00:00Z  crypto        fires',
      '2026-11-29T12:00:00Z  crypto        fires',
      '2026-11-30T00:00:00Z  crypto        fires',
      '2026-11-30            close_report  skipped  closed: XNYS unscheduled closure',
      '2026-11-30            open_scan     skipped  closed: XNYS unscheduled closure',
      '2026-11-30T12:00:00Z  crypto        fires',
      '',
      '12 fires, 5 skipped',
      'manual_job: no fires (manual: runs only when triggered)',
    ]);
  });

  it('gives the same as JSON, and exits 2 for an unknown task or a bad window', async () => {
    const args = project();
    const result = await evolve([...args, '--json', 'schedule', 'preview', '--from', '2026-11-27T14:00:00Z', '--days', '0.25', '--task', 'open_scan']);
    assert.equal(result.code, 0, result.stderr);
    const preview = JSON.parse(result.stdout) as { from: string; to: string; entries: unknown[] };
    assert.equal(preview.to, '2026-11-27T20:00:00Z');
    assert.deepEqual(preview.entries, [
      { at: '2026-11-27T15:00:00Z', task: 'open_scan', fires: true, reason: null },
      { at: '2026-11-27T18:30:00Z', task: 'open_scan', fires: false, reason: 'open+4h: outside session: after the early close at 13:00' },
    ]);
    const unknown = await evolve([...args, 'schedule', 'preview', '--task', 'open_scna']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /open_scan/);
    const bad = await evolve([...args, 'schedule', 'preview', '--days', '0']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /expected a number of days > 0/);
  });
});
