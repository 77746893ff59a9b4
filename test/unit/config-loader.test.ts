import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { defaultConfig, loadConfig } from '../../src/config/load-config.js';
import { ConfigError, EvolveError } from '../../src/errors.js';
import type { TaskName } from '../../src/model/ids.js';
import type { TaskConfig } from '../../src/model/task.js';
import { parse, task } from '../support/config.js';
import { tempDir } from '../support/temp-dir.js';

const MIN = 60_000;

describe('loading a configuration', () => {
  it('gives every default for an empty file, a comments-only file, or a file without tasks', () => {
    for (const text of ['', '# nothing yet\n', 'tasks:\n', 'orchestrator:\n']) {
      const config = parse(text, { dataDir: '/srv/evolve' });
      assert.equal(config.tasks.size, 0);
      assert.deepEqual(config.orchestrator, {
        enabled: true,
        maxConcurrentTasks: 5,
        defaultTimeoutMs: 15 * MIN,
        healthCheckIntervalMs: 5 * MIN,
        timezone: 'UTC',
        calendar: 'XNYS',
        agentsDir: null,
        shutdownGraceMs: 30_000,
        misfireGraceMs: 60_000,
        dependencyTimeoutMs: 60 * MIN,
      });
      assert.deepEqual(config.store, { dataDir: '/srv/evolve', synchronous: 'normal' });
      assert.deepEqual(config.alerts, { enabled: true, cooldownMs: 15 * MIN, channels: [{ kind: 'log' }] });
      assert.deepEqual(config.monitoring, { metricsRetentionMs: 30 * 86_400_000, performanceWindow: 20, performanceMinRuns: 5 });
      assert.deepEqual(config.logging, { level: 'info', file: '/srv/evolve/logs/evolve.log' });
      assert.equal(config.environment, null);
    }
  });

  it('resolves a minimal task with all task defaults, in milliseconds', () => {
    const t = task(parse('tasks:\n  data_sync:\n    interval_minutes: 5\n'), 'data_sync');
    assert.deepEqual(t, {
      name: 'data_sync',
      type: 'data_sync',
      agent: 'data_sync',
    agentSpec: null,
      description: '',
      enabled: true,
      schedule: { kind: 'interval', everyMs: 5 * MIN, runAtStart: true },
      priority: 'medium',
      dependencies: [],
      dependencyTimeoutMs: 60 * MIN,
      conditions: [],
      parameters: {},
      timeoutMs: 15 * MIN,
      maxDurationMs: 30 * MIN,
      retryCount: 3,
      retryDelayMs: 5 * MIN,
      retryBackoff: 'fixed',
      retryMaxDelayMs: 60 * MIN,
      concurrentExecution: false,
      errorThreshold: 5,
      performanceThreshold: 0.8,
      misfire: 'once',
      misfireMaxRuns: 10,
    });
  });

  it('resolves every task key as written', () => {
    const yaml = `
orchestrator: { timezone: Europe/London, default_timeout_minutes: 20, dependency_timeout_minutes: 90 }
tasks:
  upstream: { manual: true }
  my_job:
    type: MODEL_INNOVATION
    agent: innovator
    description: Daily model search
    enabled: false
    cron: "0 3 * * 1-5"
    priority: CRITICAL
    misfire: all
    misfire_max_runs: 3
    max_duration_minutes: null
    retry_count: 0
    retry_delay_minutes: 0.5
    retry_backoff: exponential
    retry_max_delay_minutes: 10
    timeout_minutes: 45
    concurrent_execution: true
    error_threshold: 2
    performance_threshold: null
    dependencies: [upstream, { task: upstream2, max_age_minutes: 90 }]
    dependency_timeout_minutes: 5
    conditions: { market_hours: false, system_health: 0.8, position_count: ">0", drawdown: "<= -0.05" }
    parameters: { symbols: [AAPL, MSFT], nested: { depth: 2 } }
  upstream2: { interval_minutes: 0.5, run_at_start: false }
`;
    const config = parse(yaml);
    const t = task(config, 'my_job');
    assert.equal(t.type, 'model_innovation');
    assert.equal(t.agent, 'innovator');
    assert.equal(t.description, 'Daily model search');
    assert.equal(t.enabled, false);
    assert.deepEqual(t.schedule, { kind: 'cron', expression: '0 3 * * 1-5', timezone: 'Europe/London' });
    assert.equal(t.priority, 'critical');
    assert.equal(t.misfire, 'all');
    assert.equal(t.misfireMaxRuns, 3);
    assert.equal(t.maxDurationMs, null);
    assert.equal(t.retryCount, 0);
    assert.equal(t.retryDelayMs, 30_000);
    assert.equal(t.retryBackoff, 'exponential');
    assert.equal(t.retryMaxDelayMs, 10 * MIN);
    assert.equal(t.timeoutMs, 45 * MIN);
    assert.equal(t.concurrentExecution, true);
    assert.equal(t.errorThreshold, 2);
    assert.equal(t.performanceThreshold, null);
    assert.deepEqual(t.dependencies, [
      { task: 'upstream', maxAgeMs: null },
      { task: 'upstream2', maxAgeMs: 90 * MIN },
    ]);
    assert.equal(t.dependencyTimeoutMs, 5 * MIN);
    assert.deepEqual(t.conditions, [
      { name: 'market_hours', expect: { kind: 'boolean', value: false }, source: 'false' },
      { name: 'system_health', expect: { kind: 'atLeast', value: 0.8 }, source: '0.8' },
      { name: 'position_count', expect: { kind: 'compare', op: '>', value: 0 }, source: '>0' },
      { name: 'drawdown', expect: { kind: 'compare', op: '<=', value: -0.05 }, source: '<= -0.05' },
    ]);
    assert.deepEqual(t.parameters, { symbols: ['AAPL', 'MSFT'], nested: { depth: 2 } });
    assert.deepEqual(task(config, 'upstream').schedule, { kind: 'manual' });
    assert.equal(task(config, 'upstream').type, 'custom');
    assert.equal(task(config, 'upstream').timeoutMs, 20 * MIN);
    assert.deepEqual(task(config, 'upstream2').schedule, { kind: 'interval', everyMs: 30_000, runAtStart: false });
  });

  it('keeps tasks in file order', () => {
    const config = parse('tasks:\n  zeta: { manual: true }\n  alpha: { manual: true }\n  mid: { manual: true }\n');
    assert.deepEqual([...config.tasks.keys()], ['zeta', 'alpha', 'mid']);
  });

  it('resolves every other section as written', () => {
    const yaml = `
orchestrator:
  enabled: false
  max_concurrent_tasks: 8
  health_check_interval_minutes: 1
  shutdown_grace_seconds: 2.5
  misfire_grace_seconds: 0
store: { data_dir: ./var/evolve, synchronous: FULL }
alerts:
  enabled: false
  cooldown_minutes: 0
  channels:
    - type: log
    - type: webhook
      url: https://hooks.example.com/evolve
      headers: { Authorization: Bearer abc }
    - { type: slack, url: "https://hooks.slack.com/services/T/B/X" }
monitoring: { metrics_retention_days: 0.5, performance_window: 50, performance_min_runs: 10 }
logging: { level: DEBUG, file: ./logs/out.jsonl }
`;
    const config = parse(yaml);
    assert.equal(config.orchestrator.enabled, false);
    assert.equal(config.orchestrator.maxConcurrentTasks, 8);
    assert.equal(config.orchestrator.healthCheckIntervalMs, MIN);
    assert.equal(config.orchestrator.shutdownGraceMs, 2_500);
    assert.equal(config.orchestrator.misfireGraceMs, 0);
    assert.deepEqual(config.store, { dataDir: resolve('./var/evolve'), synchronous: 'full' });
    assert.deepEqual(config.alerts, {
      enabled: false,
      cooldownMs: 0,
      channels: [
        { kind: 'log' },
        { kind: 'webhook', url: 'https://hooks.example.com/evolve', headers: { Authorization: 'Bearer abc' } },
        { kind: 'webhook', url: 'https://hooks.slack.com/services/T/B/X', headers: {} },
      ],
    });
    assert.deepEqual(config.monitoring, { metricsRetentionMs: 43_200_000, performanceWindow: 50, performanceMinRuns: 10 });
    assert.deepEqual(config.logging, { level: 'debug', file: resolve('./logs/out.jsonl') });
  });

  it('lets options.dataDir override store.data_dir, and logging.file: null mean console only', () => {
    const config = parse('store: { data_dir: ./elsewhere }\nlogging: { file: null }\n', { dataDir: 'relative/dir' });
    assert.equal(config.store.dataDir, resolve('relative/dir'));
    assert.equal(config.logging.file, null);
  });

  it('deep-freezes the result, including the task table', () => {
    const config = parse('tasks:\n  a: { manual: true, parameters: { list: [1, 2] } }\n');
    const a = task(config, 'a');
    assert.ok(Object.isFrozen(config) && Object.isFrozen(config.orchestrator) && Object.isFrozen(config.alerts.channels));
    assert.ok(Object.isFrozen(a) && Object.isFrozen(a.schedule) && Object.isFrozen(a.parameters['list']));
    assert.throws(() => (config.tasks as Map<TaskName, TaskConfig>).set('b' as TaskName, a), TypeError);
    assert.throws(() => (config.tasks as Map<TaskName, TaskConfig>).delete('a' as TaskName), TypeError);
    assert.throws(() => {
      (a as { retryCount: number }).retryCount = 9;
    }, TypeError);
  });

  it('shares keys between tasks through x- anchors and merge keys', () => {
    const yaml = `
x-defaults: &defaults
  retry_count: 7
  priority: high
tasks:
  a:
    <<: *defaults
    interval_minutes: 1
  b:
    <<: *defaults
    priority: low
    manual: true
`;
    const config = parse(yaml);
    assert.equal(task(config, 'a').retryCount, 7);
    assert.equal(task(config, 'a').priority, 'high');
    assert.equal(task(config, 'b').retryCount, 7);
    assert.equal(task(config, 'b').priority, 'low');
  });
});

