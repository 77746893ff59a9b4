import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EvolveError } from '../../src/errors.js';
import type { SlotSchedule } from '../../src/schedule/index.js';
import { compileCron, firstSlot, nextSlot, slotsBetween } from '../../src/schedule/index.js';

const NY = 'America/New_York';
const cron = (expression: string, timezone = NY): SlotSchedule => ({ kind: 'cron', expression, timezone });
const at = (iso: string): number => Date.parse(iso);
const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** The fires of `schedule` after `from`, walked with nextSlot, up to and including `to`. */
function walk(schedule: SlotSchedule, from: number, to: number): string[] {
  const fires: string[] = [];
  for (let s = nextSlot(schedule, from); s !== null && s <= to; s = nextSlot(schedule, s)) fires.push(iso(s) ?? '');
  return fires;
}

describe('cron across a spring-forward change (America/New_York, 2026-03-08, 02:00 EST -> 03:00 EDT)', () => {
  it('fires a skipped fixed time once, at the first valid instant after it', () => {
    assert.deepEqual(walk(cron('30 2 * * *'), at('2026-03-06T12:00Z'), at('2026-03-10T12:00Z')), [
      '2026-03-07T07:30:00.000Z', // 02:30 EST
      '2026-03-08T07:00:00.000Z', // 02:30 does not exist: 03:00 EDT
      '2026-03-09T06:30:00.000Z', // 02:30 EDT
      '2026-03-10T06:30:00.000Z',
    ]);
  });

  it('fires a skipped time of a list of fixed times too (croner needs fixedTimeRule no-wildcard for this)', () => {
    assert.deepEqual(walk(cron('15 2,14 * * *'), at('2026-03-08T00:00Z'), at('2026-03-09T00:00Z')), [
      '2026-03-08T07:00:00.000Z',
      '2026-03-08T18:15:00.000Z',
    ]);
  });

  it('fires several skipped times together, once', () => {
    assert.deepEqual(walk(cron('0,30 2-3 * * *'), at('2026-03-08T05:00Z'), at('2026-03-08T09:00Z')), [
      '2026-03-08T07:00:00.000Z', // 02:00, 02:30 and 03:00 EDT
      '2026-03-08T07:30:00.000Z', // 03:30 EDT
    ]);
  });

  it('keeps an hourly cron firing every real hour: 23 fires that day', () => {
    const day = slotsBetween(cron('0 * * * *'), at('2026-03-08T05:00Z'), at('2026-03-09T03:59:59Z'), 100);
    assert.equal(day.total, 23);
    assert.equal(day.slots.length, 23);
    assert.ok(day.slots.every((s, i) => i === 0 || s - (day.slots[i - 1] ?? 0) === 3_600_000));
    assert.deepEqual(day.slots.slice(1, 3).map(iso), ['2026-03-08T06:00:00.000Z', '2026-03-08T07:00:00.000Z']);
  });

  it('keeps a minutely cron firing every real minute: 1,380 fires that day', () => {
    const day = slotsBetween(cron('* * * * *'), at('2026-03-08T05:00Z'), at('2026-03-09T03:59:59Z'), 2_000);
    assert.equal(day.total, 1_380);
    assert.ok(day.slots.every((s, i) => i === 0 || s - (day.slots[i - 1] ?? 0) === 60_000));
  });

  it('steps in wall-clock time: */2 hours has no 02:00 that day', () => {
    assert.deepEqual(walk(cron('0 */2 * * *'), at('2026-03-08T04:00Z'), at('2026-03-08T09:00Z')), [
      '2026-03-08T05:00:00.000Z', // 00:00 EST
      '2026-03-08T08:00:00.000Z', // 04:00 EDT
    ]);
  });

  it('applies to 6-field expressions: a fixed time fires after the gap, a seconds wildcard skips it', () => {
    assert.deepEqual(walk(cron('0 30 2 * * *'), at('2026-03-08T00:00Z'), at('2026-03-09T00:00Z')), ['2026-03-08T07:00:00.000Z']);
    assert.deepEqual(walk(cron('*/20 * 2 * * *'), at('2026-03-08T00:00Z'), at('2026-03-09T00:00Z')), []);
  });
});

