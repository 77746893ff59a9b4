import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig, parseConfig, type LoadOptions } from '../../src/config/load-config.js';
import { ConfigError, type ConfigIssue } from '../../src/errors.js';

/** Every issue of a configuration that must not load. */
function issuesOf(yaml: string, options: LoadOptions = {}): ConfigIssue[] {
  try {
    parseConfig(yaml, 'schedule.yaml', { environ: {}, ...options });
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    assert.equal(error.code, 'EVOLVE_CONFIG_INVALID');
    return [...error.issues];
  }
  assert.fail('the configuration loaded, but it should not have');
}

/** The single issue of a configuration with one mistake. */
function onlyIssue(yaml: string, options: LoadOptions = {}): ConfigIssue {
  const issues = issuesOf(yaml, options);
  assert.equal(issues.length, 1, `expected one issue, got:\n${issues.map((i) => JSON.stringify(i)).join('\n')}`);
  return issues[0]!;
}

function where(issue: ConfigIssue): string {
  return `${issue.file}:${issue.line}:${issue.column} ${issue.path}`;
}

describe('YAML syntax errors', () => {
  it('are located by the YAML parser, with one issue for a structural error', () => {
    const issue = onlyIssue('orchestrator:\n  max_concurrent_tasks: 5\n tasks:\n  a: { manual: true }\n');
    assert.equal(where(issue), 'schedule.yaml:3:1 ');
    assert.equal(issue.message, 'YAML syntax error: All mapping items must start at the same column');
    assert.equal(issue.fix, 'check the indentation and that every key is followed by ": " (a colon and a space)');
  });

  it('explain that a cron expression starting with * needs quotes', () => {
    const issue = onlyIssue('tasks:\n  a:\n    cron: */5 * * * *\n');
    assert.equal(issue.line, 3);
    assert.match(issue.message, /^YAML syntax error: /);
    assert.equal(issue.fix, 'put the value in quotes: a value starting with *, &, !, |, >, %, @ or ` is YAML syntax (e.g. cron: "*/5 * * * *")');
  });

  it('report every duplicate key', () => {
    const issues = issuesOf('tasks:\n  a: { manual: true }\n  b: { manual: true }\n  a: { manual: true }\n  b: { manual: true }\n');
    assert.deepEqual(
      issues.map((i) => `${i.line}:${i.column} ${i.message}`),
      ['4:3 YAML syntax error: Map keys must be unique', '5:3 YAML syntax error: Map keys must be unique'],
    );
    assert.equal(issues[0]?.fix, 'remove or rename one of the keys: each key may appear once in a mapping');
  });

  it('reject tabs used as indentation', () => {
    const issue = onlyIssue('tasks:\n\ta: { manual: true }\n');
    assert.equal(issue.line, 2);
    assert.equal(issue.fix, 'indent with spaces, not tabs');
  });

  it('reject a file that is not a mapping', () => {
    const issue = onlyIssue('- data_sync\n- risk_management\n');
    assert.equal(where(issue), 'schedule.yaml:1:1 ');
    assert.equal(issue.message, 'the file must be a mapping of sections (orchestrator, store, tasks, environments, alerts, monitoring, logging, calendars, platform, api), got a list');
    assert.equal(issue.fix, 'start the file with a section such as "tasks:" followed by indented keys');
  });
});

