import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { SlotSchedule } from '../../src/schedule/index.js';
import { firstSlot, nextSlot, slotsBetween } from '../../src/schedule/index.js';

const T0 = Date.parse('2026-01-05T09:30:00.000Z');
const every = (everyMs: number, runAtStart = false): SlotSchedule => ({ kind: 'interval', everyMs, runAtStart });
const manual: SlotSchedule = { kind: 'manual' };

describe('interval schedules', () => {
  it('return the next slot on the anchor grid, strictly after the given instant', () => {
    const s = every(15 * 60_000);
    assert.equal(nextSlot(s, T0, T0), T0 + 15 * 60_000);
    assert.equal(nextSlot(s, T0 + 1, T0), T0 + 15 * 60_000);
    assert.equal(nextSlot(s, T0 + 15 * 60_000 - 1, T0), T0 + 15 * 60_000);
    assert.equal(nextSlot(s, T0 + 15 * 60_000, T0), T0 + 30 * 60_000);
  });

  it('return the anchor itself when it is still ahead', () => {
    assert.equal(nextSlot(every(60_000), T0 - 5_000, T0), T0);
  });

  it('treat `after` as a slot when no anchor is given (fixed rate: previous + interval)', () => {
    assert.equal(nextSlot(every(60_000), T0 + 123), T0 + 123 + 60_000);
  });

  it('skip over a long outage in O(1) and stay on the grid', () => {
    const after = T0 + 400 * 86_400_000 + 17;
    const next = nextSlot(every(7_000), after, T0);
    assert.ok(next !== null && next > after && next - after <= 7_000);
    assert.equal((next - T0) % 7_000, 0);
  });

  it('do not drift with 1-second slots over a year', () => {
    const s = every(1_000);
    let slot = T0;
    for (let i = 0; i < 100_000; i++) slot = nextSlot(s, slot, T0) ?? Number.NaN;
    assert.equal(slot, T0 + 100_000 * 1_000);
    const yearLater = T0 + 365 * 86_400_000;
    assert.equal(nextSlot(s, yearLater - 1, T0), yearLater);
  });

  it('round a fractional everyMs from a minutes conversion to whole ms', () => {
    // 0.35 min * 60000 = 20999.999999999996 in floating point.
    const s = every(0.35 * 60_000);
    assert.equal(nextSlot(s, T0, T0), T0 + 21_000);
    assert.equal(nextSlot(s, T0 + 21_000 * 1_000, T0), T0 + 21_000 * 1_001);
  });

  it('reject an interval below 1 ms and instants that are not finite', () => {
    assert.throws(() => nextSlot(every(0), T0), RangeError);
    assert.throws(() => nextSlot(every(-5), T0), RangeError);
    assert.throws(() => nextSlot(every(Number.NaN), T0), RangeError);
    assert.throws(() => nextSlot(every(1_000), Number.NaN), /after must be a finite/);
    assert.throws(() => nextSlot(every(1_000), T0, Number.POSITIVE_INFINITY), /anchor must be a finite/);
  });

  it('start at `from` with runAtStart, one interval later without', () => {
    assert.equal(firstSlot(every(60_000, true), T0), T0);
    assert.equal(firstSlot(every(60_000, false), T0), T0 + 60_000);
  });

  it('list the slots in a range and count them without walking', () => {
    const s = every(1_000);
    const weekLater = T0 + 7 * 86_400_000;
    const started = performance.now();
    const range = slotsBetween(s, T0, weekLater, 3);
    assert.ok(performance.now() - started < 50);
    assert.deepEqual(range, { slots: [T0, T0 + 1_000, T0 + 2_000], total: 7 * 86_400 + 1 });
  });

  it('include both ends of the range and honour an explicit anchor', () => {
    assert.deepEqual(slotsBetween(every(10_000), T0, T0 + 20_000, 10), { slots: [T0, T0 + 10_000, T0 + 20_000], total: 3 });
    assert.deepEqual(slotsBetween(every(10_000), T0, T0 + 20_000, 10, T0 - 5_000), {
      slots: [T0 + 5_000, T0 + 15_000],
      total: 2,
    });
    assert.deepEqual(slotsBetween(every(10_000), T0, T0 - 1, 10), { slots: [], total: 0 });
    assert.deepEqual(slotsBetween(every(10_000), T0, T0 + 20_000, 0), { slots: [], total: 3 });
  });

  it('reject a negative or fractional limit', () => {
    assert.throws(() => slotsBetween(every(1_000), T0, T0 + 1, -1), RangeError);
    assert.throws(() => slotsBetween(every(1_000), T0, T0 + 1, 1.5), RangeError);
  });
});

describe('manual schedules', () => {
  it('have no slots', () => {
    assert.equal(nextSlot(manual, T0), null);
    assert.equal(firstSlot(manual, T0), null);
    assert.deepEqual(slotsBetween(manual, T0, T0 + 86_400_000, 10), { slots: [], total: 0 });
  });
});

describe('interval properties', () => {
  const everyMs = fc.oneof(fc.integer({ min: 1, max: 1_000 }), fc.integer({ min: 1, max: 7 * 86_400_000 }));
  const instant = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) });

  it('nextSlot is after `after`, at most one interval later, and on the anchor grid', () => {
    fc.assert(
      fc.property(everyMs, instant, instant, (ms, anchor, after) => {
        const next = nextSlot(every(ms), after, anchor);
        assert.ok(next !== null && next > after, `next ${next} > after ${after}`);
        assert.ok(next - after <= ms || next === anchor, 'within one interval (or the anchor ahead)');
        assert.ok(next >= anchor && (next - anchor) % ms === 0, 'on the grid');
      }),
      { numRuns: 2_000 },
    );
  });

  it('slotsBetween agrees with iterating nextSlot', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3_600_000 }),
        instant,
        fc.integer({ min: -3_600_000, max: 3_600_000 }),
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 0, max: 60 }),
        (ms, anchor, fromOffset, intervals, limit) => {
          const from = anchor + fromOffset;
          const to = from + intervals * ms + (fromOffset % ms);
          const range = slotsBetween(every(ms), from, to, limit, anchor);
          const walked: number[] = [];
          for (let s = nextSlot(every(ms), from - 1, anchor); s !== null && s <= to; s = nextSlot(every(ms), s, anchor)) {
            walked.push(s);
          }
          assert.equal(range.total, walked.length);
          assert.deepEqual(range.slots, walked.slice(0, limit));
        },
      ),
      { numRuns: 500 },
    );
  });
});
