/**
 * The second stage: the raw YAML value → validated sections, with every problem collected.
 * The base configuration must be valid on its own, and so must every environment applied to it
 * (so `evolve config validate` catches a bad production override while developing); issues found
 * only by applying an environment are those written in that environment.
 */
import { BUILT_IN_CALENDAR_NAMES } from '../calendar/calendar-by-name.js';
import { checkCalendarName, readCalendars, type CalendarSpec } from './calendars-section.js';
import { readPlatform, type RawPlatform } from './platform-section.js';
import type { z } from 'zod';
import { isTaskName } from '../model/ids.js';
import { closest } from '../closest-name.js';
import { describeValue, suggestion, type IssueCollector } from './issue-collector.js';
import { badValue, checkSchema, isRecord, salvage } from './schema-check.js';
import {
  AlertsSchema,
  ApiSchema,
  EnvironmentSchema,
  LoggingSchema,
  MonitoringSchema,
  OrchestratorSchema,
  SECTION_NAMES,
  StoreSchema,
  TaskSchema,
  type RawAlerts,
  type RawApi,
  type RawEnvironment,
  type RawLogging,
  type RawMonitoring,
  type RawOrchestrator,
  type RawStore,
  type RawTask,
} from './schema.js';
import type { KeyPath } from './source-map.js';
import { taskSource, type ParsedTask, type TaskSource } from './task-source.js';
import { checkTaskGraph, graphNode } from './task-graph.js';
import { checkTask, type TaskCheckOptions } from './validate-task.js';
import type { ConfigIssue } from '../errors.js';

/**
 * Top-level keys starting with `x-` are ignored (as in Docker Compose): a place for YAML anchors
 * shared by several tasks, e.g. `x-defaults: &defaults { retry_count: 5 }` then `<<: *defaults`.
 */
const EXTENSION_PREFIX = 'x-';

export interface ValidatedConfig {
  orchestrator: RawOrchestrator;
  store: RawStore;
  alerts: RawAlerts;
  monitoring: RawMonitoring;
  logging: RawLogging;
  api: RawApi;
  calendars: Map<string, CalendarSpec>;
  /** `platform:` (integrated mode), paths as written; null when absent. */
  platform: RawPlatform | null;
  /** The applied environment, or null. */
  environment: { name: string; settings: RawEnvironment } | null;
  /** Every task with the applied environment's overrides merged in, in file order. */
  tasks: ReadonlyMap<string, RawTask>;
}

export interface ValidateOptions {
  /** The environment to apply (null: none), and what chose it, for messages. */
  env: { name: string; chosenBy: string } | null;
  knownConditions?: ReadonlySet<string> | undefined;
}

interface EnvironmentEntry {
  settings: RawEnvironment;
  /** Task name → its override keys. */
  overrides: Map<string, ParsedTask>;
}

export function validateConfig(raw: unknown, issues: IssueCollector, options: ValidateOptions): ValidatedConfig {
  const top = topLevel(raw, issues);
  const section = <T>(name: string, schema: z.ZodType<T>): T => checkSchema(schema, top[name] ?? {}, [name], issues) ?? ({} as T);
  const orchestrator = section<RawOrchestrator>('orchestrator', OrchestratorSchema);
  const calendars = readCalendars(top['calendars'], issues);
  checkCalendarName(orchestrator.calendar, top['calendars'], issues);
  const tasks = readTasks(top['tasks'], issues);
  const written = new Set(Object.keys(isRecord(top['tasks']) ? top['tasks'] : {}));
  const environments = readEnvironments(top['environments'], written, issues);
  const defaultTimeZone = orchestrator.timezone ?? 'UTC';
  const knownCalendars = [...BUILT_IN_CALENDAR_NAMES, ...Object.keys(isRecord(top['calendars']) ? top['calendars'] : {})];
  const checks: ScenarioOptions = { defaultTimeZone, knownConditions: options.knownConditions, knownCalendars, written };
  const base = checkScenario(tasks, null, issues, checks, new Set());
  for (const [name, entry] of environments) if (entry.overrides.size > 0) checkScenario(tasks, { name, entry }, issues, checks, base);
  const chosen = chooseEnvironment(options.env, environments, issues);
  return {
    orchestrator,
    store: section<RawStore>('store', StoreSchema),
    alerts: section<RawAlerts>('alerts', AlertsSchema),
    monitoring: section<RawMonitoring>('monitoring', MonitoringSchema),
    logging: section<RawLogging>('logging', LoggingSchema),
    api: section<RawApi>('api', ApiSchema),
    calendars,
    platform: readPlatform(top['platform'], issues),
    environment: chosen === null ? null : { name: chosen.name, settings: chosen.entry.settings },
    tasks: new Map(sources(tasks, chosen).map((s) => [s.name, s.raw])),
  };
}

function topLevel(raw: unknown, issues: IssueCollector): Record<string, unknown> {
  if (raw === null || raw === undefined) return {};
  if (!isRecord(raw)) {
    const fix = 'start the file with a section such as "tasks:" followed by indented keys';
    issues.add([], 'value', `the file must be a mapping of sections (${SECTION_NAMES.join(', ')}), got ${describeValue(raw)}`, fix);
    return {};
  }
  for (const key of Object.keys(raw)) {
    if ((SECTION_NAMES as string[]).includes(key) || key.startsWith(EXTENSION_PREFIX)) continue;
    const fix = suggestion(key, SECTION_NAMES, 'sections');
    const hint = fix.startsWith('did') ? fix : `valid top-level sections: ${SECTION_NAMES.join(', ')} (a task goes under "tasks:"; keys starting with x- are ignored, for anchors)`;
    issues.add([key], 'key', `unknown key '${key}' at the top level`, hint);
  }
  return raw;
}