describe('unknown keys', () => {
  it('suggest the nearest valid key', () => {
    const issue = onlyIssue('tasks:\n  data_sync:\n    interval_minute: 5\n');
    assert.equal(where(issue), 'schedule.yaml:3:5 tasks.data_sync.interval_minute');
    assert.equal(issue.message, "unknown key 'interval_minute' in task 'data_sync'");
    assert.equal(issue.fix, "did you mean 'interval_minutes'?");
  });

  it('suggest the full key for a shortened one', () => {
    const issue = onlyIssue('tasks:\n  a: { manual: true }\n  b:\n    manual: true\n    dependencies:\n      - { task: a, max_age: 10 }\n');
    assert.equal(where(issue), 'schedule.yaml:6:20 tasks.b.dependencies[0].max_age');
    assert.equal(issue.fix, "did you mean 'max_age_minutes'?");
  });

  it('list the valid keys when none is near', () => {
    const issue = onlyIssue('store:\n  path: ./db\n');
    assert.equal(where(issue), 'schedule.yaml:2:3 store.path');
    assert.equal(issue.message, "unknown key 'path' in section 'store'");
    assert.equal(issue.fix, 'valid keys here: data_dir, synchronous');
  });

  it('name the valid sections for an unknown top-level key', () => {
    const issue = onlyIssue('orchestrator: {}\ndata_sync:\n  interval_minutes: 5\n');
    assert.equal(where(issue), 'schedule.yaml:2:1 data_sync');
    assert.equal(issue.message, "unknown key 'data_sync' at the top level");
    assert.equal(
      issue.fix,
      'valid top-level sections: orchestrator, store, tasks, environments, alerts, monitoring, logging, calendars, platform, api (a task goes under "tasks:"; keys starting with x- are ignored, for anchors)',
    );
    assert.equal(onlyIssue('orchestrater: {}\n').fix, "did you mean 'orchestrator'?");
  });

  it('are found in environments and their task overrides', () => {
    const yaml = 'tasks:\n  a: { interval_minutes: 5 }\nenvironments:\n  dev:\n    max_concurent_tasks: 2\n    tasks:\n      a: { retries: 2 }\n';
    const issues = issuesOf(yaml);
    assert.deepEqual(issues.map(where), ['schedule.yaml:5:5 environments.dev.max_concurent_tasks', 'schedule.yaml:7:12 environments.dev.tasks.a.retries']);
    assert.equal(issues[0]?.fix, "did you mean 'max_concurrent_tasks'?");
    assert.equal(issues[1]?.message, "unknown key 'retries' in the overrides of task 'a' for environment 'dev'");
  });
});

describe('wrong values', () => {
  it('list the valid choices for an unknown priority', () => {
    const issue = onlyIssue('tasks:\n  a:\n    manual: true\n    priority: urgent\n');
    assert.equal(where(issue), 'schedule.yaml:4:15 tasks.a.priority');
    assert.equal(issue.message, 'priority must be one of critical, high, medium, low, got "urgent"');
    assert.equal(issue.fix, 'use one of: critical, high, medium, low');
  });

  it('suggest the nearest choice for a misspelt one', () => {
    const issue = onlyIssue('tasks:\n  a: { manual: true, priority: hgih }\n');
    assert.equal(issue.fix, "did you mean 'high'? Valid values: critical, high, medium, low");
  });

  it('name the rule for a number out of range', () => {
    const issue = onlyIssue('orchestrator:\n  max_concurrent_tasks: 0\n');
    assert.equal(where(issue), 'schedule.yaml:2:25 orchestrator.max_concurrent_tasks');
    assert.equal(issue.message, 'max_concurrent_tasks must be a whole number ≥ 1, got 0');
    assert.equal(issue.fix, 'set max_concurrent_tasks to a whole number ≥ 1, e.g. max_concurrent_tasks: 5');
  });

  it('reject a success rate above 1', () => {
    const issue = onlyIssue('tasks:\n  a:\n    manual: true\n    performance_threshold: 1.5\n');
    assert.equal(where(issue), 'schedule.yaml:4:28 tasks.a.performance_threshold');
    assert.equal(issue.message, 'performance_threshold must be a success rate from 0 to 1, or null for none, got 1.5');
    assert.equal(issue.fix, 'set performance_threshold to a success rate from 0 to 1, or null for none, e.g. performance_threshold: 0.8');
  });

  it('reject text where a number or a boolean belongs', () => {
    const issues = issuesOf('tasks:\n  a:\n    interval_minutes: five\n    enabled: yes\n');
    assert.deepEqual(
      issues.map((i) => [where(i), i.message, i.fix]),
      [
        [
          'schedule.yaml:3:23 tasks.a.interval_minutes',
          'interval_minutes must be a number of minutes > 0 (fractions allowed: 0.5 is 30 seconds), got "five"',
          'set interval_minutes to a number of minutes > 0 (fractions allowed: 0.5 is 30 seconds), e.g. interval_minutes: 5',
        ],
        ['schedule.yaml:4:14 tasks.a.enabled', 'enabled must be true or false, got "yes"', 'write true or false (without quotes)'],
      ],
    );
  });

  it('suggest the nearest time zone', () => {
    const issue = onlyIssue('orchestrator:\n  timezone: America/NewYork\n');
    assert.equal(where(issue), 'schedule.yaml:2:13 orchestrator.timezone');
    assert.equal(issue.message, 'timezone must be an IANA time zone name, got "America/NewYork"');
    assert.equal(issue.fix, "did you mean 'America/New_York'?");
  });

  it('reject an invalid task name', () => {
    const issue = onlyIssue('tasks:\n  Data Sync: { manual: true }\n');
    assert.equal(where(issue), 'schedule.yaml:2:3 tasks.Data Sync');
    assert.equal(issue.message, "invalid task name 'Data Sync'");
  });
});

