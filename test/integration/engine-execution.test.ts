import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AgentContext } from '../../src/agents/agent.js';
import type { AlertRecord } from '../../src/store/store.js';
import { settle } from '../support/fake-clock.js';
import { deferred, harness } from '../support/harness.js';

const MIN = 60_000;

describe('priorities and concurrency', () => {
  it('starts ready runs in priority order within max_concurrent_tasks', async () => {
    const h = harness(`
orchestrator: { max_concurrent_tasks: 1 }
tasks:
  blocker: { agent: blocker, manual: true, priority: low }
  low_task: { agent: work, manual: true, priority: low }
  high_task: { agent: work, manual: true, priority: high }
  critical_task: { agent: work, manual: true, priority: critical }
`);
    const gate = deferred();
    const order: string[] = [];
    h.orchestrator.registerAgent('blocker', () => gate.promise);
    h.orchestrator.registerAgent('work', (ctx: AgentContext) => void order.push(ctx.task));
    await h.orchestrator.start();
    await h.orchestrator.executeTaskNow('blocker', {}, { wait: false });
    for (const task of ['low_task', 'high_task', 'critical_task']) await h.orchestrator.executeTaskNow(task, {}, { wait: false });
    await settle();
    assert.deepEqual(order, [], 'nothing starts while the only slot is taken');
    gate.resolve();
    await h.clock.advance(0);
    assert.deepEqual(order, ['critical_task', 'high_task', 'low_task']);
  });

  it('skips a scheduled run that would overlap a running one when concurrent_execution is false', async () => {
    const h = harness(`
tasks:
  slow: { agent: slow, interval_minutes: 1, concurrent_execution: false, timeout_minutes: 10 }
`);
    h.orchestrator.registerAgent('slow', () => new Promise((resolve) => h.clock.setTimer(150_000, () => resolve('done'))));
    await h.orchestrator.start();
    await h.clock.advance(3 * MIN);
    const runs = (await h.history('slow')).reverse();
    assert.deepEqual(
      runs.map((r) => r.status),
      ['succeeded', 'skipped', 'skipped', 'running'],
    );
    assert.match(runs[1]!.reason!, /overlap: run r_\w+ is still running and concurrent_execution is false/);
  });
});

describe('agent failures', () => {
  const cases: [string, () => unknown, RegExp][] = [
    ['throws', () => { throw new Error('feed unavailable'); }, /^feed unavailable$/],
    ['rejects with a string', () => Promise.reject('plain string'), /plain string/],
    ['returns a BigInt', () => ({ n: 10n }), /cannot be stored as JSON.*BigInt/],
    ['returns a cycle', () => { const a: Record<string, unknown> = {}; a['self'] = a; return a; }, /cannot be stored as JSON.*circular/i],
    ['returns a function', () => () => 1, /returned a function/],
    ['reports status error', () => ({ status: 'error', message: 'no data' }), /reported status "error": no data/],
  ];
  for (const [what, agent, message] of cases) {
    it(`records a failed run with a clear error when the agent ${what}, and keeps going`, async () => {
      const h = harness(`tasks: { t: { agent: bad, manual: true, retry_count: 0 }, ok: { agent: good, manual: true } }`);
      h.orchestrator.registerAgent('bad', agent);
      h.orchestrator.registerAgent('good', () => ({ fine: true }));
      await h.orchestrator.start();
      const run = await h.orchestrator.executeTaskNow('t');
      assert.equal(run.status, 'failed');
      assert.match(run.error!, message);
      assert.equal((await h.orchestrator.executeTaskNow('ok')).status, 'succeeded');
    });
  }

  it('times out an agent that ignores its AbortSignal, frees the slot and keeps going', async () => {
    const h = harness(`
orchestrator: { max_concurrent_tasks: 1 }
tasks:
  hang: { agent: hang, manual: true, timeout_minutes: 1, retry_count: 0 }
  next: { agent: good, manual: true }
`);
    let aborted: unknown = null;
    h.orchestrator.registerAgent('hang', (ctx: AgentContext) => {
      ctx.signal.addEventListener('abort', () => (aborted = ctx.signal.reason));
      return new Promise(() => undefined); // never settles, ignores the signal
    });
    h.orchestrator.registerAgent('good', () => 'ok');
    await h.orchestrator.start();
    const hung = h.orchestrator.executeTaskNow('hang');
    const next = h.orchestrator.executeTaskNow('next');
    await h.clock.advance(1 * MIN);
    const run = await hung;
    assert.equal(run.status, 'timed_out');
    assert.match(run.error!, /timed out after 1 min/);
    assert.ok(aborted instanceof Error && aborted.name === 'TimeoutError', 'the agent saw its signal abort with a TimeoutError');
    assert.equal((await next).status, 'succeeded');
  });
});

