/**
 * A task's raw keys after overrides (an environment's `tasks:` entry, or an update) are merged
 * over its own, remembering where each key was written so that an error points at that line.
 *
 * Merge rules: `conditions` merge by condition name and `parameters` deep-merge (lists are
 * replaced); every other key is replaced. The schedule is one unit: an override that gives a
 * different kind of schedule (e.g. `cron` over `interval_minutes`) replaces the whole schedule,
 * dropping the base's `interval_minutes`, `cron`, `market`, `manual`, `timezone` and `run_at_start`.
 */
import type { RawTask } from './schema.js';
import type { KeyPath } from './source-map.js';

export type TaskKey = keyof RawTask;

export const SCHEDULE_KEYS = ['interval_minutes', 'cron', 'market', 'manual', 'timezone', 'run_at_start'] as const satisfies readonly TaskKey[];

export type ScheduleKind = 'interval' | 'cron' | 'market' | 'manual';

export interface TaskSource {
  name: string;
  raw: RawTask;
  /** Where a key of the merged task was written: in the task, or in the override that set it. */
  pathOf(key: TaskKey, ...rest: (string | number)[]): KeyPath;
  /** Where the task itself is named (its key under `tasks:`). */
  readonly path: KeyPath;
  /** Keys left out because they have errors already reported (empty for a valid task). */
  readonly dropped: ReadonlySet<string>;
}

export interface ParsedTask {
  raw: RawTask;
  dropped: ReadonlySet<string>;
}

const VALID: ReadonlySet<string> = new Set();

/** The schedule keys a task gives, in the order interval, cron, market, manual. */
export function scheduleKinds(raw: RawTask): ScheduleKind[] {
  const kinds: ScheduleKind[] = [];
  if (raw.interval_minutes !== undefined) kinds.push('interval');
  if (raw.cron !== undefined) kinds.push('cron');
  if (raw.market !== undefined) kinds.push('market');
  if (raw.manual === true) kinds.push('manual');
  return kinds;
}

export function mergeTask(base: RawTask, override: RawTask): RawTask {
  const merged: RawTask = { ...base };
  const overrideKinds = scheduleKinds(override);
  const baseKinds = scheduleKinds(base);
  if (overrideKinds.length > 0 && overrideKinds.join() !== baseKinds.join()) {
    for (const key of SCHEDULE_KEYS) delete merged[key];
  }
  for (const key of Object.keys(override) as TaskKey[]) {
    if (override[key] === undefined) continue;
    if (key === 'conditions') merged.conditions = { ...base.conditions, ...override.conditions };
    else if (key === 'parameters') merged.parameters = deepMerge(base.parameters ?? {}, override.parameters ?? {});
    else Object.assign(merged, { [key]: override[key] });
  }
  return merged;
}

export function taskSource(name: string, base: ParsedTask | RawTask, basePath: KeyPath, override?: ParsedTask & { path: KeyPath }): TaskSource {
  const parsed = isParsed(base) ? base : { raw: base, dropped: VALID };
  const raw = override ? mergeTask(parsed.raw, override.raw) : parsed.raw;
  return {
    name,
    raw,
    path: basePath,
    dropped: override ? new Set([...parsed.dropped, ...override.dropped]) : parsed.dropped,
    pathOf(key, ...rest) {
      if (override !== undefined && writtenIn(override.raw, key, rest[0])) return [...override.path, key, ...rest];
      return [...basePath, key, ...rest];
    },
  };
}

function isParsed(value: ParsedTask | RawTask): value is ParsedTask {
  return 'dropped' in value && value.dropped instanceof Set;
}

function writtenIn(raw: RawTask, key: TaskKey, child: string | number | undefined): boolean {
  const value = raw[key];
  if (value === undefined) return false;
  if ((key === 'conditions' || key === 'parameters') && typeof child === 'string') {
    return typeof value === 'object' && value !== null && child in value;
  }
  return true;
}

function deepMerge(base: Readonly<Record<string, unknown>>, over: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = out[key];
    out[key] = isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : value;
  }
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
