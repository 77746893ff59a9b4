import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { retryDelay } from '../../src/schedule/retry-delay.js';

const never = (): number => {
  throw new Error('fixed backoff draws no random number');
};

describe('retryDelay', () => {
  it('waits the base delay every time with fixed backoff', () => {
    for (const attempt of [1, 2, 10]) assert.equal(retryDelay(attempt, 60_000, 'fixed', 1_000, never), 60_000);
  });

  it('doubles the ceiling each attempt with exponential backoff', () => {
    const top = (): number => 0.999_999_999;
    assert.equal(retryDelay(1, 1_000, 'exponential', 1e9, top), 1_000);
    assert.equal(retryDelay(2, 1_000, 'exponential', 1e9, top), 2_000);
    assert.equal(retryDelay(3, 1_000, 'exponential', 1e9, top), 4_000);
    assert.equal(retryDelay(11, 1_000, 'exponential', 1e9, top), 1_024_000);
  });

  it('never goes below half the base delay', () => {
    const bottom = (): number => 0;
    assert.equal(retryDelay(1, 1_000, 'exponential', 1e9, bottom), 500);
    assert.equal(retryDelay(8, 1_000, 'exponential', 1e9, bottom), 500);
  });

  it('caps the delay at maxMs, even when maxMs is below half the base', () => {
    assert.equal(retryDelay(30, 1_000, 'exponential', 60_000, () => 0.999_999_999), 60_000);
    assert.equal(retryDelay(5_000, 1_000, 'exponential', 60_000, () => 0.5), 30_250);
    assert.equal(retryDelay(3, 1_000, 'exponential', 300, () => 0.5), 300);
  });

  it('spreads delays between base/2 and the ceiling', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 0, max: 3_600_000 }),
        fc.integer({ min: 0, max: 86_400_000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (attempt, base, max, r) => {
          const delay = retryDelay(attempt, base, 'exponential', max, () => r);
          const ceiling = Math.min(max, base * 2 ** (attempt - 1));
          assert.ok(Number.isInteger(delay));
          assert.ok(delay <= Math.round(ceiling), `${delay} <= ${ceiling}`);
          assert.ok(delay >= Math.round(Math.min(base / 2, ceiling)), `${delay} >= min(base/2, ceiling)`);
        },
      ),
      { numRuns: 1_000 },
    );
  });

  it('rejects an attempt below 1 and negative durations', () => {
    assert.throws(() => retryDelay(0, 1_000, 'exponential', 10_000, Math.random), RangeError);
    assert.throws(() => retryDelay(1.5, 1_000, 'fixed', 10_000, Math.random), RangeError);
    assert.throws(() => retryDelay(1, -1, 'fixed', 10_000, Math.random), RangeError);
    assert.throws(() => retryDelay(1, 1_000, 'exponential', Number.NaN, Math.random), RangeError);
  });
});