/** Every task with a valid name; one with errors keeps its valid keys, for the checks between keys. */
function readTasks(value: unknown, issues: IssueCollector): Map<string, ParsedTask> {
  const tasks = new Map<string, ParsedTask>();
  if (value === null || value === undefined) return tasks;
  if (!isRecord(value)) {
    badValue(['tasks'], value, issues);
    return tasks;
  }
  for (const [name, body] of Object.entries(value)) {
    if (!isTaskName(name)) {
      issues.add(['tasks', name], 'key', `invalid task name '${name}'`, 'use a lower-case letter first, then a-z, 0-9, "_", "." or "-" (at most 64 characters), e.g. data_sync');
      continue;
    }
    const parsed = readTask(body, ['tasks', name], issues);
    if (parsed !== undefined) tasks.set(name, parsed);
  }
  return tasks;
}

function readEnvironments(value: unknown, taskNames: ReadonlySet<string>, issues: IssueCollector): Map<string, EnvironmentEntry> {
  const environments = new Map<string, EnvironmentEntry>();
  if (value === null || value === undefined) return environments;
  if (!isRecord(value)) {
    badValue(['environments'], value, issues);
    return environments;
  }
  for (const [name, body] of Object.entries(value)) {
    const settings = checkSchema(EnvironmentSchema, body ?? {}, ['environments', name], issues) ?? salvage(EnvironmentSchema, body ?? {})?.value;
    const overrides = new Map<string, ParsedTask>();
    for (const [task, override] of Object.entries(settings?.tasks ?? {})) {
      const path = ['environments', name, 'tasks', task];
      if (!taskNames.has(task)) {
        issues.add(path, 'key', `environment '${name}' overrides task '${task}', which is not defined`, suggestion(task, [...taskNames], 'tasks'));
        continue;
      }
      const parsed = readTask(override, path, issues);
      if (parsed !== undefined) overrides.set(task, parsed);
    }
    environments.set(name, { settings: settings ?? {}, overrides });
  }
  return environments;
}

interface ScenarioOptions extends TaskCheckOptions {
  /** Every task name written, valid or not (a dependency on a task with errors is not unknown). */
  written: ReadonlySet<string>;
}

function readTask(body: unknown, path: KeyPath, issues: IssueCollector): ParsedTask | undefined {
  const raw = checkSchema(TaskSchema, body ?? {}, path, issues);
  if (raw !== undefined) return { raw, dropped: new Set() };
  const rest = salvage(TaskSchema, body ?? {});
  return rest === undefined ? undefined : { raw: rest.value, dropped: rest.dropped };
}

type Scenario = { name: string; entry: EnvironmentEntry } | null;

function sources(tasks: ReadonlyMap<string, ParsedTask>, scenario: Scenario): TaskSource[] {
  return [...tasks].map(([name, parsed]) => {
    const override = scenario?.entry.overrides.get(name);
    const overridePath = ['environments', scenario?.name ?? '', 'tasks', name];
    return taskSource(name, parsed, ['tasks', name], override === undefined ? undefined : { ...override, path: overridePath });
  });
}

/**
 * Checks the tasks as one environment sees them. Returns the base's issues (path + message) so
 * that an environment reports only what applying it adds.
 */
function checkScenario(tasks: ReadonlyMap<string, ParsedTask>, scenario: Scenario, issues: IssueCollector, options: ScenarioOptions, base: ReadonlySet<string>): Set<string> {
  const before = issues.count;
  const all = sources(tasks, scenario);
  for (const task of all) checkTask(task, issues, options);
  checkTaskGraph(all.map(graphNode), issues, { defined: options.written });
  const fresh = issues.issues.splice(before);
  const keyOf = (i: ConfigIssue): string => `${i.path}\u0000${i.message}`;
  const added = scenario === null ? fresh : fresh.filter((i) => !base.has(keyOf(i)));
  const prefix = `environments.${scenario?.name ?? ''}.`;
  for (const issue of added) {
    const outside = scenario !== null && !issue.path.startsWith(prefix);
    issues.issues.push(outside ? { ...issue, message: `${issue.message} (with environment '${scenario.name}' applied)` } : issue);
  }
  return new Set(fresh.map(keyOf));
}

function chooseEnvironment(env: ValidateOptions['env'], environments: ReadonlyMap<string, EnvironmentEntry>, issues: IssueCollector): Scenario {
  if (env === null) return null;
  const entry = environments.get(env.name);
  if (entry !== undefined) return { name: env.name, entry };
  const defined = [...environments.keys()];
  const near = closest(env.name, defined);
  const fix =
    defined.length === 0
      ? `this file defines no environments: add "environments: { ${env.name}: { … } }", or do not set ${env.chosenBy}`
      : `${near === null ? `define environments.${env.name}, or choose` : `did you mean '${near}'? Choose`} one of: ${defined.join(', ')}`;
  issues.add(['environments'], 'key', `environment '${env.name}' (chosen by ${env.chosenBy}) is not defined`, fix);
  return null;
}
