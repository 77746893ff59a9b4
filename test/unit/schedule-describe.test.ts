import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Schedule } from '../../src/model/task.js';
import { describeSchedule, scheduleKey } from '../../src/schedule/index.js';

const every = (everyMs: number, runAtStart = false): Schedule => ({ kind: 'interval', everyMs, runAtStart });
const cron = (expression: string, timezone: string): Schedule => ({ kind: 'cron', expression, timezone });

describe('describeSchedule', () => {
  it('shows an interval in the largest unit that divides it', () => {
    assert.equal(describeSchedule(every(15 * 60_000)), 'every 15 min');
    assert.equal(describeSchedule(every(90 * 60_000)), 'every 90 min');
    assert.equal(describeSchedule(every(2 * 3_600_000)), 'every 2 h');
    assert.equal(describeSchedule(every(86_400_000)), 'every 1 d');
    assert.equal(describeSchedule(every(1_000)), 'every 1 s');
    assert.equal(describeSchedule(every(1_500)), 'every 1500 ms');
    assert.equal(describeSchedule(every(0.35 * 60_000)), 'every 21 s');
  });

  it('shows a cron with its zone, and manual', () => {
    assert.equal(describeSchedule(cron('0 3 * * *', 'America/New_York')), 'cron 0 3 * * * (America/New_York)');
    assert.equal(describeSchedule(cron('  0  3 * * *  ', 'UTC')), 'cron 0 3 * * * (UTC)');
    assert.equal(describeSchedule({ kind: 'manual' }), 'manual');
  });
});

describe('scheduleKey', () => {
  it('changes when the timing changes', () => {
    const keys = [
      every(60_000),
      every(120_000),
      cron('0 3 * * *', 'America/New_York'),
      cron('0 4 * * *', 'America/New_York'),
      cron('0 3 * * *', 'Europe/London'),
      { kind: 'manual' } as const,
    ].map(scheduleKey);
    assert.equal(new Set(keys).size, keys.length);
  });

  it('stays the same for the same timing written differently', () => {
    assert.equal(scheduleKey(every(60_000, true)), scheduleKey(every(60_000, false)));
    assert.equal(scheduleKey(every(0.35 * 60_000)), scheduleKey(every(21_000)));
    assert.equal(scheduleKey(cron(' 0  3 * * * ', 'utc')), scheduleKey(cron('0 3 * * *', 'Etc/UTC')));
    assert.equal(scheduleKey(cron('0 3 * * *', 'US/Eastern')), scheduleKey(cron('0 3 * * *', 'America/New_York')));
  });

  it('is a plain string that can be persisted and compared', () => {
    assert.equal(scheduleKey(every(60_000)), 'interval:60000');
    assert.equal(scheduleKey(cron('0 3 * * *', 'America/New_York')), 'cron:America/New_York:0 3 * * *');
    assert.equal(scheduleKey({ kind: 'manual' }), 'manual');
  });
});
