/**
 * A TaskConfig written back as YAML keys (minutes, snake_case): the base for changes to a task
 * that was built by hand rather than by this module. Every value round-trips through resolveTask
 * (thresholds as they are: no multiplier is applied to such a task).
 */
import type { ConditionSpec, MarketRule, TaskConfig } from '../model/task.js';
import { formatDuration, formatSessionTime } from '../schedule/market-rule.js';
import type { RawTask } from './schema.js';

const MINUTE_MS = 60_000;

export function taskToRaw(task: TaskConfig): RawTask {
  return {
    type: task.type,
    agent: agentKeys(task),
    description: task.description,
    enabled: task.enabled,
    ...scheduleKeys(task),
    priority: task.priority,
    dependencies: task.dependencies.map((dep) => (dep.maxAgeMs === null ? dep.task : { task: dep.task, max_age_minutes: dep.maxAgeMs / MINUTE_MS })),
    dependency_timeout_minutes: task.dependencyTimeoutMs / MINUTE_MS,
    conditions: Object.fromEntries(task.conditions.map((c) => [c.name, conditionValue(c)])),
    parameters: structuredClone(task.parameters) as Record<string, unknown>,
    timeout_minutes: task.timeoutMs / MINUTE_MS,
    max_duration_minutes: task.maxDurationMs === null ? null : task.maxDurationMs / MINUTE_MS,
    retry_count: task.retryCount,
    retry_delay_minutes: task.retryDelayMs / MINUTE_MS,
    retry_backoff: task.retryBackoff,
    retry_max_delay_minutes: task.retryMaxDelayMs / MINUTE_MS,
    concurrent_execution: task.concurrentExecution,
    error_threshold: task.errorThreshold,
    performance_threshold: task.performanceThreshold,
    misfire: task.misfire,
    misfire_max_runs: task.misfireMaxRuns,
  };
}

function agentKeys(task: TaskConfig): RawTask['agent'] {
  const spec = task.agentSpec;
  switch (spec?.kind) {
    case undefined:
      return task.agent;
    case 'module':
      return { module: spec.module, export: spec.export, ...(spec.method ? { method: spec.method } : {}) };
    case 'command':
      return { command: [...spec.command], ...(spec.cwd ? { cwd: spec.cwd } : {}), env: { ...spec.env }, pass_env: [...spec.passEnv], kill_grace_seconds: spec.killGraceMs / 1000 };
    case 'http':
      return { http: { url: spec.url, headers: { ...spec.headers }, ...(spec.timeoutMs === null ? {} : { timeout_seconds: spec.timeoutMs / 1000 }) } };
    default: {
      const unreachable: never = spec;
      throw new TypeError(`unknown agent ${JSON.stringify(unreachable)}`);
    }
  }
}

function scheduleKeys(task: TaskConfig): RawTask {
  const schedule = task.schedule;
  switch (schedule.kind) {
    case 'interval':
      return { interval_minutes: schedule.everyMs / MINUTE_MS, run_at_start: schedule.runAtStart };
    case 'cron':
      return { cron: schedule.expression, timezone: schedule.timezone };
    case 'market':
      return { market: { calendar: schedule.calendar, ...marketRuleKeys(schedule.rule) } };
    case 'manual':
      return { manual: true };
    default: {
      const unreachable: never = schedule;
      throw new TypeError(`unknown schedule ${JSON.stringify(unreachable)}`);
    }
  }
}

function marketRuleKeys(rule: MarketRule): { at: string[] } | { every: string } | { on: 'session_start' | 'session_end' } {
  switch (rule.kind) {
    case 'at':
      return { at: rule.times.map(formatSessionTime) };
    case 'every':
      return { every: formatDuration(rule.everyMs) };
    case 'on':
      return { on: rule.event };
    default: {
      const unreachable: never = rule;
      throw new TypeError(`unknown market rule ${JSON.stringify(unreachable)}`);
    }
  }
}

function conditionValue(condition: ConditionSpec): boolean | number | string {
  const expect = condition.expect;
  switch (expect.kind) {
    case 'boolean':
    case 'atLeast':
      return expect.value;
    case 'compare':
      return `${expect.op}${expect.value}`;
    default: {
      const unreachable: never = expect;
      throw new TypeError(`unknown condition ${JSON.stringify(unreachable)}`);
    }
  }
}
