import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultConfig, parseConfig } from '../../src/config/load-config.js';
import { applyTaskChanges, taskFromDefinition, type TaskDefinition } from '../../src/config/task-definition.js';
import type { ResolvedConfig } from '../../src/config/types.js';
import { ConfigError, type ConfigIssue } from '../../src/errors.js';
import { parseTaskName, type TaskName } from '../../src/model/ids.js';
import type { TaskConfig } from '../../src/model/task.js';

const MIN = 60_000;

const YAML = `
tasks:
  data_sync: { interval_minutes: 5, error_threshold: 3, retry_count: 1 }
  forecast: { interval_minutes: 60, dependencies: [data_sync] }
environments:
  development: { error_threshold_multiplier: 2, performance_threshold_multiplier: 0.5 }
`;

function config(env: string | null = null): ResolvedConfig {
  return parseConfig(YAML, 'schedule.yaml', { env, environ: {} });
}

function task(cfg: ResolvedConfig, name: string): TaskConfig {
  const found = cfg.tasks.get(name as TaskName);
  assert.ok(found);
  return found;
}

function issuesOf(fn: () => unknown): ConfigIssue[] {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    return [...error.issues];
  }
  assert.fail('no ConfigError was thrown');
}

/** Path, message and fix of each issue; file and position are checked separately. */
const summary = (issues: ConfigIssue[]): string[][] => issues.map((i) => [i.path, i.message, i.fix ?? '']);

