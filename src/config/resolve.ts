/**
 * The third stage: validated raw keys → ResolvedConfig. Applies defaults and the environment
 * (orchestrator overrides, threshold multipliers), converts minutes and seconds to ms, resolves
 * paths against the working directory, and deep-freezes the result.
 */
import { BUILT_IN_CALENDAR_NAMES } from '../calendar/calendar-by-name.js';
import { dirname, join, resolve } from 'node:path';
import type { TaskName } from '../model/ids.js';
import { TaskType, type Dependency, type MarketRule, type Schedule, type TaskConfig } from '../model/task.js';
import { parseDuration, parseSessionTime } from '../schedule/market-rule.js';
import { TASK_TYPES, type RawAlerts, type RawApi, type RawChannel, type RawTask } from './schema.js';
import type { AlertChannelConfig, ApiSettings, OrchestratorSettings, ResolvedConfig, ThresholdMultipliers } from './types.js';
import type { ValidatedConfig } from './validate-config.js';
import { parseCondition } from './validate-task.js';
import { platformWithPaths } from './platform-section.js';

const SECOND_MS = 1_000;
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

const minutes = (value: number): number => Math.round(value * MINUTE_MS);

/** The defaults of every key, in the YAML's units. */
export const DEFAULTS = {
  orchestrator: {
    enabled: true,
    max_concurrent_tasks: 5,
    default_timeout_minutes: 15,
    health_check_interval_minutes: 5,
    timezone: 'UTC',
    calendar: 'XNYS',
    shutdown_grace_seconds: 30,
    misfire_grace_seconds: 60,
    dependency_timeout_minutes: 60,
  },
  store: { data_dir: './data', synchronous: 'normal' },
  task: {
    enabled: true,
    run_at_start: true,
    misfire: 'once',
    misfire_max_runs: 10,
    priority: 'medium',
    max_duration_minutes: 30,
    retry_count: 3,
    retry_delay_minutes: 5,
    retry_backoff: 'fixed',
    retry_max_delay_minutes: 60,
    concurrent_execution: false,
    error_threshold: 5,
    performance_threshold: 0.8,
  },
  agent: { kill_grace_seconds: 5 },
  alerts: { enabled: true, cooldown_minutes: 15 },
  monitoring: { metrics_retention_days: 30, performance_window: 20, performance_min_runs: 5 },
  logging: { level: 'info' },
  api: { enabled: true, host: '127.0.0.1', port: 8700, body_limit_kb: 64, rate_limit_per_minute: 1200 },
} as const;

/** What a task takes from its surroundings. */
export interface TaskDefaults {
  orchestrator: Pick<OrchestratorSettings, 'defaultTimeoutMs' | 'dependencyTimeoutMs' | 'timezone' | 'calendar'>;
  multipliers: ThresholdMultipliers;
}

export const NO_MULTIPLIERS: ThresholdMultipliers = Object.freeze({ errorThreshold: 1, performanceThreshold: 1 });

export interface TaskOrigin {
  /** The raw keys the task was resolved from (after overrides). */
  raw: RawTask;
  multipliers: ThresholdMultipliers;
}

/**
 * How each TaskConfig made here was made, so that a later change re-resolves from the keys as
 * written instead of reversing the conversions (a multiplied, rounded-up threshold cannot be).
 * Keyed weakly by the frozen TaskConfig: no registry outlives its tasks.
 */
const origins = new WeakMap<TaskConfig, TaskOrigin>();

export function taskOrigin(task: TaskConfig): TaskOrigin | undefined {
  return origins.get(task);
}

export function taskDefaultsOf(config: ResolvedConfig): TaskDefaults {
  return { orchestrator: config.orchestrator, multipliers: config.thresholdMultipliers ?? NO_MULTIPLIERS };
}