describe('cron across a fall-back change (America/New_York, 2026-11-01, 02:00 EDT -> 01:00 EST)', () => {
  it('fires a repeated fixed time once, at its first occurrence', () => {
    assert.deepEqual(walk(cron('30 1 * * *'), at('2026-10-31T12:00Z'), at('2026-11-02T12:00Z')), [
      '2026-11-01T05:30:00.000Z', // 01:30 EDT, not 06:30Z (01:30 EST)
      '2026-11-02T06:30:00.000Z',
    ]);
  });

  it('does not return the second occurrence when asked from inside the repeated hour', () => {
    for (const after of ['2026-11-01T05:30:00Z', '2026-11-01T05:45:00Z', '2026-11-01T06:15:00Z', '2026-11-01T06:29:59Z']) {
      assert.equal(iso(nextSlot(cron('30 1 * * *'), at(after))), '2026-11-02T06:30:00.000Z', after);
    }
    assert.equal(iso(firstSlot(cron('30 1 * * *'), at('2026-11-01T06:00:00Z'))), '2026-11-02T06:30:00.000Z');
  });

  it('fires an hourly cron at 01:00 EDT and 01:00 EST, distinct instants: 25 fires that day', () => {
    const day = slotsBetween(cron('0 * * * *'), at('2026-11-01T04:00Z'), at('2026-11-02T04:59:59Z'), 100);
    assert.equal(day.total, 25);
    assert.ok(day.slots.every((s, i) => i === 0 || s - (day.slots[i - 1] ?? 0) === 3_600_000));
    assert.deepEqual(day.slots.slice(1, 3).map(iso), ['2026-11-01T05:00:00.000Z', '2026-11-01T06:00:00.000Z']);
  });

  it('fires a minutely cron every real minute: 1,500 fires that day', () => {
    assert.equal(slotsBetween(cron('* * * * *'), at('2026-11-01T04:00Z'), at('2026-11-02T04:59:59Z'), 0).total, 1_500);
  });
});

describe('cron in Europe/London (changes at 01:00 UTC)', () => {
  const LONDON = 'Europe/London';

  it('moves from 00:59 GMT to 02:00 BST at 01:00 UTC on 2026-03-29', () => {
    assert.deepEqual(walk(cron('* * * * *', LONDON), at('2026-03-29T00:58Z'), at('2026-03-29T01:01Z')), [
      '2026-03-29T00:59:00.000Z',
      '2026-03-29T01:00:00.000Z',
      '2026-03-29T01:01:00.000Z',
    ]);
    assert.deepEqual(walk(cron('30 1 * * *', LONDON), at('2026-03-28T12:00Z'), at('2026-03-30T12:00Z')), [
      '2026-03-29T01:00:00.000Z', // 01:30 does not exist: 02:00 BST
      '2026-03-30T00:30:00.000Z',
    ]);
  });

  it('repeats 01:00-02:00 from 01:00 UTC on 2026-10-25', () => {
    assert.deepEqual(walk(cron('30 1 * * *', LONDON), at('2026-10-24T12:00Z'), at('2026-10-26T12:00Z')), [
      '2026-10-25T00:30:00.000Z', // 01:30 BST only
      '2026-10-26T01:30:00.000Z',
    ]);
    assert.deepEqual(walk(cron('30 * * * *', LONDON), at('2026-10-24T23:00Z'), at('2026-10-25T02:00Z')), [
      '2026-10-24T23:30:00.000Z',
      '2026-10-25T00:30:00.000Z', // 01:30 BST
      '2026-10-25T01:30:00.000Z', // 01:30 GMT
    ]);
  });
});

