import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { calendarByName } from '../../src/calendar/index.js';
import type { MarketRule } from '../../src/model/task.js';
import {
  describeSchedule,
  firstSlot,
  formatMarketRule,
  lastMarketSlots,
  nextSlot,
  parseDuration,
  parseSessionTime,
  scheduleKey,
  skippedTimes,
  slotsBetween,
  type SlotSchedule,
} from '../../src/schedule/index.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString().replace('.000Z', 'Z'));
const at = (...times: string[]): MarketRule => ({ kind: 'at', times: times.map((t) => parseSessionTime(t)!) });
const market = (rule: MarketRule, calendar = 'XNYS'): SlotSchedule => ({ kind: 'market', calendar: calendarByName(calendar), rule });

/** Every slot from `from` on, `count` of them, by repeated nextSlot. */
function walk(schedule: SlotSchedule, from: string, count: number): (string | null)[] {
  const out: (string | null)[] = [];
  let t = Date.parse(from);
  for (let i = 0; i < count; i++) {
    const next = nextSlot(schedule, t);
    out.push(iso(next));
    if (next === null) break;
    t = next;
  }
  return out;
}

describe('session times and durations', () => {
  it('parses the written forms and refuses the others', () => {
    assert.deepEqual(parseSessionTime('open'), { anchor: 'open', offsetMs: 0 });
    assert.deepEqual(parseSessionTime('open+30m'), { anchor: 'open', offsetMs: 30 * MIN });
    assert.deepEqual(parseSessionTime('Close - 1h15m'), { anchor: 'close', offsetMs: -75 * MIN });
    assert.deepEqual(parseSessionTime('close-90s'), { anchor: 'close', offsetMs: -90_000 });
    for (const bad of ['', 'noon', 'open+', 'open+30', 'open*2', 'open+-5m', 'close+1d', '09:30']) assert.equal(parseSessionTime(bad), null, bad);
    assert.equal(parseDuration('15m'), 15 * MIN);
    assert.equal(parseDuration('1h30m'), 90 * MIN);
    assert.equal(parseDuration('2 h'), 2 * HOUR);
    assert.equal(parseDuration('10min'), 10 * MIN);
    for (const bad of ['0m', '15', 'm', '1.5h', '-5m', 'fast']) assert.equal(parseDuration(bad), null, bad);
  });

  it('describes and fingerprints a market schedule by calendar and rule', () => {
    const schedule = { kind: 'market', calendar: 'XNYS', rule: at('open+30m', 'close-15m') } as const;
    assert.equal(describeSchedule(schedule), 'XNYS at open+30m, close-15m');
    assert.equal(scheduleKey(schedule), 'market:XNYS:at open+30m, close-15m');
    assert.equal(formatMarketRule({ kind: 'every', everyMs: 90 * MIN }), 'every 1h30m');
    assert.notEqual(scheduleKey({ ...schedule, calendar: 'XNAS' }), scheduleKey(schedule));
  });
});

