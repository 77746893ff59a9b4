import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { parseConfig } from '../../src/config/load-config.js';
import { TaskOrchestrator } from '../../src/engine/orchestrator.js';
import { EvolveError } from '../../src/errors.js';
import { parseTaskName } from '../../src/model/ids.js';
import { FakeClock, settle } from '../support/fake-clock.js';
import { harness } from '../support/harness.js';
import { tempDir } from '../support/temp-dir.js';

const MIN = 60_000;

function orchestratorOn(dataDir: string, yaml: string, clock: FakeClock): TaskOrchestrator {
  const config = parseConfig(yaml, 'test.yaml', { dataDir, environ: {} });
  const orchestrator = new TaskOrchestrator({ config, clock });
  after(() => orchestrator.stop({ graceMs: 0 }));
  return orchestrator;
}

describe('recovery', () => {
  it('refuses a second orchestrator on a store whose holder is alive', async () => {
    const dataDir = tempDir();
    const yaml = `tasks: { t: { agent: ok, manual: true } }`;
    const clock = new FakeClock();
    const first = orchestratorOn(dataDir, yaml, clock);
    first.registerAgent('ok', () => 'ok');
    await first.start();
    const second = orchestratorOn(dataDir, yaml, clock);
    second.registerAgent('ok', () => 'ok');
    await assert.rejects(second.start(), (error: unknown) => error instanceof EvolveError && error.code === 'EVOLVE_STORE_LOCKED' && /another orchestrator \(pid \d+/.test(error.message));
  });

  it('marks runs of a dead process interrupted and retries them with the same idempotency key', async () => {
    const dataDir = tempDir();
    const yaml = `tasks: { orders: { agent: orders, manual: true, retry_count: 2 } }`;
    const clockA = new FakeClock();
    const crashed = orchestratorOn(dataDir, yaml, clockA);
    crashed.registerAgent('orders', () => new Promise(() => undefined)); // hangs: the process "dies" mid-run
    await crashed.start();
    const first = await crashed.executeTaskNow('orders', { qty: 5 }, { wait: false });
    await settle();

    // Another process, later: the first one's heartbeat is older than the lease.
    const clockB = new FakeClock(clockA.now() + 2 * MIN);
    const recovered = orchestratorOn(dataDir, yaml, clockB);
    const keys: string[] = [];
    recovered.registerAgent('orders', (ctx: { idempotencyKey: string; parameters: Readonly<Record<string, unknown>> }) => {
      keys.push(ctx.idempotencyKey);
      return { filled: ctx.parameters['qty'] };
    });
    await recovered.start();
    await clockB.advance(0);
    const runs = (await recovered.getRunHistory({ task: 'orders' })).reverse();
    assert.deepEqual(runs.map((r) => [r.attempt, r.trigger, r.status]), [[1, 'manual', 'interrupted'], [2, 'recovery', 'succeeded']]);
    assert.match(runs[0]!.reason!, /stopped before the run finished; found at start/);
    assert.deepEqual(keys, [first.idempotencyKey]);
    assert.deepEqual(runs[1]!.result, { filled: 5 });
  });

  it('reads run history from the store without start()', async () => {
    const h = harness(`tasks: { t: { agent: ok, manual: true } }`);
    h.orchestrator.registerAgent('ok', () => ({ value: 42 }));
    await h.orchestrator.start();
    await h.orchestrator.executeTaskNow('t');
    await h.orchestrator.stop();
    const reader = h.restart();
    const [run] = await reader.getRunHistory({ task: 't', status: 'succeeded', limit: 5 });
    assert.deepEqual(run!.result, { value: 42 });
    const status = await reader.getSystemStatus();
    assert.equal(status.orchestratorRunning, false);
    assert.equal(status.totalTasks, 1);
    assert.equal(status.performanceMetrics.successRates['t'], 1);
  });
});

describe('library API', () => {
  it('validates updateTaskConfig, persists it across restarts and audits it', async () => {
    const h = harness(`tasks: { t: { agent: ok, interval_minutes: 60 } }`);
    h.orchestrator.registerAgent('ok', () => 'ok');
    await h.orchestrator.start();
    await assert.rejects(h.orchestrator.updateTaskConfig('t', { retry_count: -1 }), /tasks\.t\.retry_count/);
    await assert.rejects(h.orchestrator.updateTaskConfig('t', { retry_cuont: 5 }), /did you mean 'retry_count'/);
    const updated = await h.orchestrator.updateTaskConfig('t', { retry_count: 5, error_threshold: 10 });
    assert.equal(updated.retryCount, 5);
    assert.equal(updated.errorThreshold, 10);
    const audit = await h.orchestrator.store.listAudit({ task: parseTaskName('t') });
    assert.ok(audit.some((a) => a.action === 'task.update' && (a.details['changes'] as Record<string, unknown>)['retry_count'] === 5));
    await h.orchestrator.stop();
    const restarted = h.restart();
    restarted.registerAgent('ok', () => 'ok');
    await restarted.start();
    const status = await restarted.getTaskStatus('t');
    assert.deepEqual(status.overrides, { retry_count: 5, error_threshold: 10 });
    assert.equal(restarted.tasks().find((t) => t.name === 't')!.retryCount, 5);
  });

  it('adds a custom agent and its task from code, as in the guide', async () => {
    const h = harness(`tasks: {}`);
    class CustomAgent {
      async customMethod(params: Readonly<Record<string, unknown>>) {
        return { status: 'success', result: 'custom_result', params };
      }
    }
    h.orchestrator.registerAgent('custom_task', new CustomAgent(), { method: 'customMethod' });
    await h.orchestrator.addTask({ name: 'custom_task', taskType: 'custom', enabled: true, intervalMinutes: 60, priority: 'medium', parameters: { symbol: 'AAPL' } });
    await h.orchestrator.start();
    await h.clock.advance(0);
    const [run] = await h.history('custom_task');
    assert.equal(run!.status, 'succeeded');
    assert.deepEqual(run!.result, { status: 'success', result: 'custom_result', params: { symbol: 'AAPL' } });
    const path = await h.orchestrator.exportStatusReport();
    assert.match(path, /reports\/status-.*\.json$/);
  });

  it('schedules a task added from code while running, and keeps its slots across a restart', async () => {
    const h = harness(`tasks: {}`);
    const agent = { innovate: (params: Readonly<Record<string, unknown>>) => ({ model: `m-${String(params['symbol'])}` }) };
    const define = { name: 'custom_task', taskType: 'custom', intervalMinutes: 60, priority: 'high', parameters: { symbol: 'AAPL' } } as const;
    h.orchestrator.registerAgent('custom_task', agent, { method: 'innovate' });
    await h.orchestrator.start();
    await h.clock.advance(10 * MIN);
    await h.orchestrator.addTask(define); // at run time: scheduled at once
    await h.clock.advance(0);
    assert.equal((await h.orchestrator.getTaskStatus('custom_task')).nextRunAt, new Date(h.clock.now() + 60 * MIN).toISOString());
    await h.clock.advance(60 * MIN);
    assert.deepEqual(await h.statuses('custom_task'), ['succeeded', 'succeeded']);
    await h.orchestrator.stop();
    await h.clock.advance(30 * MIN);
    const restarted = h.restart(); // the application adds its task again at start, as in the guide
    restarted.registerAgent('custom_task', agent, { method: 'innovate' });
    await restarted.addTask(define);
    await restarted.start();
    await h.clock.advance(0);
    assert.deepEqual(await h.statuses('custom_task'), ['succeeded', 'succeeded'], 'the persisted next slot stands: no run at the restart');
    await h.clock.advance(30 * MIN);
    const runs = await h.history('custom_task');
    assert.equal(runs.length, 3);
    assert.deepEqual(runs[0]!.result, { model: 'm-AAPL' });
  });

  it('deletes history older than metrics_retention_days, at start and on demand', async () => {
    const h = harness(`monitoring: { metrics_retention_days: 2 }\ntasks: { t: { agent: ok, manual: true } }`);
    h.orchestrator.registerAgent('ok', () => 'ok');
    await h.orchestrator.start();
    await h.orchestrator.executeTaskNow('t', {}, { actor: 'tester' });
    h.orchestrator.raiseAlert({ kind: 'first', severity: 'warning', message: 'from the first day' });
    await h.orchestrator.stop();
    await h.clock.advance(24 * 60 * MIN); // a day later: still kept
    const reader = h.restart();
    assert.deepEqual(await reader.pruneHistory(), { deleted: 0, alertsDeleted: 0, before: new Date(h.clock.now() - 2 * 24 * 60 * MIN).toISOString() });
    h.orchestrator.registerAgent('ok', () => 'ok');
    await h.orchestrator.start();
    await h.orchestrator.executeTaskNow('t');
    h.orchestrator.raiseAlert({ kind: 'second', severity: 'warning', message: 'from the second day' });
    await h.orchestrator.stop();
    await h.clock.advance(36 * 60 * MIN); // the first run is now 2.5 days old, the second 1.5
    const restarted = h.restart();
    restarted.registerAgent('ok', () => 'ok');
    await restarted.start(); // prunes at start
    await h.clock.advance(0);
    const left = await h.history('t');
    assert.equal(left.length, 1);
    assert.equal(left[0]!.finishedAt, h.clock.now() - 36 * 60 * MIN);
    assert.equal((await restarted.getTaskStatus('t')).totals.succeeded, 2, 'lifetime totals are not reduced by retention');
    assert.deepEqual((await restarted.getAlertHistory()).map((a) => a.kind), ['second'], 'alerts are kept as long as runs');
    assert.deepEqual((await restarted.getAuditTrail()).map((e) => [e.actor, e.action]), [['tester', 'task.run']], 'the audit trail is never pruned');
  });
});
