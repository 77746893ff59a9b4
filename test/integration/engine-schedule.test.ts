import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AgentContext } from '../../src/agents/agent.js';
import { harness } from '../support/harness.js';

const MIN = 60_000;
const T0 = Date.parse('2026-01-05T14:00:00.000Z');

const yaml = (task: string, extra = ''): string => `
orchestrator:
  max_concurrent_tasks: 5
tasks:
  ${task}:
    agent: work
${extra
  .split('\n')
  .filter(Boolean)
  .map((line) => `    ${line}`)
  .join('\n')}
`;

describe('interval schedules', () => {
  it('runs at start and then every interval, at fixed rate even when runs take time', async () => {
    const h = harness(yaml('tick', 'interval_minutes: 10'), { start: T0 });
    const starts: number[] = [];
    h.orchestrator.registerAgent('work', (ctx: AgentContext) => {
      starts.push(h.clock.now());
      // Each run takes 4 minutes of (fake) time: the schedule must not drift by it.
      return new Promise((resolve) => h.clock.setTimer(4 * MIN, () => resolve({ at: ctx.runId })));
    });
    await h.orchestrator.start();
    await h.clock.advance(30 * MIN);
    const runs = (await h.history('tick')).reverse();
    assert.deepEqual(
      runs.map((r) => r.scheduledFor! - T0),
      [0, 10 * MIN, 20 * MIN, 30 * MIN],
    );
    assert.deepEqual(
      starts.map((s) => s - T0),
      [0, 10 * MIN, 20 * MIN, 30 * MIN],
    );
    assert.deepEqual(
      runs.slice(0, 3).map((r) => r.status),
      ['succeeded', 'succeeded', 'succeeded'],
    );
  });

  it('fires the first run one interval after start when run_at_start is false', async () => {
    const h = harness(yaml('tick', 'interval_minutes: 10\nrun_at_start: false'), { start: T0 });
    h.orchestrator.registerAgent('work', () => ({ ok: true }));
    await h.orchestrator.start();
    await h.clock.advance(9 * MIN);
    assert.equal((await h.history('tick')).length, 0);
    await h.clock.advance(1 * MIN);
    const runs = await h.history('tick');
    assert.equal(runs.length, 1);
    assert.equal(runs[0]!.scheduledFor, T0 + 10 * MIN);
  });

  it('persists the next fire time: a restart neither repeats nor forgets a slot', async () => {
    const h = harness(yaml('tick', 'interval_minutes: 10'), { start: T0 });
    h.orchestrator.registerAgent('work', () => 'done');
    await h.orchestrator.start();
    await h.clock.advance(25 * MIN);
    await h.orchestrator.stop();
    assert.equal((await h.history('tick')).length, 3);

    const restarted = h.restart();
    restarted.registerAgent('work', () => 'done');
    await restarted.start();
    await h.clock.advance(4 * MIN);
    assert.equal((await h.history('tick')).length, 3, 'no slot is repeated after the restart');
    await h.clock.advance(1 * MIN);
    const slots = (await h.history('tick')).map((r) => r.scheduledFor! - T0).sort((a, b) => a - b);
    assert.deepEqual(slots, [0, 10 * MIN, 20 * MIN, 30 * MIN]);
  });
});

