/**
 * Rules of one task that a schema cannot express: exactly one schedule, keys that only make sense
 * with one kind of schedule, a cron expression that croner accepts in its time zone, and
 * conditions that parse (and are registered, when the registry is known).
 */
import { Cron } from 'croner';
import { describeError } from '../errors.js';
import type { ComparisonOp, ConditionSpec } from '../model/task.js';
import { CRON_OPTIONS } from '../schedule/compiled-cron.js';
import { describeValue, suggestion, type IssueCollector } from './issue-collector.js';
import { isTimeZone, TASK_KEYS } from './schema.js';
import { SCHEDULE_KEYS, scheduleKinds, type ScheduleKind, type TaskSource } from './task-source.js';

export interface TaskCheckOptions {
  /** orchestrator.timezone, for cron tasks that do not name one. */
  defaultTimeZone: string;
  /** Registered condition names; when absent, condition names are not checked. */
  knownConditions?: ReadonlySet<string> | undefined;
}

const SCHEDULE_KEY: Readonly<Record<ScheduleKind, 'interval_minutes' | 'cron' | 'manual'>> = {
  interval: 'interval_minutes',
  cron: 'cron',
  manual: 'manual',
};

export function checkTask(task: TaskSource, issues: IssueCollector, options: TaskCheckOptions): void {
  checkSchedule(task, issues, options);
  checkConditions(task, issues, options.knownConditions);
}

function checkSchedule(task: TaskSource, issues: IssueCollector, options: TaskCheckOptions): void {
  const kinds = scheduleKinds(task.raw);
  const [kind, second] = kinds;
  // A misspelt or invalid key may be the schedule: it is reported already, so do not guess.
  const uncertain = [...task.dropped].some((key) => (SCHEDULE_KEYS as readonly string[]).includes(key) || !(TASK_KEYS as string[]).includes(key));
  if (uncertain) {
    if (kind === 'cron' && second === undefined && task.raw.cron !== undefined) checkCron(task, task.raw.cron, task.raw.timezone ?? options.defaultTimeZone, issues);
    return;
  }
  const keys = (['interval_minutes', 'cron', 'manual'] as const).map((key) => issues.key([...task.path, key]));
  if (kind === undefined) {
    issues.add(task.path, 'key', `task '${task.name}' has no schedule`, `add ${keys[0]}, ${keys[1]}, or ${keys[2]}: true`);
    return;
  }
  if (second !== undefined) {
    const written = kinds.map((k) => issues.key([...task.path, SCHEDULE_KEY[k]])).join(' and ');
    issues.add(task.pathOf(SCHEDULE_KEY[second]), 'key', `task '${task.name}' has more than one schedule: ${written}`, `keep only one of ${keys[0]}, ${keys[1]} or ${keys[2]}: true`);
    return;
  }
  if (kind !== 'interval' && task.raw.run_at_start !== undefined) {
    const why = kind === 'cron' ? 'a cron task runs at its cron times (misfire decides what happens to times missed while stopped)' : 'a manual task runs only when triggered';
    issues.add(task.pathOf('run_at_start'), 'key', `${issues.key([...task.path, 'run_at_start'])} only applies to interval schedules`, `remove it: ${why}`);
  }
  if (kind !== 'cron' && task.raw.timezone !== undefined) {
    issues.add(task.pathOf('timezone'), 'key', `timezone only applies to cron schedules`, `remove timezone (${kind === 'interval' ? 'an interval does not depend on the time zone' : 'a manual task has no schedule'})`);
  }
  if (kind === 'cron' && task.raw.cron !== undefined) checkCron(task, task.raw.cron, task.raw.timezone ?? options.defaultTimeZone, issues);
}

function checkCron(task: TaskSource, expression: string, timezone: string, issues: IssueCollector): void {
  if (!isTimeZone(timezone)) return; // reported where the time zone is written
  try {
    new Cron(expression, { ...CRON_OPTIONS, paused: true, timezone });
  } catch (error) {
    const reason = describeError(error)
      .replace(/^CronPattern: /, '')
      .replace(/^invalid configuration format .*$/, 'it needs five or six fields separated by spaces');
    issues.add(
      task.pathOf('cron'),
      'value',
      `cron expression "${expression}" is invalid: ${reason}`,
      'write five fields (minute hour day-of-month month day-of-week) or six (seconds first), in quotes, e.g. cron: "0 3 * * *" for 03:00 every day',
    );
  }
}

function checkConditions(task: TaskSource, issues: IssueCollector, known: ReadonlySet<string> | undefined): void {
  for (const [name, value] of Object.entries(task.raw.conditions ?? {})) {
    const path = task.pathOf('conditions', name);
    if (known !== undefined && !known.has(name)) {
      issues.add(path, 'key', `unknown condition '${name}'`, suggestion(name, [...known].sort(), 'registered conditions'));
    }
    if (parseCondition(name, value) === null) {
      issues.add(
        path,
        'value',
        `condition ${name} has an invalid expectation ${describeValue(value)}`,
        'write true or false, a number such as 0.8 (observed value at least this), or a comparison in quotes: ">0", ">= 0.8", "<5", "==3", "!=0"',
      );
    }
  }
}

const COMPARISON = /^\s*(>=|<=|==|!=|>|<)\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)\s*$/;

/** `true`, `0.8` or `">= 0.8"` as an expectation; null when the value has none of these forms. */
export function parseCondition(name: string, value: boolean | number | string): ConditionSpec | null {
  if (typeof value === 'boolean') return { name, expect: { kind: 'boolean', value }, source: String(value) };
  if (typeof value === 'number') return Number.isFinite(value) ? { name, expect: { kind: 'atLeast', value }, source: String(value) } : null;
  const match = COMPARISON.exec(value);
  if (match === null) return null;
  const op = match[1] as ComparisonOp;
  return { name, expect: { kind: 'compare', op, value: Number(match[2]) }, source: value.trim() };
}
