/**
 * Rules of one task that a schema cannot express: exactly one schedule, keys that only make sense
 * with one kind of schedule, a cron expression that croner accepts in its time zone, a market
 * schedule with one rule in its session and a known calendar, and conditions that parse (and are
 * registered, when the registry is known).
 */
import { Cron } from 'croner';
import { describeError } from '../errors.js';
import type { ComparisonOp, ConditionSpec } from '../model/task.js';
import { CRON_OPTIONS } from '../schedule/compiled-cron.js';
import { parseDuration, parseSessionTime } from '../schedule/market-rule.js';
import { describeValue, suggestion, type IssueCollector } from './issue-collector.js';
import { isTimeZone, TASK_KEYS } from './schema.js';
import { SCHEDULE_KEYS, scheduleKinds, type ScheduleKind, type TaskSource } from './task-source.js';

export interface TaskCheckOptions {
  /** orchestrator.timezone, for cron tasks that do not name one. */
  defaultTimeZone: string;
  /** Registered condition names; when absent, condition names are not checked. */
  knownConditions?: ReadonlySet<string> | undefined;
  /** Calendar names (built in and under calendars:); when absent, market calendars are not checked. */
  knownCalendars?: readonly string[] | undefined;
}

const SCHEDULE_KEY: Readonly<Record<ScheduleKind, 'interval_minutes' | 'cron' | 'market' | 'manual'>> = {
  interval: 'interval_minutes',
  cron: 'cron',
  market: 'market',
  manual: 'manual',
};

export function checkTask(task: TaskSource, issues: IssueCollector, options: TaskCheckOptions): void {
  checkSchedule(task, issues, options);
  checkAgent(task, issues);
  checkConditions(task, issues, options.knownConditions);
}

const AGENT_KINDS = ['module', 'command', 'http'] as const;
/** Keys of an agent object that belong to one kind. */
const AGENT_KIND_KEYS: Readonly<Record<string, (typeof AGENT_KINDS)[number]>> = {
  export: 'module',
  method: 'module',
  cwd: 'command',
  env: 'command',
  pass_env: 'command',
  kill_grace_seconds: 'command',
};