describe('taskFromDefinition (a task built in code)', () => {
  it('builds the original guide\'s custom task with every default', () => {
    const t = taskFromDefinition({ name: 'custom_task', taskType: 'custom', enabled: true, intervalMinutes: 60, priority: 'medium' }, defaultConfig());
    assert.equal(t.name, 'custom_task');
    assert.equal(t.type, 'custom');
    assert.equal(t.agent, 'custom_task');
    assert.deepEqual(t.schedule, { kind: 'interval', everyMs: 60 * MIN, runAtStart: true });
    assert.equal(t.priority, 'medium');
    assert.equal(t.timeoutMs, 15 * MIN);
    assert.equal(t.retryCount, 3);
    assert.equal(t.errorThreshold, 5);
    assert.ok(Object.isFrozen(t));
  });

  it('converts camelCase keys and minutes like the YAML, and applies the environment multipliers', () => {
    const def: TaskDefinition = {
      name: 'custom_task',
      agent: 'my_agent',
      cron: '*/15 9-16 * * 1-5',
      timezone: 'America/New_York',
      dependencies: ['data_sync', { task: 'forecast', maxAgeMinutes: 30 }],
      dependencyTimeoutMinutes: 10,
      conditions: { market_hours: true, system_health: 0.8 },
      parameters: { symbols: ['AAPL'] },
      timeoutMinutes: 2,
      maxDurationMinutes: 1,
      retryCount: 4,
      retryDelayMinutes: 0.25,
      retryBackoff: 'exponential',
      retryMaxDelayMinutes: 8,
      concurrentExecution: true,
      errorThreshold: 3,
      performanceThreshold: 0.9,
      misfire: 'skip',
      misfireMaxRuns: 2,
    };
    const t = taskFromDefinition(def, config('development'));
    assert.deepEqual(t.schedule, { kind: 'cron', expression: '*/15 9-16 * * 1-5', timezone: 'America/New_York' });
    assert.deepEqual(t.dependencies, [
      { task: 'data_sync', maxAgeMs: null },
      { task: 'forecast', maxAgeMs: 30 * MIN },
    ]);
    assert.equal(t.agent, 'my_agent');
    assert.equal(t.dependencyTimeoutMs, 10 * MIN);
    assert.deepEqual(t.conditions.map((c) => c.expect), [
      { kind: 'boolean', value: true },
      { kind: 'atLeast', value: 0.8 },
    ]);
    assert.equal(t.timeoutMs, 2 * MIN);
    assert.equal(t.maxDurationMs, MIN);
    assert.equal(t.retryCount, 4);
    assert.equal(t.retryDelayMs, 15_000);
    assert.equal(t.retryBackoff, 'exponential');
    assert.equal(t.retryMaxDelayMs, 8 * MIN);
    assert.equal(t.concurrentExecution, true);
    assert.equal(t.errorThreshold, 6, '3 × the development multiplier 2');
    assert.equal(t.performanceThreshold, 0.45);
    assert.equal(t.misfire, 'skip');
    assert.equal(t.misfireMaxRuns, 2);
    assert.equal(Object.isFrozen(def.parameters), false, "the caller's objects are copied, not frozen");
  });

  it('reports problems with camelCase key paths in file <code>', () => {
    const def = { name: 'custom_task', intervalMinutes: 0, retryCount: -1, intervalMinute: 3 } as unknown as TaskDefinition;
    const issues = issuesOf(() => taskFromDefinition(def, defaultConfig()));
    assert.ok(issues.every((i) => i.file === '<code>' && i.line === null && i.column === null));
    assert.deepEqual(summary(issues), [
      ['tasks.custom_task.intervalMinute', "unknown key 'intervalMinute' in task 'custom_task'", "did you mean 'intervalMinutes'?"],
      [
        'tasks.custom_task.intervalMinutes',
        'intervalMinutes must be a number of minutes > 0 (fractions allowed: 0.5 is 30 seconds), got 0',
        'set intervalMinutes to a number of minutes > 0 (fractions allowed: 0.5 is 30 seconds), e.g. intervalMinutes: 5',
      ],
      ['tasks.custom_task.retryCount', 'retryCount must be a whole number ≥ 0, got -1', 'set retryCount to a whole number ≥ 0, e.g. retryCount: 3'],
    ]);
  });

  it('requires a schedule, named in camelCase', () => {
    assert.deepEqual(summary(issuesOf(() => taskFromDefinition({ name: 'x' }, defaultConfig()))), [
      ['tasks.x', "task 'x' has no schedule", 'add intervalMinutes, cron, market or manual: true'],
    ]);
  });

  it('checks dependencies against the configuration\'s tasks, and cycles through them', () => {
    const cfg = config();
    assert.deepEqual(summary(issuesOf(() => taskFromDefinition({ name: 'x', manual: true, dependencies: ['forcast'] }, cfg))), [
      ['tasks.x.dependencies[0]', "unknown dependency 'forcast' of task 'x': no task has that name", "did you mean 'forecast'?"],
    ]);
    // Replacing data_sync with a version that depends on forecast closes a loop.
    assert.deepEqual(summary(issuesOf(() => taskFromDefinition({ name: 'data_sync', intervalMinutes: 5, dependencies: ['forecast'] }, cfg))), [
      ['tasks.data_sync.dependencies[0]', 'dependency cycle: data_sync -> forecast -> data_sync', 'remove one of these dependencies: a task cannot wait for itself, directly or through other tasks'],
    ]);
  });

  it('checks condition names when the registry is given', () => {
    const issues = issuesOf(() => taskFromDefinition({ name: 'x', manual: true, conditions: { market_hour: true } }, defaultConfig(), { knownConditions: new Set(['market_hours']) }));
    assert.deepEqual(summary(issues), [['tasks.x.conditions.market_hour', "unknown condition 'market_hour'", "did you mean 'market_hours'?"]]);
  });

  it('rejects an invalid name and parameters that are not plain data', () => {
    const issues = issuesOf(() => taskFromDefinition({ name: 'Custom Task', manual: true, parameters: { callback: () => 1 } }, defaultConfig()));
    assert.deepEqual(
      issues.map((i) => i.path),
      ['tasks.Custom Task', 'tasks.Custom Task.parameters'],
    );
    assert.equal(issues[0]?.message, 'invalid task name "Custom Task"');
  });
});

