/**
 * Tasks made in code (the original guide's "Custom Agent Integration") and changes to a task
 * (`updateTaskConfig`), validated by exactly the rules of the YAML: the same schema, the same
 * schedule and condition checks, dependencies that exist and form no cycle with the other tasks.
 */
import { BUILT_IN_CALENDAR_NAMES } from '../calendar/calendar-by-name.js';
import { isTaskName, type TaskName } from '../model/ids.js';
import type { Priority, TaskConfig, TaskType } from '../model/task.js';
import { suggestion, IssueCollector } from './issue-collector.js';
import { NO_MULTIPLIERS, resolveTask, taskDefaultsOf, taskOrigin } from './resolve.js';
import { checkSchema, isRecord, salvage } from './schema-check.js';
import { TASK_KEYS, TaskSchema } from './schema.js';
import type { KeyPath } from './source-map.js';
import { checkTaskGraph, graphNode, type GraphNode } from './task-graph.js';
import { taskToRaw } from './task-to-raw.js';
import { mergeTask, taskSource, type ParsedTask, type TaskKey } from './task-source.js';
import type { ResolvedConfig } from './types.js';
import { checkTask } from './validate-task.js';

export interface TaskDefinition {
  name: string;
  taskType?: TaskType;
  /** A registered agent's name, or the task's own agent (camelCase keys: passEnv, killGraceSeconds, http.timeoutSeconds). */
  agent?:
    | string
    | { module: string; export?: string; method?: string }
    | { command: string[]; cwd?: string; env?: Record<string, string | number | boolean>; passEnv?: string[]; killGraceSeconds?: number }
    | { http: { url: string; headers?: Record<string, string>; timeoutSeconds?: number } };
  description?: string;
  enabled?: boolean;
  intervalMinutes?: number;
  cron?: string;
  timezone?: string;
  manual?: boolean;
  /** Relative to exchange sessions, as in the YAML: `{ calendar: 'XNYS', at: 'open+30m' }`, `{ every: '15m' }`, `{ on: 'session_end' }`. */
  market?: { calendar?: string; at?: string | string[]; every?: string; on?: 'session_start' | 'session_end' };
  runAtStart?: boolean;
  priority?: Priority;
  dependencies?: (string | { task: string; maxAgeMinutes?: number })[];
  dependencyTimeoutMinutes?: number;
  conditions?: Record<string, boolean | number | string>;
  parameters?: Record<string, unknown>;
  timeoutMinutes?: number;
  maxDurationMinutes?: number;
  retryCount?: number;
  retryDelayMinutes?: number;
  retryBackoff?: 'fixed' | 'exponential';
  retryMaxDelayMinutes?: number;
  concurrentExecution?: boolean;
  errorThreshold?: number;
  performanceThreshold?: number;
  misfire?: 'once' | 'skip' | 'all';
  misfireMaxRuns?: number;
}

export interface TaskCheckContext {
  /** Registered condition names; when given, other condition names are errors. */
  knownConditions?: ReadonlySet<string>;
}

/** TaskDefinition key → YAML key. */
const CAMEL_TO_SNAKE: Readonly<Record<Exclude<keyof TaskDefinition, 'name'>, TaskKey>> = {
  taskType: 'type',
  agent: 'agent',
  description: 'description',
  enabled: 'enabled',
  intervalMinutes: 'interval_minutes',
  cron: 'cron',
  timezone: 'timezone',
  manual: 'manual',
  market: 'market',
  runAtStart: 'run_at_start',
  priority: 'priority',
  dependencies: 'dependencies',
  dependencyTimeoutMinutes: 'dependency_timeout_minutes',
  conditions: 'conditions',
  parameters: 'parameters',
  timeoutMinutes: 'timeout_minutes',
  maxDurationMinutes: 'max_duration_minutes',
  retryCount: 'retry_count',
  retryDelayMinutes: 'retry_delay_minutes',
  retryBackoff: 'retry_backoff',
  retryMaxDelayMinutes: 'retry_max_delay_minutes',
  concurrentExecution: 'concurrent_execution',
  errorThreshold: 'error_threshold',
  performanceThreshold: 'performance_threshold',
  misfire: 'misfire',
  misfireMaxRuns: 'misfire_max_runs',
};
const SNAKE_TO_CAMEL = new Map<string, string>([
  ...Object.entries(CAMEL_TO_SNAKE).map(([camel, snake]) => [snake, camel] as const),
  ['max_age_minutes', 'maxAgeMinutes'],
  ['pass_env', 'passEnv'],
  ['kill_grace_seconds', 'killGraceSeconds'],
  ['timeout_seconds', 'timeoutSeconds'],
]);
const CAMEL_KEYS = Object.keys(CAMEL_TO_SNAKE);