describe('schedules', () => {
  it('require one', () => {
    const issue = onlyIssue('tasks:\n  data_sync:\n    priority: high\n');
    assert.equal(where(issue), 'schedule.yaml:2:3 tasks.data_sync');
    assert.equal(issue.message, "task 'data_sync' has no schedule");
    assert.equal(issue.fix, 'add interval_minutes, cron, market or manual: true');
  });

  it('allow only one', () => {
    const issue = onlyIssue('tasks:\n  a:\n    interval_minutes: 5\n    cron: "0 * * * *"\n');
    assert.equal(where(issue), 'schedule.yaml:4:5 tasks.a.cron');
    assert.equal(issue.message, "task 'a' has more than one schedule: interval_minutes and cron");
    assert.equal(issue.fix, 'keep only one of interval_minutes, cron, market or manual: true');
  });

  it('reject run_at_start and timezone where they do not apply', () => {
    const issues = issuesOf('tasks:\n  a:\n    cron: "0 * * * *"\n    run_at_start: false\n  b:\n    interval_minutes: 1\n    timezone: UTC\n');
    assert.deepEqual(
      issues.map((i) => [where(i), i.message, i.fix]),
      [
        [
          'schedule.yaml:4:5 tasks.a.run_at_start',
          'run_at_start only applies to interval schedules',
          'remove it: a cron task runs at its cron times (misfire decides what happens to times missed while stopped)',
        ],
        ['schedule.yaml:7:5 tasks.b.timezone', 'timezone only applies to cron schedules', 'remove timezone (an interval does not depend on the time zone)'],
      ],
    );
  });

  it('check a cron expression with croner, in its time zone', () => {
    const issue = onlyIssue('tasks:\n  a:\n    cron: "61 * * * *"\n    timezone: America/New_York\n');
    assert.equal(where(issue), 'schedule.yaml:3:11 tasks.a.cron');
    assert.equal(issue.message, 'cron expression "61 * * * *" is invalid: Invalid value for minute: 61');
    assert.equal(issue.fix, 'write five fields (minute hour day-of-month month day-of-week) or six (seconds first), in quotes, e.g. cron: "0 3 * * *" for 03:00 every day');
    assert.equal(onlyIssue('tasks:\n  a: { cron: "* * *" }\n').message, 'cron expression "* * *" is invalid: it needs five or six fields separated by spaces');
  });

  it('do not guess "no schedule" when the schedule key itself is misspelt', () => {
    assert.equal(issuesOf('tasks:\n  a:\n    cron_expression: "0 * * * *"\n').length, 1);
  });
});