describe('environments', () => {
  const yaml = `
orchestrator: { max_concurrent_tasks: 5, default_timeout_minutes: 15 }
tasks:
  data_sync:
    interval_minutes: 5
    error_threshold: 3
    performance_threshold: 0.7
    conditions: { market_hours: true }
    parameters: { source: yahoo, limits: { rate: 5, burst: 10 } }
  report:
    cron: "0 18 * * *"
    timeout_minutes: 10
environments:
  development:
    max_concurrent_tasks: 3
    default_timeout_minutes: 5
    health_check_interval_minutes: 1
    error_threshold_multiplier: 2
    performance_threshold_multiplier: 1.5
    tasks:
      data_sync:
        interval_minutes: 1
        conditions: { system_health: 0.5 }
        parameters: { limits: { rate: 50 } }
      report: { manual: true }
  production:
    max_concurrent_tasks: 5
    error_threshold_multiplier: 1
    performance_threshold_multiplier: 0.5
`;

  it('applies nothing when no environment is chosen', () => {
    const config = parse(yaml);
    assert.equal(config.environment, null);
    assert.equal(config.orchestrator.maxConcurrentTasks, 5);
    assert.equal(task(config, 'data_sync').errorThreshold, 3);
  });

  it('applies the environment named by options.env: settings, multipliers and deep-merged task overrides', () => {
    const config = parse(yaml, { env: 'development' });
    assert.equal(config.environment, 'development');
    assert.equal(config.orchestrator.maxConcurrentTasks, 3);
    assert.equal(config.orchestrator.defaultTimeoutMs, 5 * MIN);
    assert.equal(config.orchestrator.healthCheckIntervalMs, MIN);
    const sync = task(config, 'data_sync');
    assert.equal(sync.errorThreshold, 6, '3 × 2');
    assert.equal(sync.performanceThreshold, 1, 'min(1, 0.7 × 1.5)');
    assert.deepEqual(sync.schedule, { kind: 'interval', everyMs: MIN, runAtStart: true });
    assert.deepEqual(
      sync.conditions.map((c) => c.name),
      ['market_hours', 'system_health'],
    );
    assert.deepEqual(sync.parameters, { source: 'yahoo', limits: { rate: 50, burst: 10 } });
    assert.equal(sync.timeoutMs, 5 * MIN, 'the environment default timeout applies to tasks without their own');
    const report = task(config, 'report');
    assert.deepEqual(report.schedule, { kind: 'manual' }, 'a different kind of schedule replaces the whole schedule');
    assert.equal(report.timeoutMs, 10 * MIN);
  });

  it('takes the environment from EVOLVE_ENV when options.env is not given', () => {
    const config = parse(yaml, { environ: { EVOLVE_ENV: 'production' } });
    assert.equal(config.environment, 'production');
    assert.equal(task(config, 'data_sync').performanceThreshold, 0.35);
    assert.equal(parse(yaml, { env: 'development', environ: { EVOLVE_ENV: 'production' } }).environment, 'development');
  });

  it('rounds a multiplied error threshold up and never below 1', () => {
    const text = 'tasks:\n  a: { manual: true, error_threshold: 3 }\nenvironments:\n  lax: { error_threshold_multiplier: 1.1 }\n  strict: { error_threshold_multiplier: 0.1 }\n';
    assert.equal(task(parse(text, { env: 'lax' }), 'a').errorThreshold, 4);
    assert.equal(task(parse(text, { env: 'strict' }), 'a').errorThreshold, 1);
  });

  it('applies a multiplied timeout default after the environment override', () => {
    const config = parse('orchestrator: { default_timeout_minutes: 15 }\nenvironments:\n  ci: { default_timeout_minutes: 1 }\ntasks:\n  a: { manual: true }\n', { env: 'ci' });
    assert.equal(task(config, 'a').timeoutMs, MIN);
  });
});