describe('retries', () => {
  it('retries a failed run retry_count times, retry_delay_minutes apart, with one idempotency key', async () => {
    const h = harness(`tasks: { flaky: { agent: flaky, manual: true, retry_count: 2, retry_delay_minutes: 5 } }`);
    const seen: { attempt: number; key: string; at: number }[] = [];
    h.orchestrator.registerAgent('flaky', (ctx: AgentContext) => {
      seen.push({ attempt: ctx.attempt, key: ctx.idempotencyKey, at: h.clock.now() });
      throw new Error(`attempt ${ctx.attempt} failed`);
    });
    await h.orchestrator.start();
    const t0 = h.clock.now();
    const final = h.orchestrator.executeTaskNow('flaky');
    await h.clock.advance(11 * MIN);
    const run = await final;
    assert.equal(run.status, 'failed');
    assert.equal(run.attempt, 3);
    assert.deepEqual(seen.map((s) => [s.attempt, s.at - t0]), [[1, 0], [2, 5 * MIN], [3, 10 * MIN]]);
    assert.equal(new Set(seen.map((s) => s.key)).size, 1);
    const history = (await h.history('flaky')).reverse();
    assert.deepEqual(history.map((r) => [r.attempt, r.trigger, r.status]), [[1, 'manual', 'failed'], [2, 'retry', 'failed'], [3, 'retry', 'failed']]);
    assert.ok(history.every((r) => r.chainId === history[0]!.id));
  });

  it('backs off exponentially when retry_backoff is exponential', async () => {
    const h = harness(`tasks: { flaky: { agent: flaky, manual: true, retry_count: 3, retry_delay_minutes: 1, retry_backoff: exponential } }`);
    const at: number[] = [];
    h.orchestrator.registerAgent('flaky', () => {
      at.push(h.clock.now());
      throw new Error('no');
    });
    await h.orchestrator.start();
    void h.orchestrator.executeTaskNow('flaky', {}, { wait: false });
    await h.clock.advance(60 * MIN);
    assert.equal(at.length, 4);
    const gaps = at.slice(1).map((t, i) => t - at[i]!);
    assert.ok(gaps[0]! < gaps[1]! && gaps[1]! < gaps[2]!, `gaps grow: ${gaps.join(', ')}`);
  });
});