describe('dependencies', () => {
  it('name the nearest task for an unknown one', () => {
    const issue = onlyIssue('tasks:\n  data_sync: { interval_minutes: 5 }\n  forecast:\n    interval_minutes: 60\n    dependencies: [dat_sync]\n');
    assert.equal(where(issue), 'schedule.yaml:5:20 tasks.forecast.dependencies[0]');
    assert.equal(issue.message, "unknown dependency 'dat_sync' of task 'forecast': no task has that name");
    assert.equal(issue.fix, "did you mean 'data_sync'?");
  });

  it('do not call a dependency unknown when its task has errors of its own', () => {
    const issues = issuesOf('tasks:\n  a: { interval_minutes: -1 }\n  b: { interval_minutes: 1, dependencies: [a] }\n');
    assert.deepEqual(issues.map((i) => i.path), ['tasks.a.interval_minutes']);
  });

  it('show a cycle as the path through it', () => {
    const yaml = `
tasks:
  a: { manual: true, dependencies: [b] }
  b: { manual: true, dependencies: [c] }
  c: { manual: true, dependencies: [a] }
`;
    const issue = onlyIssue(yaml);
    assert.equal(where(issue), 'schedule.yaml:3:37 tasks.a.dependencies[0]');
    assert.equal(issue.message, 'dependency cycle: a -> b -> c -> a');
    assert.equal(issue.fix, 'remove one of these dependencies: a task cannot wait for itself, directly or through other tasks');
  });

  it('show a self-dependency as a -> a', () => {
    const issue = onlyIssue('tasks:\n  a:\n    manual: true\n    dependencies:\n      - task: a\n');
    assert.equal(where(issue), 'schedule.yaml:5:15 tasks.a.dependencies[0].task');
    assert.equal(issue.message, 'dependency cycle: a -> a');
    assert.equal(issue.fix, "remove 'a' from its own dependencies");
  });

  it('report each cycle once', () => {
    const yaml = 'tasks:\n  a: { manual: true, dependencies: [b, c] }\n  b: { manual: true, dependencies: [a] }\n  c: { manual: true, dependencies: [a] }\n';
    assert.deepEqual(
      issuesOf(yaml).map((i) => i.message),
      ['dependency cycle: a -> b -> a', 'dependency cycle: a -> c -> a'],
    );
  });
});

describe('conditions', () => {
  it('name the nearest registered condition for an unknown one, when the registry is given', () => {
    const yaml = 'tasks:\n  a:\n    manual: true\n    conditions:\n      market_hour: true\n';
    assert.doesNotThrow(() => parseConfig(yaml, 'schedule.yaml', { environ: {} }));
    const issue = onlyIssue(yaml, { knownConditions: new Set(['market_hours', 'system_health']) });
    assert.equal(where(issue), 'schedule.yaml:5:7 tasks.a.conditions.market_hour');
    assert.equal(issue.message, "unknown condition 'market_hour'");
    assert.equal(issue.fix, "did you mean 'market_hours'?");
  });

  it('reject an expectation that is not true/false, a number or a comparison', () => {
    const issue = onlyIssue('tasks:\n  a:\n    manual: true\n    conditions: { position_count: "more than 0" }\n');
    assert.equal(where(issue), 'schedule.yaml:4:35 tasks.a.conditions.position_count');
    assert.equal(issue.message, 'condition position_count has an invalid expectation "more than 0"');
    assert.equal(issue.fix, 'write true or false, a number such as 0.8 (observed value at least this), or a comparison in quotes: ">0", ">= 0.8", "<5", "==3", "!=0"');
  });
});

describe('environment variables', () => {
  it('locate an unset ${VAR} at its own column', () => {
    const issue = onlyIssue('alerts:\n  channels:\n    - type: webhook\n      url: https://hooks.example.com/${HOOK_ID}\n');
    assert.equal(where(issue), 'schedule.yaml:4:38 alerts.channels[0].url');
    assert.equal(issue.message, 'environment variable HOOK_ID is not set');
    assert.equal(issue.fix, 'set HOOK_ID in the environment, or give a default: ${HOOK_ID:-value}');
  });

  it('reject a malformed reference', () => {
    const issue = onlyIssue('tasks:\n  a: { manual: true, description: "${1X}" }\n');
    assert.equal(where(issue), 'schedule.yaml:2:36 tasks.a.description');
    assert.equal(issue.message, "malformed variable reference '${1X}'");
  });
});

