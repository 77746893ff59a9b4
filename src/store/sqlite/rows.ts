/**
 * Rows ↔ domain objects for the SQLite store: booleans are 0/1, JSON is text, absent is NULL.
 * JSON is serialised when a write is called (not inside the group-commit batch), so a value that
 * cannot be stored rejects that one call and nothing else.
 */
import { describeError, EvolveError } from '../../errors.js';
import type { RunId, TaskName } from '../../model/ids.js';
import type { Run, RunStatus, Trigger } from '../../model/run.js';
import type { AlertRecord, AuditEntry, RunPatch, TaskState, TaskStatePatch } from '../store.js';

export type SqlValue = string | number | null;

export interface RunRow {
  id: string;
  task: string;
  trigger_kind: string;
  status: string;
  attempt: number;
  max_attempts: number;
  chain_id: string;
  idempotency_key: string;
  scheduled_for: number | null;
  slot: number | null;
  created_at: number;
  not_before: number;
  queued_at: number | null;
  started_at: number | null;
  finished_at: number | null;
  duration_ms: number | null;
  parameters: string;
  result: string | null;
  error: string | null;
  reason: string | null;
  origin: string;
  owner: string | null;
  progress: number | null;
  progress_message: string | null;
  sla_breached: number;
  exclusive: number;
}

export interface TaskRow {
  name: string;
  config: string | null;
  enabled: number;
  disabled_reason: string | null;
  disabled_at: number | null;
  consecutive_failures: number;
  next_fire_at: number | null;
  schedule_key: string | null;
  flagged: number;
  flag_reason: string | null;
  overrides: string;
}

export interface AuditRow {
  id: number;
  at: number;
  actor: string;
  action: string;
  task: string | null;
  details: string;
}

export interface AlertRow {
  id: number;
  at: number;
  kind: string;
  severity: string;
  task: string | null;
  message: string;
  details: string;
}

/** JSON text for a value, or NULL for null/undefined. Throws EVOLVE_STORE_FAILED for what JSON cannot hold. */
export function toJson(value: unknown, what: string): string | null {
  if (value === undefined || value === null) return null;
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw new EvolveError('EVOLVE_STORE_FAILED', `${what} cannot be stored as JSON: ${describeError(error)}`, { cause: error });
  }
  return text ?? null;
}

export function fromJson(text: string | null): unknown {
  return text === null ? null : (JSON.parse(text) as unknown);
}