describe('applyTaskChanges (updateTaskConfig)', () => {
  it('applies the original guide\'s update, leaving every other key and the old config as they were', () => {
    const cfg = config();
    const before = task(cfg, 'data_sync');
    const after = applyTaskChanges(before, { retry_count: 5, error_threshold: 10 }, cfg);
    assert.equal(after.retryCount, 5);
    assert.equal(after.errorThreshold, 10);
    assert.deepEqual({ ...after, retryCount: 1, errorThreshold: 3 }, before);
    assert.equal(before.retryCount, 1);
    assert.ok(Object.isFrozen(after));
  });

  it('accepts camelCase keys, and applies the environment multipliers to a changed threshold', () => {
    const cfg = config('development');
    const before = task(cfg, 'data_sync');
    assert.equal(before.errorThreshold, 6);
    const after = applyTaskChanges(before, { errorThreshold: 10, retryDelayMinutes: 1 }, cfg);
    assert.equal(after.errorThreshold, 20);
    assert.equal(after.retryDelayMs, MIN);
    const again = applyTaskChanges(after, { priority: 'HIGH' }, cfg);
    assert.equal(again.errorThreshold, 20, 'a second change keeps the first one, multiplied once');
    assert.equal(again.priority, 'high');
  });

  it('replaces the whole schedule when the kind changes', () => {
    const cfg = config();
    const after = applyTaskChanges(task(cfg, 'data_sync'), { cron: '0 * * * *', timezone: 'Europe/London' }, cfg);
    assert.deepEqual(after.schedule, { kind: 'cron', expression: '0 * * * *', timezone: 'Europe/London' });
    const back = applyTaskChanges(after, { interval_minutes: 2 }, cfg);
    assert.deepEqual(back.schedule, { kind: 'interval', everyMs: 2 * MIN, runAtStart: true });
  });

  it('reports problems in file <update> with YAML key paths and suggestions', () => {
    const cfg = config();
    const issues = issuesOf(() => applyTaskChanges(task(cfg, 'data_sync'), { retry_cont: 5, priority: 'urgent', name: 'other' }, cfg));
    assert.ok(issues.every((i) => i.file === '<update>' && i.line === null));
    assert.deepEqual(summary(issues), [
      ['tasks.data_sync.retry_cont', "unknown key 'retry_cont' in task 'data_sync'", "did you mean 'retry_count'?"],
      ['tasks.data_sync.name', "a task cannot be renamed (from 'data_sync' to \"other\")", 'add a task under the new name and disable or remove this one'],
      ['tasks.data_sync.priority', 'priority must be one of critical, high, medium, low, got "urgent"', 'use one of: critical, high, medium, low'],
    ]);
  });

  it('rejects a change that creates a dependency cycle or names an unknown task', () => {
    const cfg = config();
    assert.deepEqual(summary(issuesOf(() => applyTaskChanges(task(cfg, 'data_sync'), { dependencies: ['forecast'] }, cfg))), [
      ['tasks.data_sync.dependencies[0]', 'dependency cycle: data_sync -> forecast -> data_sync', 'remove one of these dependencies: a task cannot wait for itself, directly or through other tasks'],
    ]);
    assert.deepEqual(
      issuesOf(() => applyTaskChanges(task(cfg, 'forecast'), { dependencies: [{ task: 'data_sink', maxAgeMinutes: 5 }] }, cfg)).map((i) => i.fix),
      ["did you mean 'data_sync'?"],
    );
  });

  it('rejects a change that leaves two schedules only where the change put them', () => {
    const cfg = config();
    const issues = issuesOf(() => applyTaskChanges(task(cfg, 'data_sync'), { manual: true, cron: '0 * * * *' }, cfg));
    assert.deepEqual(issues.map((i) => i.message), ["task 'data_sync' has more than one schedule: cron and manual"]);
  });

  it('changes a TaskConfig that was built by hand, keeping its effective thresholds', () => {
    const cfg = config('development');
    const handmade: TaskConfig = { ...task(cfg, 'data_sync'), name: parseTaskName('handmade'), errorThreshold: 7, performanceThreshold: 0.6 };
    const after = applyTaskChanges(handmade, { retry_count: 9 }, cfg);
    assert.equal(after.retryCount, 9);
    assert.equal(after.errorThreshold, 7);
    assert.equal(after.performanceThreshold, 0.6);
    assert.deepEqual(after.schedule, handmade.schedule);
    assert.equal(after.timeoutMs, handmade.timeoutMs);
  });
});