describe('the shipped config/task_schedule.yaml', () => {
  it('parses, with the sixteen tasks of the original platform and the platform section', () => {
    const config = loadConfig('config/task_schedule.yaml', { environ: {} });
    assert.equal(config.sourcePath, resolve('config/task_schedule.yaml'));
    assert.deepEqual([...config.tasks.keys()].sort(), [
      'alert_manager', 'cache_management', 'data_sync', 'execution', 'explanation', 'market_analysis', 'meta_control', 'model_innovation',
      'model_validation', 'performance_analysis', 'portfolio_rebalancing', 'risk_management', 'sentiment_fetch', 'strategy_backtesting',
      'strategy_research', 'system_health',
    ]);
    const innovation = task(config, 'model_innovation');
    assert.deepEqual(innovation.schedule, { kind: 'interval', everyMs: 1440 * MIN, runAtStart: true });
    assert.deepEqual(innovation.dependencies.map((d) => d.task), ['data_sync']);
    assert.equal(task(config, 'execution').priority, 'critical');
    assert.deepEqual(task(config, 'execution').conditions.map((c) => `${c.name} ${c.source}`), ['pending_orders >0']);
    assert.deepEqual(config.platform?.symbols, ['AAPL', 'MSFT', 'GOOGL', 'AMZN', 'NVDA', 'JPM', 'XOM']);
    assert.deepEqual(config.alerts.channels, [{ kind: 'log' }]);
  });

  it('parses under each of its environments', () => {
    const development = loadConfig('config/task_schedule.yaml', { env: 'development', environ: {} });
    assert.equal(development.orchestrator.maxConcurrentTasks, 3);
    assert.equal(task(development, 'system_health').errorThreshold, 10);
    assert.deepEqual(task(development, 'market_analysis').schedule, { kind: 'interval', everyMs: 15 * MIN, runAtStart: true });
    const production = loadConfig('config/task_schedule.yaml', { env: 'production', environ: {} });
    assert.equal(production.orchestrator.maxConcurrentTasks, 5);
    assert.equal(task(production, 'system_health').errorThreshold, 5);
  });

  it('honours EVOLVE_DATA_DIR', () => {
    assert.equal(loadConfig('config/task_schedule.yaml', { environ: { EVOLVE_DATA_DIR: '/var/lib/evolve' } }).store.dataDir, '/var/lib/evolve');
  });
});