export function resolveTask(name: TaskName, raw: RawTask, defaults: TaskDefaults): TaskConfig {
  const d = DEFAULTS.task;
  const performance = raw.performance_threshold === undefined ? d.performance_threshold : raw.performance_threshold;
  const maxDuration = raw.max_duration_minutes === undefined ? d.max_duration_minutes : raw.max_duration_minutes;
  const task: TaskConfig = {
    name,
    type: raw.type ?? ((TASK_TYPES as string[]).includes(name) ? (name as TaskType) : TaskType.CUSTOM),
    ...resolveAgent(name, raw.agent),
    description: raw.description ?? '',
    enabled: raw.enabled ?? d.enabled,
    schedule: resolveSchedule(raw, defaults.orchestrator),
    priority: raw.priority ?? d.priority,
    dependencies: (raw.dependencies ?? []).map(resolveDependency),
    dependencyTimeoutMs: raw.dependency_timeout_minutes === undefined ? defaults.orchestrator.dependencyTimeoutMs : minutes(raw.dependency_timeout_minutes),
    conditions: Object.entries(raw.conditions ?? {}).flatMap(([key, value]) => parseCondition(key, value) ?? []),
    parameters: structuredClone(raw.parameters ?? {}),
    timeoutMs: raw.timeout_minutes === undefined ? defaults.orchestrator.defaultTimeoutMs : minutes(raw.timeout_minutes),
    maxDurationMs: maxDuration === null ? null : minutes(maxDuration),
    retryCount: raw.retry_count ?? d.retry_count,
    retryDelayMs: minutes(raw.retry_delay_minutes ?? d.retry_delay_minutes),
    retryBackoff: raw.retry_backoff ?? d.retry_backoff,
    retryMaxDelayMs: minutes(raw.retry_max_delay_minutes ?? d.retry_max_delay_minutes),
    concurrentExecution: raw.concurrent_execution ?? d.concurrent_execution,
    errorThreshold: Math.max(1, Math.ceil((raw.error_threshold ?? d.error_threshold) * defaults.multipliers.errorThreshold)),
    performanceThreshold: performance === null ? null : Math.min(1, performance * defaults.multipliers.performanceThreshold),
    misfire: raw.misfire ?? d.misfire,
    misfireMaxRuns: raw.misfire_max_runs ?? d.misfire_max_runs,
  };
  const frozen = deepFreeze(task);
  origins.set(frozen, deepFreeze({ raw: structuredClone(raw), multipliers: { ...defaults.multipliers } }));
  return frozen;
}

/**
 * The agent's registry name and, for an agent the task defines, its spec: a module agent is
 * `<module>#<export>` (tasks naming the same export share it); a command or HTTP agent is the
 * task's own, under the task's name.
 */
function resolveAgent(name: TaskName, agent: RawTask['agent']): Pick<TaskConfig, 'agent' | 'agentSpec'> {
  if (agent === undefined || typeof agent === 'string') return { agent: agent ?? name, agentSpec: null };
  if (agent.command !== undefined) {
    const env = Object.fromEntries(Object.entries(agent.env ?? {}).map(([key, value]) => [key, String(value)]));
    const killGraceMs = Math.round((agent.kill_grace_seconds ?? DEFAULTS.agent.kill_grace_seconds) * SECOND_MS);
    return { agent: name, agentSpec: { kind: 'command', command: agent.command, cwd: agent.cwd ?? null, env, passEnv: agent.pass_env ?? [], killGraceMs } };
  }
  if (agent.http !== undefined) {
    const timeoutMs = agent.http.timeout_seconds === undefined ? null : Math.round(agent.http.timeout_seconds * SECOND_MS);
    return { agent: name, agentSpec: { kind: 'http', url: agent.http.url, headers: agent.http.headers ?? {}, timeoutMs } };
  }
  // Validation guarantees exactly one kind: this is a module agent.
  const spec = { kind: 'module', module: agent.module!, export: agent.export ?? 'default', method: agent.method ?? null } as const;
  return { agent: `${spec.module}#${spec.export}`, agentSpec: spec };
}

function resolveSchedule(raw: RawTask, defaults: Pick<OrchestratorSettings, 'timezone' | 'calendar'>): Schedule {
  if (raw.interval_minutes !== undefined) {
    return { kind: 'interval', everyMs: minutes(raw.interval_minutes), runAtStart: raw.run_at_start ?? DEFAULTS.task.run_at_start };
  }
  if (raw.cron !== undefined) return { kind: 'cron', expression: raw.cron.trim(), timezone: raw.timezone ?? defaults.timezone };
  if (raw.market !== undefined) return { kind: 'market', calendar: calendarName(raw.market.calendar ?? defaults.calendar), rule: resolveMarketRule(raw.market) };
  return { kind: 'manual' };
}

/** A validated market schedule's rule (validation guarantees exactly one of at, every, on, parsed). */
function resolveMarketRule(market: NonNullable<RawTask['market']>): MarketRule {
  if (market.every !== undefined) return { kind: 'every', everyMs: parseDuration(market.every)! };
  if (market.on !== undefined) return { kind: 'on', event: market.on };
  const times = typeof market.at === 'string' ? [market.at] : (market.at ?? []);
  return { kind: 'at', times: times.map((text) => parseSessionTime(text)!) };
}

/** A built-in calendar's name as the release spells it (`xnys` is XNYS); any other as written. */
function calendarName(name: string): string {
  return BUILT_IN_CALENDAR_NAMES.find((known) => known.toLowerCase() === name.toLowerCase()) ?? name;
}

function resolveDependency(dep: string | { task: string; max_age_minutes?: number | undefined }): Dependency {
  if (typeof dep === 'string') return { task: dep as TaskName, maxAgeMs: null };
  return { task: dep.task as TaskName, maxAgeMs: dep.max_age_minutes === undefined ? null : minutes(dep.max_age_minutes) };
}

export interface ResolveOptions {
  sourcePath: string | null;
  /** Overrides store.data_dir. */
  dataDir?: string | undefined;
}

