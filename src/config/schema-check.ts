/**
 * Runs a zod schema over one part of the raw configuration and turns each zod issue into a
 * ConfigIssue that names the key, the value, the rule and a fix (zod's own wording is generic).
 */
import type { z } from 'zod';
import { fieldRule, rulePattern } from './field-rules.js';
import { closest } from '../closest-name.js';
import { describeValue, suggestion, type IssueCollector } from './issue-collector.js';
import {
  AgentSpecSchema,
  AlertsSchema,
  ApiSchema,
  ApiTokenSchema,
  ENVIRONMENT_KEYS,
  LoggingSchema,
  MarketScheduleSchema,
  MonitoringSchema,
  OrchestratorSchema,
  SECTION_NAMES,
  StoreSchema,
  TASK_KEYS,
  WebhookChannelSchema,
} from './schema.js';
import { PlatformSchema } from './platform-section.js';
import type { KeyPath } from './source-map.js';

type ZodIssue = z.core.$ZodIssue;

/** The parsed value, or undefined after reporting every issue under `at`. */
export function checkSchema<T>(schema: z.ZodType<T>, value: unknown, at: KeyPath, issues: IssueCollector): T | undefined {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  for (const issue of result.error.issues) report(issue, value, at, issues);
  return undefined;
}

/**
 * For a mapping that failed its schema: its value without the keys that have issues, so that the
 * rules between keys (one schedule, dependencies, cycles) can still be checked on the rest.
 */
export function salvage<T>(schema: z.ZodType<T>, value: unknown): { value: T; dropped: ReadonlySet<string> } | undefined {
  if (!isRecord(value)) return undefined;
  const first = schema.safeParse(value);
  if (first.success) return { value: first.data, dropped: new Set() };
  const dropped = new Set<string>();
  for (const issue of first.error.issues) {
    if (issue.code === 'unrecognized_keys' && issue.path.length === 0) for (const key of issue.keys) dropped.add(key);
    else if (typeof issue.path[0] === 'string') dropped.add(issue.path[0]);
  }
  const retry = schema.safeParse(Object.fromEntries(Object.entries(value).filter(([key]) => !dropped.has(key))));
  return retry.success ? { value: retry.data, dropped } : undefined;
}

function report(issue: ZodIssue, root: unknown, at: KeyPath, issues: IssueCollector): void {
  const path = [...at, ...issue.path.filter(isSegment)];
  const value = valueAt(root, issue.path.filter(isSegment));
  switch (issue.code) {
    case 'unrecognized_keys':
      for (const key of issue.keys) unknownKey([...path, key], value, issues);
      return;
    case 'invalid_union':
      return reportUnion(issue.errors, root, path, issue.path.filter(isSegment), at, issues);
    case 'invalid_value':
      return badChoice(path, value, issue.values.map(String), issues);
    default:
      return badValue(path, value, issues, fallbackRule(issue));
  }
}

/** A union (`task` or `{ task, max_age_minutes }`): report the branch that matched the value's type. */
function reportUnion(branches: ZodIssue[][], root: unknown, path: KeyPath, relative: KeyPath, at: KeyPath, issues: IssueCollector): void {
  const value = valueAt(root, relative);
  const typed = branches.find((branch) => !branch.every((i) => i.code === 'invalid_type' && i.path.length === 0));
  if (typed === undefined) return badValue(path, value, issues, 'a different kind of value');
  for (const inner of typed) report({ ...inner, path: [...relative, ...inner.path] }, root, at, issues);
}

function unknownKey(path: KeyPath, parent: unknown, issues: IssueCollector): void {
  const key = String(path[path.length - 1]);
  const valid = validKeys(path.slice(0, -1), parent).map((k) => issues.key([...path.slice(0, -1), k]));
  const where = describeParent(path.slice(0, -1));
  issues.add(path, 'key', `unknown key '${key}'${where}`, suggestion(key, valid, 'keys here'));
}

function badChoice(path: KeyPath, value: unknown, values: readonly string[], issues: IssueCollector): void {
  const key = issues.key(path);
  const rule = fieldRule(path);
  const listed = values.join(', ');
  const near = typeof value === 'string' ? suggestion(value, values, 'values') : null;
  const fix = near?.startsWith('did') ? `${near} Valid values: ${listed}` : (rule?.fix ?? `use one of: ${listed}`);
  issues.add(path, 'value', `${key} must be one of ${listed}, got ${describeValue(value)}`, fix);
}