describe('environments', () => {
  const yaml = 'tasks:\n  a: { interval_minutes: 5 }\nenvironments:\n  development: {}\n  production: {}\n';

  it('name the defined environments when the chosen one is not defined', () => {
    const issue = onlyIssue(yaml, { env: 'staging' });
    assert.equal(where(issue), 'schedule.yaml:3:1 environments');
    assert.equal(issue.message, "environment 'staging' (chosen by --env) is not defined");
    assert.equal(issue.fix, 'define environments.staging, or choose one of: development, production');
    assert.equal(onlyIssue(yaml, { environ: { EVOLVE_ENV: 'prod' } }).fix, "did you mean 'production'? Choose one of: development, production");
  });

  it('name the file when an environment is chosen but the file has no environments', () => {
    const issue = onlyIssue('tasks:\n  a: { manual: true }\n', { env: 'production' });
    assert.deepEqual([issue.line, issue.column, issue.path], [null, null, 'environments']);
    assert.equal(issue.fix, 'this file defines no environments: add "environments: { production: { … } }", or do not set --env');
  });

  it('reject overrides of an undefined task', () => {
    const issue = onlyIssue('tasks:\n  data_sync: { interval_minutes: 5 }\nenvironments:\n  dev:\n    tasks:\n      data_synk: { interval_minutes: 1 }\n');
    assert.equal(where(issue), 'schedule.yaml:6:7 environments.dev.tasks.data_synk');
    assert.equal(issue.message, "environment 'dev' overrides task 'data_synk', which is not defined");
    assert.equal(issue.fix, "did you mean 'data_sync'?");
  });

  it('locate an error of an override in the environment, even when another environment is chosen', () => {
    const text = 'tasks:\n  a: { interval_minutes: 5 }\nenvironments:\n  dev:\n    tasks:\n      a:\n        interval_minutes: 1\n        cron: "0 * * * *"\n';
    const issue = onlyIssue(text);
    assert.equal(where(issue), 'schedule.yaml:8:9 environments.dev.tasks.a.cron');
    assert.equal(issue.message, "task 'a' has more than one schedule: interval_minutes and cron");
  });

  it('report a cycle that only an environment creates, saying so', () => {
    const text = 'tasks:\n  a: { manual: true, dependencies: [b] }\n  b: { manual: true }\nenvironments:\n  dev:\n    tasks:\n      b: { dependencies: [a] }\n';
    const issue = onlyIssue(text);
    assert.equal(issue.message, "dependency cycle: a -> b -> a (with environment 'dev' applied)");
  });
});

describe('alert channels', () => {
  it('say which channel types are supported', () => {
    const issue = onlyIssue('alerts:\n  channels:\n    - type: email\n');
    assert.equal(where(issue), 'schedule.yaml:3:13 alerts.channels[0].type');
    assert.equal(issue.message, 'type must be log, webhook or slack, got "email"');
    assert.equal(issue.fix, 'use type: log, webhook or slack (other destinations, such as email, can be reached through a webhook)');
  });

  it('require an http(s) url for a webhook', () => {
    const issues = issuesOf('alerts:\n  channels:\n    - { type: webhook, url: "ftp://example.com" }\n    - { type: slack }\n');
    assert.deepEqual(
      issues.map((i) => [where(i), i.message, i.fix]),
      [
        [
          'schedule.yaml:3:29 alerts.channels[0].url',
          'url must be an http:// or https:// URL, got "ftp://example.com"',
          'set url to an http:// or https:// URL, e.g. url: https://hooks.example.com/evolve',
        ],
        ['schedule.yaml:4:7 alerts.channels[1].url', 'url is missing: it must be an http:// or https:// URL', 'add url: https://hooks.example.com/evolve'],
      ],
    );
  });
});

describe('a file with many mistakes', () => {
  it('reports all of them at once, in file order, in one ConfigError', () => {
    let error: unknown;
    try {
      loadConfig('config/examples/invalid.yaml', { environ: { EVOLVE_ENV: 'staging' } });
    } catch (caught) {
      error = caught;
    }
    assert.ok(error instanceof ConfigError);
    const lines = error.issues.map((i) => i.line ?? 0);
    assert.deepEqual(lines, [...lines].sort((a, b) => a - b));
    assert.deepEqual(
      error.issues.map((i) => i.path),
      [
        'orchestrator.max_concurrent_tasks',
        'orchestrator.timezone',
        'tasks.data_sync.interval_minute',
        'tasks.data_sync.priority',
        'tasks.sentiment_fetch.cron',
        'tasks.sentiment_fetch.dependencies[0]',
        'tasks.model_innovation.cron',
        'tasks.model_innovation.performance_threshold',
        'tasks.model_innovation.conditions.position_count',
        'tasks.strategy_research.dependencies[0]',
        'tasks.risk_management.parameters.api_key',
        'tasks.explanation',
        'environments',
        'environments.production.tasks.explaination',
        'alerts.channels[0].type',
        'logging.level',
      ],
    );
    assert.match(error.message, /^invalid configuration \(16 problems\):\n {2}config\/examples\/invalid\.yaml:5:25: orchestrator\.max_concurrent_tasks: /);
    assert.match(error.message, /\n {4}fix: did you mean 'interval_minutes'\?\n/);
  });
});
