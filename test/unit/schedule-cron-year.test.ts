/**
 * 365 consecutive days across DST, in zones north and south, with and without DST, at a
 * half-hour offset and in UTC: a daily cron fires once per local day at its local time, an
 * hourly cron fires every real hour, and nextSlot only moves forward.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SlotSchedule } from '../../src/schedule/index.js';
import { nextSlot, slotsBetween } from '../../src/schedule/index.js';
import { wallClock } from '../support/cron-oracle.js';

const cron = (expression: string, timezone: string): SlotSchedule => ({ kind: 'cron', expression, timezone });
const iso = (ms: number): string => new Date(ms).toISOString();
const localDate = (timezone: string, ms: number): string => {
  const w = wallClock(timezone, ms);
  return `${w.year}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
};
const localTime = (timezone: string, ms: number): string => {
  const w = wallClock(timezone, ms);
  return `${String(w.hour).padStart(2, '0')}:${String(w.minute).padStart(2, '0')}`;
};

/** 365 fires of `schedule` walked with nextSlot from `start`, checked to be strictly increasing. */
function walkYear(schedule: SlotSchedule, start: number, fires = 365): number[] {
  const out: number[] = [];
  let after = start;
  for (let i = 0; i < fires; i++) {
    const next = nextSlot(schedule, after);
    assert.ok(next !== null && next > after, `nextSlot moves forward from ${iso(after)}`);
    out.push(next);
    after = next;
  }
  return out;
}

interface DailyCase {
  timezone: string;
  expression: string;
  time: string;
  /** Local days on which the time is skipped or repeated by DST, and the instant it fires at. */
  pinned: Record<string, string>;
}

const DAILY: DailyCase[] = [
  {
    timezone: 'America/New_York',
    expression: '30 2 * * *',
    time: '02:30',
    pinned: { '2026-03-08': '2026-03-08T07:00:00.000Z' }, // skipped: 03:00 EDT
  },
  {
    timezone: 'America/New_York',
    expression: '30 1 * * *',
    time: '01:30',
    pinned: { '2026-11-01': '2026-11-01T05:30:00.000Z' }, // repeated: 01:30 EDT only
  },
  { timezone: 'America/New_York', expression: '0 9 * * *', time: '09:00', pinned: {} },
  {
    timezone: 'Europe/London',
    expression: '30 1 * * *',
    time: '01:30',
    pinned: { '2026-03-29': '2026-03-29T01:00:00.000Z', '2026-10-25': '2026-10-25T00:30:00.000Z' },
  },
  { timezone: 'Europe/London', expression: '0 0 * * *', time: '00:00', pinned: {} },
  {
    timezone: 'Australia/Sydney',
    expression: '30 2 * * *',
    time: '02:30',
    // Repeated on 5 April (first: 02:30 AEDT), skipped on 4 October (03:00 AEDT).
    pinned: { '2026-04-05': '2026-04-04T15:30:00.000Z', '2026-10-04': '2026-10-03T16:00:00.000Z' },
  },
  { timezone: 'Australia/Sydney', expression: '45 23 * * *', time: '23:45', pinned: {} },
  { timezone: 'Asia/Kolkata', expression: '30 2 * * *', time: '02:30', pinned: {} },
  { timezone: 'Asia/Kolkata', expression: '0 0 * * *', time: '00:00', pinned: {} },
  { timezone: 'UTC', expression: '30 2 * * *', time: '02:30', pinned: {} },
];

/** Local days with 23 or 25 hours in 2026. */
const SHORT_AND_LONG_DAYS: Record<string, Record<string, number>> = {
  'America/New_York': { '2026-03-08': 23, '2026-11-01': 25 },
  'Europe/London': { '2026-03-29': 23, '2026-10-25': 25 },
  'Australia/Sydney': { '2026-04-05': 25, '2026-10-04': 23 },
  'Asia/Kolkata': {},
  UTC: {},
};