describe('the shipped config/standalone.yaml', () => {
  it('parses, with the maintenance tasks and no platform', () => {
    const config = loadConfig('config/standalone.yaml', { environ: {} });
    assert.equal(config.platform, null);
    assert.deepEqual([...config.tasks.keys()], ['system_health', 'history_cleanup', 'status_report', 'session_close_report']);
    assert.deepEqual(task(config, 'history_cleanup').schedule, { kind: 'cron', expression: '0 3 * * *', timezone: 'America/New_York' });
    const close = task(config, 'session_close_report');
    assert.deepEqual(close.schedule, { kind: 'market', calendar: 'XNYS', rule: { kind: 'on', event: 'session_end' } });
    assert.equal(close.agent, 'status_report');
  });
});

describe('loadConfig and defaultConfig', () => {
  it('reports a missing file as EVOLVE_CONFIG_NOT_FOUND, naming the path', () => {
    const dir = tempDir();
    const path = join(dir, 'nope.yaml');
    assert.throws(
      () => loadConfig(path),
      (error: unknown) => error instanceof EvolveError && error.code === 'EVOLVE_CONFIG_NOT_FOUND' && error.message.includes(path),
    );
  });

  it('reports a path that cannot be read as a file as an invalid configuration', () => {
    const dir = tempDir();
    assert.throws(
      () => loadConfig(dir),
      (error: unknown) => error instanceof ConfigError && error.issues[0]?.file === dir && /cannot read the configuration file/.test(error.message),
    );
  });

  it('reads a file from disk', () => {
    const path = join(tempDir(), 'schedule.yaml');
    writeFileSync(path, 'tasks:\n  a: { interval_minutes: 2 }\n');
    const config = loadConfig(path, { environ: {} });
    assert.equal(config.sourcePath, path);
    assert.deepEqual(task(config, 'a').schedule, { kind: 'interval', everyMs: 2 * MIN, runAtStart: true });
  });

  it('builds an all-defaults configuration with no tasks for code-only use', () => {
    const config = defaultConfig({ dataDir: '/tmp/evolve-defaults' });
    assert.equal(config.sourcePath, null);
    assert.equal(config.tasks.size, 0);
    assert.equal(config.store.dataDir, '/tmp/evolve-defaults');
    assert.deepEqual({ ...config, sourcePath: null }, { ...parse('', { dataDir: '/tmp/evolve-defaults' }), sourcePath: null });
  });
});
