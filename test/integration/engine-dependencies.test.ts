import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '../../src/errors.js';
import { harness } from '../support/harness.js';

const MIN = 60_000;

describe('dependencies', () => {
  it('holds a due run waiting, with the reason visible, and starts it as soon as the upstream succeeds', async () => {
    const h = harness(`
tasks:
  data_sync: { agent: sync, manual: true }
  model: { agent: model, interval_minutes: 60, dependencies: [data_sync] }
`);
    h.orchestrator.registerAgent('sync', () => ({ rows: 10 }));
    h.orchestrator.registerAgent('model', () => ({ trained: true }));
    await h.orchestrator.start();
    await h.clock.advance(0);
    const [waiting] = await h.history('model');
    assert.equal(waiting!.status, 'waiting');
    assert.equal(waiting!.reason, 'waiting for data_sync has not run yet');
    const why = await h.orchestrator.why('model');
    assert.equal(why.state, 'waiting');
    assert.ok(why.reasons.some((r) => r.includes('data_sync has not run yet')));

    await h.orchestrator.executeTaskNow('data_sync');
    await h.clock.advance(0);
    assert.deepEqual(await h.statuses('model'), ['succeeded']);
  });

  it('says which upstream run failed, and skips the waiting run after dependency_timeout_minutes', async () => {
    const h = harness(`
tasks:
  data_sync: { agent: sync, manual: true, retry_count: 0 }
  model: { agent: model, interval_minutes: 60, dependencies: [data_sync], dependency_timeout_minutes: 30 }
`);
    h.orchestrator.registerAgent('sync', () => {
      throw new Error('vendor down');
    });
    h.orchestrator.registerAgent('model', () => 'trained');
    await h.orchestrator.start();
    const failed = await h.orchestrator.executeTaskNow('data_sync');
    await h.clock.advance(0);
    const [waiting] = await h.history('model');
    assert.match(waiting!.reason!, new RegExp(`waiting for data_sync's latest run ${failed.id} ended failed`));
    await h.clock.advance(30 * MIN);
    const [skipped] = await h.history('model');
    assert.equal(skipped!.status, 'skipped');
    assert.match(skipped!.reason!, /^dependency_timeout: waited 30 min; waiting for data_sync's latest run/);
  });

  it('requires the upstream success to be recent enough when max_age_minutes is set', async () => {
    const h = harness(`
tasks:
  data_sync: { agent: sync, manual: true }
  model: { agent: model, manual: true }
  report: { agent: model, interval_minutes: 120, run_at_start: false, dependencies: [{ task: data_sync, max_age_minutes: 60 }] }
`);
    h.orchestrator.registerAgent('sync', () => 'synced');
    h.orchestrator.registerAgent('model', () => 'ok');
    await h.orchestrator.start();
    await h.orchestrator.executeTaskNow('data_sync');
    await h.clock.advance(120 * MIN);
    const [run] = await h.history('report');
    assert.equal(run!.status, 'waiting');
    assert.match(run!.reason!, /data_sync's latest success \(.*\) is older than 60 min/);
  });
});

describe('conditions', () => {
  it('skips a run whose condition is false and records the observed value', async () => {
    const h = harness(`tasks: { hedge: { agent: hedge, interval_minutes: 10, conditions: { position_count: ">0" } } }`);
    let positions = 0;
    h.orchestrator.registerCondition({ name: 'position_count', description: 'open positions', valueKind: 'number', observe: () => positions });
    h.orchestrator.registerAgent('hedge', () => 'hedged');
    await h.orchestrator.start();
    await h.clock.advance(0);
    positions = 3;
    await h.clock.advance(10 * MIN);
    const runs = (await h.history('hedge')).reverse();
    assert.deepEqual(runs.map((r) => r.status), ['skipped', 'succeeded']);
    assert.equal(runs[0]!.reason, 'condition position_count: observed 0, needs > 0');
  });

  it('gates on system_health as a minimum', async () => {
    const h = harness(`
tasks:
  broken: { agent: broken, manual: true, retry_count: 0, priority: critical }
  careful: { agent: ok, manual: true }
  gated: { agent: ok, interval_minutes: 10, run_at_start: false, conditions: { system_health: 0.95 } }
`);
    h.orchestrator.registerAgent('broken', () => {
      throw new Error('down');
    });
    h.orchestrator.registerAgent('ok', () => 'ok');
    await h.orchestrator.start();
    await h.orchestrator.executeTaskNow('broken');
    await h.orchestrator.checkHealth();
    await h.clock.advance(10 * MIN);
    const [run] = await h.history('gated');
    assert.equal(run!.status, 'skipped');
    assert.match(run!.reason!, /^condition system_health: observed 0\.\d+, needs >= 0.95$/);
  });

  it('refuses to start with an unknown condition, naming the closest one', async () => {
    const h = harness(`tasks: { t: { agent: ok, manual: true, conditions: { system_helth: 0.8 } } }`);
    h.orchestrator.registerAgent('ok', () => 'ok');
    await assert.rejects(h.orchestrator.start(), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.match(error.message, /tasks\.t\.conditions\.system_helth: unknown condition 'system_helth'/);
      assert.match(error.message, /did you mean 'system_health'\?/);
      return true;
    });
  });

  it("refuses to start when a task's agent is not registered, as the guide says", async () => {
    const h = harness(`tasks: { model_innovation: { interval_minutes: 60 } }`);
    await assert.rejects(h.orchestrator.start(), /Agent 'model_innovation' not found\..*registerAgent\('model_innovation', agent\)/s);
  });
});
