/**
 * Engine objects as the API shows them: instants as ISO-8601 strings, and every value that may
 * carry a secret (parameters, results, overrides, configuration) passed through the SecretFilter.
 */
import type { z } from 'zod';
import { taskToRaw } from '../config/task-to-raw.js';
import type { SystemStatus, TaskStatus } from '../engine/status.js';
import type { Run } from '../model/run.js';
import type { TaskConfig } from '../model/task.js';
import type { RunDetail, RunSummary } from './response-schemas.js';
import type { SecretFilter } from './secret-filter.js';

const iso = (ms: number): string => new Date(ms).toISOString();
const isoOrNull = (ms: number | null): string | null => (ms === null ? null : iso(ms));

export type RunSummaryView = z.output<typeof RunSummary>;
export type RunDetailView = z.output<typeof RunDetail>;

export function runSummary(run: Run): RunSummaryView {
  return {
    id: run.id,
    task: run.task,
    trigger: run.trigger,
    status: run.status,
    attempt: run.attempt,
    maxAttempts: run.maxAttempts,
    chainId: run.chainId,
    idempotencyKey: run.idempotencyKey,
    scheduledFor: isoOrNull(run.scheduledFor),
    createdAt: iso(run.createdAt),
    notBefore: iso(run.notBefore),
    queuedAt: isoOrNull(run.queuedAt),
    startedAt: isoOrNull(run.startedAt),
    finishedAt: isoOrNull(run.finishedAt),
    durationMs: run.durationMs,
    error: run.error,
    reason: run.reason,
    origin: run.origin,
    owner: run.owner,
    progress: run.progress,
    progressMessage: run.progressMessage,
    slaBreached: run.slaBreached,
  };
}

export function runDetail(run: Run, secrets: SecretFilter, log?: unknown): RunDetailView {
  return {
    ...runSummary(run),
    parameters: secrets.scrub(run.parameters),
    result: secrets.scrub(run.result),
    ...(log === undefined ? {} : { log: secrets.scrub(log) }),
  };
}

export function taskStatusView(status: TaskStatus, secrets: SecretFilter): TaskStatus {
  return Object.keys(status.overrides).length === 0 ? status : { ...status, overrides: secrets.scrub(status.overrides) };
}

export function systemStatusView(status: SystemStatus, secrets: SecretFilter): SystemStatus {
  return { ...status, tasks: status.tasks.map((t) => taskStatusView(t, secrets)) };
}

/** The effective configuration as YAML keys: what PATCH accepts, secrets redacted. */
export function taskConfigView(config: TaskConfig, secrets: SecretFilter): Record<string, unknown> {
  return secrets.scrub(taskToRaw(config) as Record<string, unknown>);
}