describe('a daily cron over 365 days', () => {
  for (const c of DAILY) {
    it(`fires "${c.expression}" in ${c.timezone} once per local day at ${c.time}`, () => {
      const fires = walkYear(cron(c.expression, c.timezone), Date.parse('2025-12-31T00:00:00Z'), 367);
      const byDate = new Map<string, number>();
      for (const fire of fires) {
        const date = localDate(c.timezone, fire);
        assert.ok(!byDate.has(date), `one fire on ${date}, got ${iso(byDate.get(date) ?? 0)} and ${iso(fire)}`);
        byDate.set(date, fire);
      }
      // 2026-01-01 .. 2026-12-31: consecutive local dates, each at the expected time.
      const days = [...byDate.keys()].filter((d) => d.startsWith('2026-'));
      assert.equal(days.length, 365);
      for (const [date, fire] of byDate) {
        const pinned = c.pinned[date];
        if (pinned !== undefined) assert.equal(iso(fire), pinned, `${date} (time skipped or repeated by DST)`);
        else assert.equal(localTime(c.timezone, fire), c.time, `${date} at ${iso(fire)}`);
      }
      for (let i = 1; i < days.length; i++) {
        const day = Date.parse(`${days[i]}T00:00:00Z`) - Date.parse(`${days[i - 1]}T00:00:00Z`);
        assert.equal(day, 86_400_000, `${days[i - 1]} then ${days[i]}`);
      }
    });
  }
});

describe('an hourly cron over 365 days', () => {
  for (const [timezone, special] of Object.entries(SHORT_AND_LONG_DAYS)) {
    it(`fires every real hour in ${timezone}: 24 per local day, 23 and 25 on DST days`, () => {
      const from = Date.parse('2026-01-01T00:00:00Z');
      const fires = walkYear(cron('0 * * * *', timezone), from - 1, 365 * 24);
      const perDate = new Map<string, number>();
      fires.forEach((fire, i) => {
        if (i > 0) assert.equal(fire - (fires[i - 1] ?? 0), 3_600_000, `an hour after ${iso(fires[i - 1] ?? 0)}`);
        const date = localDate(timezone, fire);
        perDate.set(date, (perDate.get(date) ?? 0) + 1);
      });
      // Whole local days only: the first and last dates of the walk are partial.
      const dates = [...perDate.keys()].slice(1, -1);
      for (const date of dates) assert.equal(perDate.get(date), special[date] ?? 24, date);
      for (const date of Object.keys(special)) assert.ok(dates.includes(date), `${date} was walked`);
      // slotsBetween counts the same year without walking it.
      assert.equal(slotsBetween(cron('0 * * * *', timezone), from, from + 365 * 86_400_000 - 1, 0).total, 365 * 24);
    });
  }

  it('moves Europe/London at 01:00 UTC on both change days', () => {
    for (const [day, local] of [
      ['2026-03-29', ['00:00', '02:00', '03:00']],
      ['2026-10-25', ['01:00', '01:00', '02:00']],
    ] as const) {
      const fires = walkYear(cron('0 * * * *', 'Europe/London'), Date.parse(`${day}T00:00:00Z`) - 1, 3);
      assert.deepEqual(fires.map(iso), [`${day}T00:00:00.000Z`, `${day}T01:00:00.000Z`, `${day}T02:00:00.000Z`]);
      assert.deepEqual(fires.map((f) => localTime('Europe/London', f)), local);
    }
  });
});

describe('a minutely cron over 365 days', () => {
  it('fires every real minute in each zone, counted without walking', () => {
    for (const timezone of Object.keys(SHORT_AND_LONG_DAYS)) {
      const from = Date.parse('2026-01-01T00:00:00Z');
      const range = slotsBetween(cron('* * * * *', timezone), from, from + 365 * 86_400_000, 3);
      assert.equal(range.total, 365 * 1_440 + 1, timezone);
    }
  });
});