/** Builds a TaskConfig from code; throws ConfigError (file `<code>`, camelCase key paths). */
export function taskFromDefinition(def: TaskDefinition, config: ResolvedConfig, options: TaskCheckContext = {}): TaskConfig {
  const issues = new IssueCollector('<code>', null, { displayKey: camelKey });
  const name = typeof def.name === 'string' ? def.name : String(def.name);
  const path: KeyPath = ['tasks', name];
  if (!isTaskName(name)) {
    issues.add(path, 'key', `invalid task name ${JSON.stringify(name)}`, 'use a lower-case letter first, then a-z, 0-9, "_", "." or "-" (at most 64 characters), e.g. custom_task');
  }
  const raw: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(def)) {
    if (key === 'name' || value === undefined) continue;
    const snake = CAMEL_TO_SNAKE[key as keyof typeof CAMEL_TO_SNAKE] as TaskKey | undefined;
    if (snake === undefined) issues.add([...path, key], 'key', `unknown key '${key}' in task '${name}'`, suggestion(key, CAMEL_KEYS, 'keys'));
    else raw[snake] = snake === 'dependencies' ? snakeDependencies(value) : snake === 'agent' ? snakeAgent(value) : value;
  }
  checkParameters(raw['parameters'], [...path, 'parameters'], issues);
  const parsed = checkSchema(TaskSchema, raw, path, issues);
  const usable = parsed !== undefined ? { raw: parsed, dropped: new Set<string>() } : salvaged(raw);
  if (usable !== undefined && isTaskName(name)) checkWithOthers(name, usable, config, issues, options);
  issues.throwIfAny();
  if (parsed === undefined) throw new TypeError('unreachable: a task that failed its schema has issues');
  return resolveTask(name as TaskName, parsed, taskDefaultsOf(config));
}

/**
 * `current` with changes applied. Keys are the YAML's (`retry_count`); camelCase keys are accepted
 * too. Throws ConfigError (file `<update>`, paths `tasks.<name>.<key>`), leaving `current` as it was.
 */
export function applyTaskChanges(current: TaskConfig, raw: Readonly<Record<string, unknown>>, config: ResolvedConfig, options: TaskCheckContext = {}): TaskConfig {
  const issues = new IssueCollector('<update>', null);
  const path: KeyPath = ['tasks', current.name];
  const changes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    const snake = toSnakeKey(key);
    if (key === 'name') {
      if (value !== current.name) issues.add([...path, key], 'value', `a task cannot be renamed (from '${current.name}' to ${JSON.stringify(value)})`, 'add a task under the new name and disable or remove this one');
    } else if (snake === undefined) {
      issues.add([...path, key], 'key', `unknown key '${key}' in task '${current.name}'`, suggestion(key, TASK_KEYS, 'keys'));
    } else changes[snake] = snake === 'dependencies' ? snakeDependencies(value) : value;
  }
  checkParameters(changes['parameters'], [...path, 'parameters'], issues);
  const parsed = checkSchema(TaskSchema, changes, path, issues);
  const usable = parsed !== undefined ? { raw: parsed, dropped: new Set<string>() } : salvaged(changes);
  // A TaskConfig built by hand (not by this module) holds effective values: no multiplier applies.
  const origin = taskOrigin(current) ?? { raw: taskToRaw(current), multipliers: NO_MULTIPLIERS };
  const merged = mergeTask(origin.raw, usable?.raw ?? {});
  if (usable !== undefined) checkWithOthers(current.name, { raw: merged, dropped: usable.dropped }, config, issues, options);
  issues.throwIfAny();
  return resolveTask(current.name, merged, { ...taskDefaultsOf(config), multipliers: origin.multipliers });
}