describe('cron expressions', () => {
  it('accept 5 fields (minute first) and 6 fields (seconds first)', () => {
    const after = at('2026-01-05T12:00:00Z'); // a Monday, 07:00 EST
    assert.equal(iso(nextSlot(cron('30 9 * * 1-5'), after)), '2026-01-05T14:30:00.000Z');
    assert.equal(iso(nextSlot(cron('15 30 9 * * 1-5'), after)), '2026-01-05T14:30:15.000Z');
    assert.deepEqual(walk(cron('*/20 * * * * *', 'UTC'), after, after + 60_000).map((s) => s.slice(11, 19)), [
      '12:00:20',
      '12:00:40',
      '12:01:00',
    ]);
  });

  it('throw croner\'s message and the expression for an invalid expression', () => {
    for (const expression of ['61 * * * *', 'every day', '0 0 0 1 1 * 2026', '* * * *']) {
      assert.throws(
        () => nextSlot(cron(expression), 0),
        (error: unknown) =>
          error instanceof EvolveError &&
          error.code === 'EVOLVE_CONFIG_INVALID' &&
          error.message.includes(`"${expression}"`) &&
          error.cause instanceof Error &&
          error.message.includes(error.cause.message),
      );
    }
  });

  it('throw a message naming an unknown time zone', () => {
    assert.throws(() => firstSlot(cron('0 * * * *', 'Mars/Olympus_Mons'), 0), /invalid time zone "Mars\/Olympus_Mons" for cron expression "0 \* \* \* \*"/);
  });

  it('return null when there is no future match', () => {
    assert.equal(nextSlot(cron('0 0 30 2 *'), at('2026-01-01T00:00Z')), null);
    assert.deepEqual(slotsBetween(cron('0 0 30 2 *'), at('2026-01-01T00:00Z'), at('2030-01-01T00:00Z'), 5), { slots: [], total: 0 });
  });

  it('find the first slot at or after an instant, counting sub-second instants correctly', () => {
    const s = cron('0 * * * *', 'UTC');
    assert.equal(iso(firstSlot(s, at('2026-01-01T10:00:00Z'))), '2026-01-01T10:00:00.000Z');
    assert.equal(iso(firstSlot(s, at('2026-01-01T10:00:00.001Z'))), '2026-01-01T11:00:00.000Z');
    assert.equal(iso(nextSlot(cron('* * * * * *', 'UTC'), at('2026-01-01T10:00:00.500Z'))), '2026-01-01T10:00:01.000Z');
    assert.equal(iso(nextSlot(cron('* * * * * *', 'UTC'), at('2026-01-01T09:59:59.999Z'))), '2026-01-01T10:00:00.000Z');
  });

  it('honour day-of-month, weekday and L/W/# modifiers as croner defines them', () => {
    assert.equal(iso(nextSlot(cron('0 12 L * *', 'UTC'), at('2026-02-01T00:00Z'))), '2026-02-28T12:00:00.000Z');
    assert.equal(iso(nextSlot(cron('0 12 * * FRI#2', 'UTC'), at('2026-03-01T00:00Z'))), '2026-03-13T12:00:00.000Z');
    // Day-of-month OR day-of-week, as in Vixie cron: the 15th, or any Monday.
    assert.equal(iso(nextSlot(cron('0 12 15 * MON', 'UTC'), at('2026-03-10T00:00Z'))), '2026-03-15T12:00:00.000Z');
  });

  it('compile each (expression, zone) once and reuse it', () => {
    assert.equal(compileCron('5 4 * * *', NY), compileCron('5 4 * * *', NY));
    assert.notEqual(compileCron('5 4 * * *', NY), compileCron('5 4 * * *', 'UTC'));
  });

  it('count a week of 1-second fires without walking them', () => {
    const from = at('2026-10-29T00:00:00Z');
    const started = performance.now();
    const week = slotsBetween(cron('* * * * * *'), from, from + 7 * 86_400_000, 2);
    assert.ok(performance.now() - started < 500, 'fast');
    assert.deepEqual(week, { slots: [from, from + 1_000], total: 7 * 86_400 + 1 });
  });
});