describe('error and performance thresholds', () => {
  it('disables a task after error_threshold consecutive failures, alerts, and re-enables on resetErrors', async () => {
    const h = harness(`tasks: { broken: { agent: broken, interval_minutes: 1, retry_count: 0, error_threshold: 3 } }`);
    let fail = true;
    h.orchestrator.registerAgent('broken', () => {
      if (fail) throw new Error('exchange rejected the request');
      return 'ok';
    });
    const alerts: AlertRecord[] = [];
    h.orchestrator.events.on('alert:fired', ({ alert }) => alerts.push(alert));
    await h.orchestrator.start();
    await h.clock.advance(10 * MIN);
    assert.deepEqual(await h.statuses('broken'), ['failed', 'failed', 'failed']);
    const status = await h.orchestrator.getTaskStatus('broken');
    assert.equal(status.enabled, false);
    assert.match(status.disabledReason!, /^error_threshold: 3 consecutive failed runs .*exchange rejected the request/);
    assert.equal(status.nextRunAt, null);
    assert.ok(alerts.some((a) => a.kind === 'task_disabled' && a.task === 'broken' && a.severity === 'critical'));

    fail = false;
    await h.orchestrator.resetErrors('broken');
    await h.clock.advance(0);
    const after = await h.orchestrator.getTaskStatus('broken');
    assert.equal(after.enabled, true);
    assert.equal(after.errorCount, 0);
    assert.equal((await h.statuses('broken')).at(-1), 'succeeded');
  });

  it('flags a task whose success rate falls below performance_threshold', async () => {
    const h = harness(`
monitoring: { performance_window: 10, performance_min_runs: 4 }
tasks: { wobbly: { agent: wobbly, interval_minutes: 1, retry_count: 0, error_threshold: 100, performance_threshold: 0.75 } }`);
    let n = 0;
    h.orchestrator.registerAgent('wobbly', () => {
      if (n++ % 2 === 1) throw new Error('odd run fails');
      return 'ok';
    });
    const flagged = h.orchestrator.events.next('task:flagged');
    await h.orchestrator.start();
    await h.clock.advance(5 * MIN);
    const { reason } = await flagged;
    assert.match(reason, /success rate 50% over the last 4 runs is below performance_threshold 75%/);
    const status = await h.orchestrator.getTaskStatus('wobbly');
    assert.equal(status.flagged, true);
    assert.ok(status.health < 0.8);
  });

  it('raises an SLA alert past max_duration_minutes without stopping the run', async () => {
    const h = harness(`tasks: { long: { agent: long, manual: true, max_duration_minutes: 2, timeout_minutes: 10 } }`);
    h.orchestrator.registerAgent('long', () => new Promise((resolve) => h.clock.setTimer(5 * MIN, () => resolve('finished'))));
    const alert = h.orchestrator.events.next('alert:fired', (e) => e.alert.kind === 'sla_breached');
    await h.orchestrator.start();
    const done = h.orchestrator.executeTaskNow('long');
    await h.clock.advance(6 * MIN);
    assert.match((await alert).alert.message, /longer than max_duration_minutes \(2 min\)/);
    const run = await done;
    assert.equal(run.status, 'succeeded');
    assert.equal((await h.orchestrator.getRun(run.id))!.slaBreached, true);
  });
});

describe('stopping', () => {
  it('lets running runs finish within the grace period, then marks the rest interrupted and records their retry', async () => {
    const h = harness(`tasks: { quick: { agent: quick, manual: true }, stuck: { agent: stuck, manual: true, retry_count: 1 } }`);
    h.orchestrator.registerAgent('quick', () => new Promise((resolve) => h.clock.setTimer(500, () => resolve('done'))));
    h.orchestrator.registerAgent('stuck', () => new Promise(() => undefined));
    await h.orchestrator.start();
    await h.orchestrator.executeTaskNow('quick', {}, { wait: false });
    await h.orchestrator.executeTaskNow('stuck', {}, { wait: false });
    await settle();
    const stopping = h.orchestrator.stop({ graceMs: 2_000 });
    await h.clock.advance(2_000);
    await stopping;
    assert.deepEqual(await h.statuses('quick'), ['succeeded']);
    const stuck = (await h.history('stuck')).reverse();
    assert.deepEqual(stuck.map((r) => [r.status, r.trigger]), [['interrupted', 'manual'], ['queued', 'recovery']]);
    assert.match(stuck[0]!.error!, /stopped before the run finished \(grace period 2 s\)/);
  });
});

describe('cancelling', () => {
  it('cancels a queued run and a running one; the running agent sees its signal abort', async () => {
    const h = harness(`
orchestrator: { max_concurrent_tasks: 1 }
tasks: { long: { agent: long, manual: true, retry_count: 3 } }`);
    let reason: unknown = null;
    h.orchestrator.registerAgent('long', (ctx: AgentContext) => new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject((reason = ctx.signal.reason)))));
    await h.orchestrator.start();
    const running = await h.orchestrator.executeTaskNow('long', {}, { wait: false });
    const queued = await h.orchestrator.executeTaskNow('long', {}, { wait: false });
    await settle();
    const cancelledQueued = await h.orchestrator.cancelRun(queued.id, 'not needed any more');
    assert.equal(cancelledQueued.status, 'cancelled');
    assert.equal(cancelledQueued.reason, 'not needed any more');
    const cancelledRunning = await h.orchestrator.cancelRun(running.id, 'operator stop');
    assert.equal(cancelledRunning.status, 'cancelled');
    assert.equal(cancelledRunning.error, 'operator stop');
    assert.ok(reason instanceof Error && reason.name === 'AbortError');
    assert.deepEqual(await h.statuses('long'), ['cancelled', 'cancelled'], 'a cancelled run is not retried');
    await assert.rejects(h.orchestrator.cancelRun('r_000000000000deadbeef'), /no run has id/);
  });
});