/** Schedule and conditions, then dependencies against every other task of the configuration. */
function checkWithOthers(name: string, task: ParsedTask, config: ResolvedConfig, issues: IssueCollector, options: TaskCheckContext): void {
  const source = taskSource(name, task, ['tasks', name]);
  const knownCalendars = [...BUILT_IN_CALENDAR_NAMES, ...config.calendars.keys()];
  checkTask(source, issues, { defaultTimeZone: config.orchestrator.timezone, knownConditions: options.knownConditions, knownCalendars });
  const nodes: GraphNode[] = [];
  for (const [other, task] of config.tasks) {
    if (other === name) continue;
    nodes.push({ name: other, edges: task.dependencies.map((dep, index) => ({ task: dep.task, path: ['tasks', other, 'dependencies', index] })) });
  }
  nodes.push(graphNode(source));
  checkTaskGraph(nodes, issues, { only: name });
}

/** Parameters are stored and sent to agents, so they must be plain data. */
function checkParameters(value: unknown, path: KeyPath, issues: IssueCollector): void {
  if (!isRecord(value)) return;
  try {
    structuredClone(value);
  } catch {
    issues.add(path, 'value', `${issues.key(path)} must be plain data (they are stored and sent to agents), got a value that cannot be copied`, 'use strings, numbers, booleans, null, lists and mappings (no functions or class instances with methods)');
  }
}

function salvaged(raw: Record<string, unknown>): ParsedTask | undefined {
  const rest = salvage(TaskSchema, raw);
  return rest === undefined ? undefined : { raw: rest.value, dropped: rest.dropped };
}

function snakeDependencies(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  return value.map((dep: unknown) => {
    if (!isRecord(dep)) return dep;
    const { maxAgeMinutes, ...rest } = dep;
    return maxAgeMinutes === undefined ? rest : { ...rest, max_age_minutes: maxAgeMinutes };
  });
}

/** The agent object's camelCase keys, as the YAML writes them. */
function snakeAgent(value: unknown): unknown {
  if (!isRecord(value)) return value;
  const { passEnv, killGraceSeconds, http, ...rest } = value;
  const out: Record<string, unknown> = { ...rest };
  if (passEnv !== undefined) out['pass_env'] = passEnv;
  if (killGraceSeconds !== undefined) out['kill_grace_seconds'] = killGraceSeconds;
  if (isRecord(http)) {
    const { timeoutSeconds, ...httpRest } = http;
    out['http'] = timeoutSeconds === undefined ? httpRest : { ...httpRest, timeout_seconds: timeoutSeconds };
  } else if (http !== undefined) out['http'] = http;
  return out;
}

function toSnakeKey(key: string): TaskKey | undefined {
  if ((TASK_KEYS as string[]).includes(key)) return key as TaskKey;
  return CAMEL_TO_SNAKE[key as keyof typeof CAMEL_TO_SNAKE];
}

/** YAML key → the TaskDefinition key, for messages about code (not below conditions or parameters). */
function camelKey(key: string, path: KeyPath, index: number): string {
  const parent = path[index - 1];
  if (index < 2 || parent === 'conditions' || parent === 'parameters') return key;
  return SNAKE_TO_CAMEL.get(key) ?? key;
}
