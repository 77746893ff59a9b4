/**
 * Property tests for cron schedules. Random expressions around every 2026 offset change of
 * several zones are checked (1) against the rule oracle in test/support/cron-oracle.ts, and
 * (2) against croner itself, which compiled-cron.ts speeds up with fixed-offset windows and
 * arithmetic counting: both paths must give croner's answers.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Cron } from 'croner';
import fc from 'fast-check';
import type { SlotSchedule } from '../../src/schedule/index.js';
import { CRON_OPTIONS } from '../../src/schedule/compiled-cron.js';
import { nextSlot, slotsBetween } from '../../src/schedule/index.js';
import { offsetTransitions, oracleFires } from '../support/cron-oracle.js';

const HOUR = 3_600_000;
const iso = (ms: number): string => new Date(ms).toISOString();
const cron = (expression: string, timezone: string): SlotSchedule => ({ kind: 'cron', expression, timezone });

const ZONES = [
  'America/New_York',
  'Europe/London',
  'Australia/Sydney',
  'Asia/Kolkata',
  'UTC',
  'America/Santiago', // changes at local midnight
  'Australia/Lord_Howe', // 30-minute DST
  'Pacific/Chatham', // +12:45 / +13:45
  'America/St_Johns', // -03:30
  'America/Havana', // changes at local midnight, gap 00:00-01:00
  'Africa/Casablanca', // Ramadan changes, in February and March 2026
];

/** Instants around which to test, per zone: each 2026 change, or two plain days without DST. */
const AROUND = new Map(
  ZONES.map((zone) => {
    const changes = offsetTransitions(zone, Date.UTC(2026, 0, 1), Date.UTC(2027, 0, 1));
    return [zone, changes.length > 0 ? changes : [Date.UTC(2026, 2, 8, 7), Date.UTC(2026, 10, 1, 6)]];
  }),
);

const around = fc
  .constantFrom(...ZONES)
  .chain((zone) => fc.record({ zone: fc.constant(zone), at: fc.constantFrom(...(AROUND.get(zone) ?? [])) }));

/** A field of values in [min, max], with `near` (hours around changes) more likely. */
function field(min: number, max: number, near: fc.Arbitrary<number>): fc.Arbitrary<string> {
  const value = fc.oneof(near, fc.integer({ min, max }));
  const range = fc.tuple(value, value).map(([a, b]) => (a === b ? `${a}` : `${Math.min(a, b)}-${Math.max(a, b)}`));
  return fc.oneof(
    { weight: 2, arbitrary: fc.constant('*') },
    { weight: 3, arbitrary: value.map(String) },
    { weight: 2, arbitrary: fc.uniqueArray(value, { minLength: 2, maxLength: 3 }).map((v) => v.join(',')) },
    { weight: 2, arbitrary: range },
    { weight: 1, arbitrary: fc.integer({ min: 2, max: Math.min(30, max) }).map((k) => `*/${k}`) },
    { weight: 1, arbitrary: fc.tuple(range, fc.integer({ min: 2, max: 5 })).map(([r, k]) => (r.includes('-') ? `${r}/${k}` : r)) },
  );
}

const FIVE_FIELDS = fc
  .tuple(
    field(0, 59, fc.constantFrom(0, 15, 30, 45, 59)),
    field(0, 23, fc.integer({ min: 0, max: 4 })),
    fc.oneof({ weight: 5, arbitrary: fc.constant('*') }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 28 }).map(String) }),
    fc.oneof({ weight: 5, arbitrary: fc.constant('*') }, { weight: 1, arbitrary: fc.constant('2-11') }),
    fc.oneof({ weight: 4, arbitrary: fc.constant('*') }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 6 }).map(String) }),
  )
  .map((parts) => parts.join(' '));

/** Walks nextSlot from just before `from` up to `to`. */
function walk(schedule: SlotSchedule, from: number, to: number): number[] {
  const out: number[] = [];
  for (let s = nextSlot(schedule, from - 1); s !== null && s <= to; s = nextSlot(schedule, s)) out.push(s);
  return out;
}