/** `retry_count must be a whole number ≥ 0, got -1`, or `missing url: …` when absent. */
export function badValue(path: KeyPath, value: unknown, issues: IssueCollector, fallback = 'a valid value'): void {
  const key = issues.key(path);
  const rule = fieldRule(path);
  const text = rule?.rule ?? fallback;
  const shown = typeof path[path.length - 1] === 'string' ? key : 'it';
  const near = typeof value === 'string' && rule?.candidates ? closest(value, rule.candidates()) : null;
  const generated = rule?.example !== undefined ? `set ${shown} to ${text}, e.g. ${key}: ${rule.example}` : `set ${shown} to ${text}`;
  const fix = near !== null ? `did you mean '${near}'?` : (rule?.fix ?? generated);
  if (value === undefined) {
    const addFix = rule?.example !== undefined ? `add ${key}: ${rule.example}` : fix;
    issues.add(path, 'key', `${key} is missing: it must be ${text}`, addFix);
    return;
  }
  issues.add(path, 'value', `${key} must be ${text}, got ${describeValue(value)}`, fix);
}

/** What a key without a field rule must be, in words, by zod's expected type. */
const TYPE_WORDS: Readonly<Record<string, string>> = {
  object: 'a mapping',
  record: 'a mapping',
  array: 'a list',
  int: 'a whole number',
  number: 'a number',
  string: 'text',
  boolean: 'true or false',
};

function fallbackRule(issue: ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return TYPE_WORDS[issue.expected] ?? `a ${issue.expected}`;
    case 'too_small':
      return `${issue.inclusive ? '≥' : '>'} ${String(issue.minimum)}`;
    case 'too_big':
      return `${issue.inclusive ? '≤' : '<'} ${String(issue.maximum)}`;
    default:
      return issue.message;
  }
}

/** The keys a strict mapping at this path accepts, for "did you mean". */
export function validKeys(path: KeyPath, value: unknown): string[] {
  switch (rulePattern(path)) {
    case '':
      return SECTION_NAMES;
    case 'orchestrator':
      return Object.keys(OrchestratorSchema.shape);
    case 'store':
      return Object.keys(StoreSchema.shape);
    case 'tasks.*':
      return TASK_KEYS;
    case 'tasks.*.market':
      return Object.keys(MarketScheduleSchema.shape);
    case 'tasks.*.agent':
      return Object.keys(AgentSpecSchema.shape);
    case 'platform':
      return Object.keys(PlatformSchema.shape);
    case 'platform.data':
      return ['source', 'seed', 'start', 'dir', 'url_template'];
    case 'platform.headlines':
      return ['source', 'seed', 'dir', 'url'];
    case 'platform.trading':
      return ['slippage_bps', 'commission_bps', 'commission_per_trade'];
    case 'platform.risk':
      return ['max_weight_per_symbol', 'max_gross_exposure', 'stop_loss_pct', 'trailing_stop_pct'];
    case 'tasks.*.agent.http':
      return ['url', 'headers', 'timeout_seconds'];
    case 'tasks.*.dependencies[]':
      return ['task', 'max_age_minutes'];
    case 'environments.*':
      return ENVIRONMENT_KEYS;
    case 'alerts':
      return Object.keys(AlertsSchema.shape);
    case 'alerts.channels[]':
      return isRecord(value) && value['type'] === 'log' ? ['type'] : Object.keys(WebhookChannelSchema.shape);
    case 'monitoring':
      return Object.keys(MonitoringSchema.shape);
    case 'logging':
      return Object.keys(LoggingSchema.shape);
    case 'api':
      return Object.keys(ApiSchema.shape);
    case 'api.tokens[]':
      return Object.keys(ApiTokenSchema.shape);
    default:
      return [];
  }
}

function describeParent(path: KeyPath): string {
  if (path.length === 0) return ' at the top level';
  if (path[0] === 'tasks' && path.length === 2) return ` in task '${String(path[1])}'`;
  if (path[0] === 'environments' && path[2] === 'tasks' && path.length === 4) {
    return ` in the overrides of task '${String(path[3])}' for environment '${String(path[1])}'`;
  }
  if (path[0] === 'environments' && path.length === 2) return ` in environment '${String(path[1])}'`;
  return path.length === 1 ? ` in section '${String(path[0])}'` : '';
}

export function valueAt(root: unknown, path: KeyPath): unknown {
  let current = root;
  for (const segment of path) {
    if (Array.isArray(current) && typeof segment === 'number') current = current[segment];
    else if (isRecord(current)) current = current[String(segment)];
    else return undefined;
  }
  return current;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isSegment(segment: PropertyKey): segment is string | number {
  return typeof segment === 'string' || typeof segment === 'number';
}