describe('market schedules on XNYS', () => {
  it('fires at open+30m and close-15m, not on Thanksgiving, and before the early close the day after', () => {
    assert.deepEqual(walk(market(at('open+30m', 'close-15m')), '2026-11-25T00:00:00Z', 6), [
      '2026-11-25T15:00:00Z',
      '2026-11-25T20:45:00Z',
      // 2026-11-26 Thanksgiving: closed. 2026-11-27: 13:00 close, so close-15m is 12:45 New York.
      '2026-11-27T15:00:00Z',
      '2026-11-27T17:45:00Z',
      '2026-11-30T15:00:00Z',
      '2026-11-30T20:45:00Z',
    ]);
  });

  it('runs every 15 minutes from the open, none at or after the close, shorter on an early close', () => {
    const every = market({ kind: 'every', everyMs: 15 * MIN });
    const day = (date: string) => slotsBetween(every, Date.parse(`${date}T00:00:00Z`), Date.parse(`${date}T23:59:59Z`), 100);
    const regular = day('2026-11-25');
    assert.equal(regular.total, 26);
    assert.equal(iso(regular.slots[0]!), '2026-11-25T14:30:00Z');
    assert.equal(iso(regular.slots.at(-1)!), '2026-11-25T20:45:00Z');
    const early = day('2026-11-27');
    assert.equal(early.total, 14);
    assert.equal(iso(early.slots.at(-1)!), '2026-11-27T17:45:00Z');
    assert.equal(day('2026-11-26').total, 0);
    assert.equal(day('2026-11-28').total, 0, 'Saturday');
    assert.equal(iso(nextSlot(every, Date.parse('2026-11-25T20:45:00Z'))), '2026-11-27T14:30:00Z');
  });

  it('follows the open across the DST change (14:30 UTC in winter, 13:30 UTC in summer)', () => {
    assert.deepEqual(walk(market(at('open')), '2026-03-05T00:00:00Z', 3), ['2026-03-05T14:30:00Z', '2026-03-06T14:30:00Z', '2026-03-09T13:30:00Z']);
    assert.deepEqual(walk(market(at('open')), '2026-10-29T00:00:00Z', 3), ['2026-10-29T13:30:00Z', '2026-10-30T13:30:00Z', '2026-11-02T14:30:00Z']);
  });

  it('fires on session_end at the close, the early one included, and session_start at the open', () => {
    assert.deepEqual(walk(market({ kind: 'on', event: 'session_end' }), '2026-11-25T00:00:00Z', 3), ['2026-11-25T21:00:00Z', '2026-11-27T18:00:00Z', '2026-11-30T21:00:00Z']);
    assert.deepEqual(walk(market({ kind: 'on', event: 'session_start' }, '24/7'), '2026-11-25T10:00:00Z', 2), ['2026-11-26T00:00:00Z', '2026-11-27T00:00:00Z']);
  });

  it('takes a slot at `from` itself as the first slot', () => {
    const open = market(at('open'));
    assert.equal(iso(firstSlot(open, Date.parse('2026-11-25T14:30:00Z'))), '2026-11-25T14:30:00Z');
    assert.equal(iso(firstSlot(open, Date.parse('2026-11-25T14:30:00.001Z'))), '2026-11-27T14:30:00Z');
  });

  it('names the times an early close does not reach', () => {
    const session = calendarByName('XNYS').session('2026-11-27')!;
    const skipped = skippedTimes(at('open+1h', 'open+5h', 'close-5h'), session, 'America/New_York');
    assert.deepEqual(
      skipped.map((s) => [iso(s.at), s.time, s.reason]),
      [
        ['2026-11-27T19:30:00Z', 'open+5h', 'outside session: after the early close at 13:00'],
        ['2026-11-27T13:00:00Z', 'close-5h', 'outside session: before the open at 09:30 (early close at 13:00)'],
      ],
    );
  });

  it('counts a long downtime per session and lists its newest slots for the misfire plan', () => {
    const everySecond = market({ kind: 'every', everyMs: 1_000 });
    const from = Date.parse('2026-01-01T00:00:00Z');
    const to = Date.parse('2026-12-31T23:59:59Z');
    const range = slotsBetween(everySecond, from, to, 3);
    // 2026: 251 sessions, 249 of 6.5 h and 2 early closes (Nov 27, Dec 24) of 3.5 h; July 3 is
    // the observed Independence Day, so July 2 closes at the regular time.
    assert.equal(range.total, 249 * 23_400 + 2 * 12_600);
    assert.deepEqual(range.slots.map(iso), ['2026-01-02T14:30:00Z', '2026-01-02T14:30:01Z', '2026-01-02T14:30:02Z']);
    assert.deepEqual(lastMarketSlots(everySecond as Extract<SlotSchedule, { kind: 'market' }>, from, to, 2).map(iso), ['2026-12-31T20:59:58Z', '2026-12-31T20:59:59Z']);
  });
});

describe('market schedule properties', () => {
  const calendars = ['XNYS', 'XNAS', '24/7', 'weekdays'] as const;
  const rule: fc.Arbitrary<MarketRule> = fc.oneof(
    fc.record({ kind: fc.constant('every' as const), everyMs: fc.integer({ min: 1, max: 8 * 60 }).map((m) => m * MIN) }),
    fc.record({ kind: fc.constant('on' as const), event: fc.constantFrom('session_start' as const, 'session_end' as const) }),
    fc.record({
      kind: fc.constant('at' as const),
      times: fc.array(
        fc.oneof(
          fc.integer({ min: 0, max: 8 * 60 }).map((m) => ({ anchor: 'open' as const, offsetMs: m * MIN })),
          fc.integer({ min: 0, max: 8 * 60 }).map((m) => ({ anchor: 'close' as const, offsetMs: -m * MIN })),
        ),
        { minLength: 1, maxLength: 4 },
      ),
    }),
  );
  const instant = fc.integer({ min: Date.parse('1990-01-01T00:00:00Z'), max: Date.parse('2030-12-01T00:00:00Z') });

  it('never fires outside a session, and nextSlot skips no slot', () => {
    fc.assert(
      fc.property(fc.constantFrom(...calendars), rule, instant, (name, r, after) => {
        const schedule = market(r, name);
        const calendar = calendarByName(name);
        const next = nextSlot(schedule, after);
        if (next === null) return;
        assert.ok(next > after);
        // A fire at a close that is the next midnight (24/7) belongs to the day before.
        const sessions = [calendar.dateOf(next), calendar.dateOf(next - 1)].map((date) => calendar.session(date));
        assert.ok(sessions.some((s) => s !== null && s.open <= next && next <= s.close), `${iso(next)} lies outside every ${name} session`);
        assert.equal(slotsBetween(schedule, after + 1, next - 1, 10).total, 0, 'a slot between after and next was skipped');
        assert.equal(slotsBetween(schedule, after + 1, next, 10).slots[0], next);
      }),
      { numRuns: 300 },
    );
  });

  it('lists the same newest slots forwards and backwards', () => {
    fc.assert(
      fc.property(fc.constantFrom(...calendars), rule, instant, fc.integer({ min: 1, max: 20 * 86_400_000 }), fc.integer({ min: 1, max: 50 }), (name, r, from, span, limit) => {
        const schedule = market(r, name) as Extract<SlotSchedule, { kind: 'market' }>;
        const all = slotsBetween(schedule, from, from + span, 1_000_000);
        assert.equal(all.slots.length, all.total);
        assert.deepEqual(lastMarketSlots(schedule, from, from + span, limit), all.slots.slice(-limit));
      }),
      { numRuns: 200 },
    );
  });
});