describe('cron schedules against the DST rules', () => {
  it('fire exactly where the rule oracle says, around every offset change', () => {
    fc.assert(
      fc.property(FIVE_FIELDS, around, fc.integer({ min: 0, max: 12 * HOUR }), (expression, { zone, at }, jitter) => {
        const from = at - 30 * HOUR + Math.floor(jitter / 60_000) * 60_000;
        const to = at + 30 * HOUR;
        const expected = oracleFires(expression, zone, from, to);
        const range = slotsBetween(cron(expression, zone), from, to, 1_000_000);
        const context = `${expression} in ${zone} around ${iso(at)}`;
        assert.deepEqual(range.slots.map(iso), expected.map(iso), context);
        assert.equal(range.total, expected.length, context);
        assert.deepEqual(walk(cron(expression, zone), from, to), range.slots, `walking nextSlot: ${context}`);
        const head = slotsBetween(cron(expression, zone), from, to, 7);
        assert.deepEqual(head, { slots: range.slots.slice(0, 7), total: range.total }, `limit 7: ${context}`);
      }),
      { numRuns: 100 },
    );
  });
});

describe('cron schedules against plain croner', () => {
  const SIX_FIELDS = fc
    .tuple(fc.constantFrom('0', '*/15', '30', '0,20,40', '5-10', '*'), FIVE_FIELDS)
    .map(([seconds, rest]) => `${seconds} ${rest}`);
  const MODIFIERS = fc.constantFrom(
    '0 12 L * *',
    '30 2 15W * *',
    '0 1 * * FRI#L',
    '0 2 * * SUN#1',
    '30 1 1 * +MON',
    '0 0 29 2 *',
    '0 30 2 * * 0',
    '*/10 * 1-3 * * *',
    '59 59 23 31 12 *',
  );
  const expressions = fc.oneof(FIVE_FIELDS, SIX_FIELDS, MODIFIERS);
  /** A time near a change (within 3 days), or anywhere from 1960 to 2100. */
  const instant = fc.oneof(
    fc.tuple(around, fc.integer({ min: -72 * HOUR, max: 72 * HOUR })).map(([{ zone, at }, d]) => ({ zone, at: at + d })),
    fc.tuple(fc.constantFrom(...ZONES), fc.integer({ min: Date.UTC(1960, 0, 1), max: Date.UTC(2100, 0, 1) })).map(([zone, at]) => ({ zone, at })),
  );

  it('nextSlot gives croner\'s nextRun', () => {
    fc.assert(
      fc.property(expressions, instant, fc.integer({ min: 0, max: 999 }), (expression, { zone, at }, ms) => {
        const after = Math.floor(at / 1000) * 1000 + ms;
        const reference = new Cron(expression, { ...CRON_OPTIONS, timezone: zone }).nextRun(new Date(after));
        const ours = nextSlot(cron(expression, zone), after);
        assert.equal(ours === null ? null : iso(ours), reference === null ? null : reference.toISOString(), `${expression} in ${zone} after ${iso(after)}`);
      }),
      { numRuns: 600 },
    );
  });

  it('slotsBetween counts what croner enumerates', () => {
    fc.assert(
      fc.property(expressions, instant, fc.integer({ min: 0, max: 80 * HOUR }), (expression, { zone, at }, length) => {
        const reference = new Cron(expression, { ...CRON_OPTIONS, timezone: zone });
        const from = at;
        let to = at + length;
        const fires: number[] = [];
        for (let d = reference.nextRun(new Date(from - 1)); d !== null && d.getTime() <= to; d = reference.nextRun(d)) {
          fires.push(d.getTime());
          if (fires.length === 3_000) to = d.getTime(); // keep the walk short for per-second expressions
        }
        const range = slotsBetween(cron(expression, zone), from, to, 5);
        const context = `${expression} in ${zone} from ${iso(from)} to ${iso(to)}`;
        assert.equal(range.total, fires.length, context);
        assert.deepEqual(range.slots, fires.slice(0, 5), context);
      }),
      { numRuns: 300 },
    );
  });
});