export function resolveConfig(v: ValidatedConfig, options: ResolveOptions): ResolvedConfig {
  const o = { ...DEFAULTS.orchestrator, ...v.orchestrator };
  const env = v.environment?.settings ?? {};
  const orchestrator: OrchestratorSettings = {
    enabled: o.enabled,
    maxConcurrentTasks: env.max_concurrent_tasks ?? o.max_concurrent_tasks,
    defaultTimeoutMs: minutes(env.default_timeout_minutes ?? o.default_timeout_minutes),
    healthCheckIntervalMs: minutes(env.health_check_interval_minutes ?? o.health_check_interval_minutes),
    timezone: o.timezone,
    calendar: calendarName(o.calendar),
    agentsDir: v.orchestrator.agents_dir === undefined ? null : resolve(options.sourcePath ? dirname(options.sourcePath) : '.', v.orchestrator.agents_dir),
    shutdownGraceMs: Math.round(o.shutdown_grace_seconds * SECOND_MS),
    misfireGraceMs: Math.round(o.misfire_grace_seconds * SECOND_MS),
    dependencyTimeoutMs: minutes(o.dependency_timeout_minutes),
  };
  const multipliers: ThresholdMultipliers = {
    errorThreshold: env.error_threshold_multiplier ?? 1,
    performanceThreshold: env.performance_threshold_multiplier ?? 1,
  };
  const dataDir = resolve(options.dataDir ?? v.store.data_dir ?? DEFAULTS.store.data_dir);
  const tasks = new Map<TaskName, TaskConfig>();
  for (const [name, raw] of v.tasks) tasks.set(name as TaskName, resolveTask(name as TaskName, raw, { orchestrator, multipliers }));
  const m = { ...DEFAULTS.monitoring, ...v.monitoring };
  const file = v.logging.file;
  return deepFreeze({
    sourcePath: options.sourcePath,
    environment: v.environment?.name ?? null,
    thresholdMultipliers: multipliers,
    orchestrator,
    store: { dataDir, synchronous: v.store.synchronous ?? DEFAULTS.store.synchronous },
    tasks: readonlyMap(tasks),
    alerts: resolveAlerts(v.alerts),
    calendars: v.calendars,
    platform: platformWithPaths(v.platform, options.sourcePath ? dirname(options.sourcePath) : process.cwd()),
    monitoring: { metricsRetentionMs: Math.round(m.metrics_retention_days * DAY_MS), performanceWindow: m.performance_window, performanceMinRuns: m.performance_min_runs },
    logging: { level: v.logging.level ?? DEFAULTS.logging.level, file: file === null ? null : file === undefined ? join(dataDir, 'logs', 'evolve.log') : resolve(file) },
    api: resolveApi(v.api),
  });
}

function resolveApi(raw: RawApi): ApiSettings {
  const d = DEFAULTS.api;
  return {
    enabled: raw.enabled ?? d.enabled,
    host: raw.host ?? d.host,
    port: raw.port ?? d.port,
    tokens: (raw.tokens ?? []).map((t) => ({ name: t.name, role: t.role, sha256: t.token_sha256.toLowerCase() })),
    bodyLimitBytes: Math.round((raw.body_limit_kb ?? d.body_limit_kb) * 1024),
    rateLimitPerMinute: raw.rate_limit_per_minute ?? d.rate_limit_per_minute,
  };
}

function resolveAlerts(raw: RawAlerts): ResolvedConfig['alerts'] {
  return {
    enabled: raw.enabled ?? DEFAULTS.alerts.enabled,
    cooldownMs: minutes(raw.cooldown_minutes ?? DEFAULTS.alerts.cooldown_minutes),
    channels: raw.channels === undefined ? [{ kind: 'log' }] : raw.channels.map(resolveChannel),
  };
}

function resolveChannel(channel: RawChannel): AlertChannelConfig {
  switch (channel.type) {
    case 'log':
      return { kind: 'log' };
    case 'webhook':
    case 'slack':
      return { kind: 'webhook', url: channel.url, headers: channel.headers ?? {} };
    default: {
      const unreachable: never = channel;
      throw new TypeError(`unknown channel ${JSON.stringify(unreachable)}`);
    }
  }
}

/** A Map whose mutators throw, so a frozen config's task table cannot change under the engine. */
export function readonlyMap<K, V>(map: Map<K, V>): ReadonlyMap<K, V> {
  const refuse = (): never => {
    throw new TypeError('the configuration is frozen: build a new one instead of changing it');
  };
  for (const method of ['set', 'delete', 'clear']) Object.defineProperty(map, method, { value: refuse });
  return Object.freeze(map);
}

/** Object.freeze, recursively (Map values included). */
export function deepFreeze<T>(value: T, seen = new WeakSet<object>()): T {
  if (typeof value !== 'object' || value === null || seen.has(value)) return value;
  seen.add(value);
  if (value instanceof Map) for (const item of value.values()) deepFreeze(item, seen);
  for (const item of Object.values(value)) deepFreeze(item, seen);
  return Object.freeze(value);
}