describe('misfire policies', () => {
  async function downFor(policy: string, minutes: number, extra = '') {
    const h = harness(yaml('tick', `interval_minutes: 10\nmisfire: ${policy}\n${extra}`), { start: T0 });
    h.orchestrator.registerAgent('work', () => 'done');
    await h.orchestrator.start();
    await h.clock.advance(1 * MIN);
    await h.orchestrator.stop();
    await h.clock.advance(minutes * MIN); // the orchestrator is down
    const restarted = h.restart();
    restarted.registerAgent('work', () => 'done');
    await restarted.start();
    await h.clock.advance(0);
    const runs = (await h.history('tick')).reverse();
    return runs.map((r) => ({ slot: (r.scheduledFor! - T0) / MIN, status: r.status, reason: r.reason ?? '' }));
  }

  it('once: runs the latest missed slot once and records the others skipped', async () => {
    const runs = await downFor('once', 64); // now 14:65 = 15:05; slots 10..60 missed
    const bySlot = new Map(runs.map((r) => [r.slot, r]));
    assert.deepEqual([...bySlot.keys()].sort((a, b) => a - b), [0, 10, 20, 30, 40, 50, 60]);
    assert.equal(bySlot.get(60)!.status, 'succeeded');
    for (const slot of [10, 20, 30, 40, 50]) {
      assert.equal(bySlot.get(slot)!.status, 'skipped');
      assert.match(bySlot.get(slot)!.reason, /misfire: .*coalesced into one run/);
    }
  });

  it('skip: records every missed slot skipped and waits for the next one', async () => {
    const runs = await downFor('skip', 64);
    assert.deepEqual(
      runs.filter((r) => r.slot > 0).map((r) => r.status),
      ['skipped', 'skipped', 'skipped', 'skipped', 'skipped', 'skipped'],
    );
    assert.match(runs.at(-1)!.reason, /policy skip/);
  });

  it('all: runs the latest misfire_max_runs missed slots and skips the older ones', async () => {
    const runs = await downFor('all', 64, 'misfire_max_runs: 3\nconcurrent_execution: true');
    const ran = runs.filter((r) => r.status === 'succeeded').map((r) => r.slot);
    assert.deepEqual(ran.sort((a, b) => a - b), [0, 40, 50, 60]);
    const skipped = runs.filter((r) => r.status === 'skipped').map((r) => r.slot);
    assert.deepEqual(skipped.sort((a, b) => a - b), [10, 20, 30]);
  });
});

describe('cron schedules', () => {
  it('fires at the wall-clock time of its time zone', async () => {
    // 09:00 New York in January is 14:00 UTC (EST, UTC-5).
    const h = harness(yaml('open', 'cron: "0 9 * * 1-5"\ntimezone: America/New_York'), { start: T0 - 60 * MIN });
    h.orchestrator.registerAgent('work', () => 'done');
    await h.orchestrator.start();
    await h.clock.advance(2 * 60 * MIN);
    const runs = await h.history('open');
    assert.equal(runs.length, 1);
    assert.equal(new Date(runs[0]!.scheduledFor!).toISOString(), '2026-01-05T14:00:00.000Z');
    const status = await h.orchestrator.getTaskStatus('open');
    assert.equal(status.nextRunAt, '2026-01-06T14:00:00.000Z');
  });
});

describe('enabling a task again', () => {
  it('does not treat the slots it missed while disabled in the configuration as misfires', async () => {
    const enabled = yaml('tick', 'interval_minutes: 10');
    const h = harness(enabled, { start: T0 });
    h.orchestrator.registerAgent('work', () => 'done');
    await h.orchestrator.start();
    await h.clock.advance(1 * MIN);
    await h.orchestrator.stop();

    const disabled = harness(yaml('tick', 'interval_minutes: 10\nenabled: false'), { start: h.clock.now(), dataDir: h.dataDir });
    disabled.orchestrator.registerAgent('work', () => 'done');
    await disabled.orchestrator.start();
    await disabled.clock.advance(6 * 60 * MIN);
    await disabled.orchestrator.stop();

    const back = harness(enabled, { start: disabled.clock.now(), dataDir: h.dataDir });
    back.orchestrator.registerAgent('work', () => 'done');
    await back.orchestrator.start();
    await back.clock.advance(0);
    const runs = (await back.history('tick')).reverse();
    assert.deepEqual(runs.map((r) => r.status), ['succeeded', 'succeeded'], 'one run before, one at the restart, no misfire records');
    assert.equal(runs[1]!.scheduledFor, disabled.clock.now());
  });
});

