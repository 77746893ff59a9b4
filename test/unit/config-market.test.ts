import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { taskFromDefinition } from '../../src/config/task-definition.js';
import { ConfigError } from '../../src/errors.js';
import { issuesOf, parse } from '../support/config.js';

describe('market schedules in the YAML', () => {
  it('resolves at, every and on, with the calendar defaulting to orchestrator.calendar', () => {
    const config = parse(`
orchestrator: { calendar: xnas }
tasks:
  a: { market: { calendar: xnys, at: "open+30m" } }
  b: { market: { at: ["open", "close-5m"] } }
  c: { market: { every: "15m" } }
  d: { market: { calendar: "24/7", on: SESSION_END } }
`);
    const schedule = (name: string) => config.tasks.get(name as never)!.schedule;
    assert.deepEqual(schedule('a'), { kind: 'market', calendar: 'XNYS', rule: { kind: 'at', times: [{ anchor: 'open', offsetMs: 1_800_000 }] } });
    assert.deepEqual(schedule('b'), { kind: 'market', calendar: 'XNAS', rule: { kind: 'at', times: [{ anchor: 'open', offsetMs: 0 }, { anchor: 'close', offsetMs: -300_000 }] } });
    assert.deepEqual(schedule('c'), { kind: 'market', calendar: 'XNAS', rule: { kind: 'every', everyMs: 900_000 } });
    assert.deepEqual(schedule('d'), { kind: 'market', calendar: '24/7', rule: { kind: 'on', event: 'session_end' } });
  });

  it('accepts a calendar defined under calendars:', () => {
    const config = parse(`
calendars:
  LSE_AM: { timezone: Europe/London, open: "08:00", close: "12:00" }
tasks:
  morning: { market: { calendar: LSE_AM, at: close-10m } }
`);
    assert.equal(config.tasks.get('morning' as never)!.schedule.kind, 'market');
  });

  it('reports each mistake with its line, column, key path and a fix', () => {
    const issues = issuesOf(
      [
        'tasks:',
        '  a: { market: { calendar: XNSY, at: "open+30m" } }',
        '  b: { market: { at: ["open-30m", "close+5m", "noon"] } }',
        '  c: { market: { every: "15" } }',
        '  d: { market: { at: open, every: 15m } }',
        '  e: { market: { calendar: XNYS } }',
        '  f: { market: { at: open }, interval_minutes: 5 }',
        '  g: { market: { at: open }, timezone: UTC }',
        '  h: { market: { at: open, when: x } }',
      ].join('\n'),
    );
    const expect = [
      /^2:28 tasks\.a\.market\.calendar: unknown calendar 'XNSY' \| did you mean 'XNYS'\?/,
      /^3:23 tasks\.b\.market\.at\[0\]: "open-30m" is before the open: a market schedule fires within the session \| .*cron schedule with conditions: \{ market_hours: false \}/,
      /^3:35 tasks\.b\.market\.at\[1\]: "close\+5m" is after the close/,
      /^3:47 tasks\.b\.market\.at\[2\]: "noon" is not a session time \| write "open" or "close", optionally moved by a duration/,
      /^4:25 tasks\.c\.market\.every: market\.every "15" is not a duration \| .*every: "15m"/,
      /^5:28 tasks\.d\.market\.every: market schedule of task 'd' has at and every: one rule per task/,
      /^6:8 tasks\.e\.market: market schedule of task 'e' says when to fire in no way \| give exactly one of at/,
      /^7:8 tasks\.f\.market: task 'f' has more than one schedule: interval_minutes and market \| keep only one of interval_minutes, cron, market or manual: true/,
      /^8:30 tasks\.g\.timezone: timezone only applies to cron schedules \| remove timezone \(a market schedule keeps its calendar's time zone\)/,
      /^9:28 tasks\.h\.market\.when: unknown key 'when' \| .*calendar, at, every, on/,
    ];
    assert.equal(issues.length, expect.length, issues.join('\n'));
    expect.forEach((pattern, i) => assert.match(issues[i]!, pattern));
  });

  it('builds a market task from code, validated by the same rules', () => {
    const config = parse('tasks: {}');
    const task = taskFromDefinition({ name: 'close_report', market: { on: 'session_end' } }, config);
    assert.deepEqual(task.schedule, { kind: 'market', calendar: 'XNYS', rule: { kind: 'on', event: 'session_end' } });
    assert.throws(
      () => taskFromDefinition({ name: 'bad', market: { calendar: 'NOPE', at: 'open' } }, config),
      (error: unknown) => error instanceof ConfigError && /tasks\.bad\.market\.calendar: unknown calendar 'NOPE'/.test(error.message),
    );
  });
});
