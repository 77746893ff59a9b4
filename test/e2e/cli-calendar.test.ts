import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { ensureBuilt, evolve } from '../support/evolve-cli.js';

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