function fromJsonObject(text: string | null): Record<string, unknown> {
  const value = fromJson(text);
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Column order of INSERT INTO runs, matching `runValues`. */
export const RUN_INSERT_COLUMNS = [
  'id', 'task', 'trigger_kind', 'status', 'attempt', 'max_attempts', 'chain_id', 'idempotency_key',
  'scheduled_for', 'slot', 'created_at', 'not_before', 'queued_at', 'started_at', 'finished_at',
  'duration_ms', 'parameters', 'result', 'error', 'reason', 'origin', 'owner', 'progress', 'progress_message',
  'sla_breached',
] as const;

/** The values of a new run row; `slot` is set on the first attempt of a chain only (see migrations). */
export function runValues(run: Run): SqlValue[] {
  const firstAttempt = run.id === run.chainId;
  return [
    run.id,
    run.task,
    run.trigger,
    run.status,
    run.attempt,
    run.maxAttempts,
    run.chainId,
    run.idempotencyKey,
    run.scheduledFor ?? null,
    firstAttempt ? (run.scheduledFor ?? null) : null,
    run.createdAt,
    run.notBefore,
    run.queuedAt ?? null,
    run.startedAt ?? null,
    run.finishedAt ?? null,
    run.durationMs ?? null,
    toJson(run.parameters ?? {}, `parameters of run ${run.id}`) ?? '{}',
    toJson(run.result, `result of run ${run.id}`),
    run.error ?? null,
    run.reason ?? null,
    run.origin,
    run.owner ?? null,
    run.progress ?? null,
    run.progressMessage ?? null,
    run.slaBreached ? 1 : 0,
  ];
}

export function rowToRun(row: RunRow): Run {
  return {
    id: row.id as RunId,
    task: row.task as TaskName,
    trigger: row.trigger_kind as Trigger,
    status: row.status as RunStatus,
    attempt: row.attempt,
    maxAttempts: row.max_attempts,
    chainId: row.chain_id as RunId,
    idempotencyKey: row.idempotency_key,
    scheduledFor: row.scheduled_for,
    createdAt: row.created_at,
    notBefore: row.not_before,
    queuedAt: row.queued_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    durationMs: row.duration_ms,
    parameters: fromJsonObject(row.parameters),
    result: fromJson(row.result),
    error: row.error,
    reason: row.reason,
    origin: row.origin,
    owner: row.owner,
    progress: row.progress,
    progressMessage: row.progress_message,
    slaBreached: row.sla_breached === 1,
  };
}

/** RunPatch keys → columns, in the fixed order that statement cache keys rely on. */
const RUN_PATCH_COLUMNS = {
  status: 'status',
  queuedAt: 'queued_at',
  startedAt: 'started_at',
  finishedAt: 'finished_at',
  durationMs: 'duration_ms',
  result: 'result',
  error: 'error',
  reason: 'reason',
  owner: 'owner',
  progress: 'progress',
  progressMessage: 'progress_message',
  slaBreached: 'sla_breached',
} as const satisfies Record<keyof RunPatch, string>;

const RUN_PATCH_KEYS = Object.keys(RUN_PATCH_COLUMNS) as (keyof RunPatch)[];

/** A patch as columns and values; keys whose value is undefined are left unchanged. */
export interface EncodedPatch {
  columns: string[];
  values: SqlValue[];
}

export function encodeRunPatch(id: string, patch: RunPatch): EncodedPatch {
  const columns: string[] = [];
  const values: SqlValue[] = [];
  for (const key of RUN_PATCH_KEYS) {
    const value = patch[key];
    if (value === undefined) continue;
    columns.push(RUN_PATCH_COLUMNS[key]);
    if (key === 'result') values.push(toJson(value, `result of run ${id}`));
    else if (key === 'slaBreached') values.push(value === true ? 1 : 0);
    else values.push(value as SqlValue);
  }
  return { columns, values };
}

const TASK_PATCH_COLUMNS = {
  enabled: 'enabled',
  disabledReason: 'disabled_reason',
  disabledAt: 'disabled_at',
  consecutiveFailures: 'consecutive_failures',
  nextFireAt: 'next_fire_at',
  scheduleKey: 'schedule_key',
  flagged: 'flagged',
  flagReason: 'flag_reason',
  overrides: 'overrides',
} as const satisfies Record<keyof TaskStatePatch, string>;

const TASK_PATCH_KEYS = Object.keys(TASK_PATCH_COLUMNS) as (keyof TaskStatePatch)[];

export function encodeTaskPatch(name: string, patch: TaskStatePatch): EncodedPatch {
  const columns: string[] = [];
  const values: SqlValue[] = [];
  for (const key of TASK_PATCH_KEYS) {
    const value = patch[key];
    if (value === undefined) continue;
    columns.push(TASK_PATCH_COLUMNS[key]);
    if (key === 'enabled' || key === 'flagged') values.push(value === true ? 1 : 0);
    else if (key === 'overrides') values.push(toJson(value, `overrides of task ${name}`) ?? '{}');
    else values.push(value as SqlValue);
  }
  return { columns, values };
}

export function rowToTaskState(row: TaskRow): TaskState {
  return {
    name: row.name as TaskName,
    enabled: row.enabled === 1,
    disabledReason: row.disabled_reason,
    disabledAt: row.disabled_at,
    consecutiveFailures: row.consecutive_failures,
    nextFireAt: row.next_fire_at,
    scheduleKey: row.schedule_key,
    flagged: row.flagged === 1,
    flagReason: row.flag_reason,
    overrides: fromJsonObject(row.overrides),
    config: fromJson(row.config),
  };
}

export function rowToAudit(row: AuditRow): AuditEntry & { id: number } {
  return {
    id: row.id,
    at: row.at,
    actor: row.actor,
    action: row.action,
    task: row.task as TaskName | null,
    details: fromJsonObject(row.details),
  };
}

export function rowToAlert(row: AlertRow): AlertRecord & { id: number } {
  return {
    id: row.id,
    at: row.at,
    kind: row.kind,
    severity: row.severity as AlertRecord['severity'],
    task: row.task as TaskName | null,
    message: row.message,
    details: fromJsonObject(row.details),
  };
}