/** An agent object defines exactly one kind, and only that kind's keys. */
function checkAgent(task: TaskSource, issues: IssueCollector): void {
  const agent = task.raw.agent;
  if (agent === undefined || typeof agent === 'string') return;
  const kinds = AGENT_KINDS.filter((kind) => agent[kind] !== undefined);
  const forms = 'module: ./agents/custom.js, command: ["python3", "agents/x.py"], or http: { url: https://… }';
  if (kinds.length === 0) {
    issues.add(task.pathOf('agent'), 'key', `the agent of task '${task.name}' says neither where to load it nor how to call it`, `give one of ${forms}; or name a registered agent: agent: ${task.name}`);
    return;
  }
  if (kinds.length > 1) {
    issues.add(task.pathOf('agent', kinds[1]!), 'key', `the agent of task '${task.name}' has ${kinds.join(' and ')}: an agent is one kind`, `keep one of ${forms}`);
    return;
  }
  for (const [key, kind] of Object.entries(AGENT_KIND_KEYS)) {
    if (agent[key as keyof typeof agent] === undefined || kind === kinds[0]) continue;
    issues.add(task.pathOf('agent', key), 'key', `'${key}' only applies to ${kind} agents, and this one is a ${kinds[0]} agent`, `remove '${key}'`);
  }
  for (const name of Object.keys(agent.env ?? {})) {
    if (!ENV_NAME.test(name)) issues.add(task.pathOf('agent', 'env', name), 'key', `'${name}' is not an environment variable name`, 'use letters, digits and _ only, not starting with a digit, e.g. API_KEY');
  }
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function checkSchedule(task: TaskSource, issues: IssueCollector, options: TaskCheckOptions): void {
  const kinds = scheduleKinds(task.raw);
  const [kind, second] = kinds;
  // A misspelt or invalid key may be the schedule: it is reported already, so do not guess.
  const uncertain = [...task.dropped].some((key) => (SCHEDULE_KEYS as readonly string[]).includes(key) || !(TASK_KEYS as string[]).includes(key));
  if (uncertain) {
    if (kind === 'cron' && second === undefined && task.raw.cron !== undefined) checkCron(task, task.raw.cron, task.raw.timezone ?? options.defaultTimeZone, issues);
    return;
  }
  const keys = (['interval_minutes', 'cron', 'market', 'manual'] as const).map((key) => issues.key([...task.path, key]));
  if (kind === undefined) {
    issues.add(task.path, 'key', `task '${task.name}' has no schedule`, `add ${keys[0]}, ${keys[1]}, ${keys[2]} or ${keys[3]}: true`);
    return;
  }
  if (second !== undefined) {
    const written = kinds.map((k) => issues.key([...task.path, SCHEDULE_KEY[k]])).join(' and ');
    issues.add(task.pathOf(SCHEDULE_KEY[second]), 'key', `task '${task.name}' has more than one schedule: ${written}`, `keep only one of ${keys[0]}, ${keys[1]}, ${keys[2]} or ${keys[3]}: true`);
    return;
  }
  if (kind !== 'interval' && task.raw.run_at_start !== undefined) {
    const why = {
      cron: 'a cron task runs at its cron times (misfire decides what happens to times missed while stopped)',
      market: 'a market task runs at its session times (misfire decides what happens to times missed while stopped)',
      manual: 'a manual task runs only when triggered',
    }[kind];
    issues.add(task.pathOf('run_at_start'), 'key', `${issues.key([...task.path, 'run_at_start'])} only applies to interval schedules`, `remove it: ${why}`);
  }
  if (kind !== 'cron' && task.raw.timezone !== undefined) {
    const why = { interval: 'an interval does not depend on the time zone', market: "a market schedule keeps its calendar's time zone", manual: 'a manual task has no schedule' }[kind];
    issues.add(task.pathOf('timezone'), 'key', `timezone only applies to cron schedules`, `remove timezone (${why})`);
  }
  if (kind === 'cron' && task.raw.cron !== undefined) checkCron(task, task.raw.cron, task.raw.timezone ?? options.defaultTimeZone, issues);
  if (kind === 'market' && task.raw.market !== undefined) checkMarket(task, task.raw.market, issues, options.knownCalendars);
}

type RawMarket = NonNullable<TaskSource['raw']['market']>;

const SESSION_TIME_FORMS = 'write "open" or "close", optionally moved by a duration: "open+30m", "close-15m", "open+1h30m"';

function checkMarket(task: TaskSource, market: RawMarket, issues: IssueCollector, knownCalendars: readonly string[] | undefined): void {
  const rules = (['at', 'every', 'on'] as const).filter((key) => market[key] !== undefined);
  if (rules.length !== 1) {
    const message = rules.length === 0 ? `market schedule of task '${task.name}' says when to fire in no way` : `market schedule of task '${task.name}' has ${rules.join(' and ')}: one rule per task`;
    const fix = 'give exactly one of at: "open+30m" (or a list), every: "15m", or on: session_end; for two rules, define two tasks';
    issues.add(rules.length === 0 ? task.pathOf('market') : task.pathOf('market', rules[1]!), 'key', message, fix);
  }
  const calendar = market.calendar;
  if (calendar !== undefined && knownCalendars !== undefined && !knownCalendars.some((name) => name.toLowerCase() === calendar.toLowerCase())) {
    issues.add(task.pathOf('market', 'calendar'), 'value', `unknown calendar '${calendar}'`, suggestion(calendar, [...knownCalendars], 'calendars'));
  }
  if (market.every !== undefined && parseDuration(market.every) === null) {
    issues.add(task.pathOf('market', 'every'), 'value', `market.every "${market.every}" is not a duration`, 'write a whole number of seconds, minutes or hours, e.g. every: "15m", "1h" or "1h30m"');
  }
  if (market.at === undefined) return;
  const times = typeof market.at === 'string' ? [market.at] : market.at;
  times.forEach((text, i) => {
    const path = typeof market.at === 'string' ? task.pathOf('market', 'at') : task.pathOf('market', 'at', i);
    const time = parseSessionTime(text);
    if (time === null) issues.add(path, 'value', `"${text}" is not a session time`, SESSION_TIME_FORMS);
    else if ((time.anchor === 'open' && time.offsetMs < 0) || (time.anchor === 'close' && time.offsetMs > 0)) {
      const where = time.anchor === 'open' ? 'before the open' : 'after the close';
      issues.add(path, 'value', `"${text}" is ${where}: a market schedule fires within the session`, `use a time between "open" and "close"; for work ${where}, use a cron schedule with conditions: { market_hours: false }`);
    }
  });
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
