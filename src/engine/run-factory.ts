/** Building Run records: first attempts and retries. */
import { newRunId } from '../model/ids.js';
import type { Run, RunStatus, Trigger } from '../model/run.js';
import type { TaskConfig } from '../model/task.js';
import type { AuditEntry } from '../store/store.js';

export interface NewRunOptions {
  task: TaskConfig;
  trigger: Trigger;
  now: number;
  /** Who records it: the orchestrator's instance id, or `cli:<pid>`. */
  origin: string;
  scheduledFor?: number | null;
  status?: RunStatus;
  reason?: string | null;
  parameters?: Readonly<Record<string, unknown>>;
}

export function newRun(options: NewRunOptions): Run {
  const id = newRunId(options.now);
  const status = options.status ?? 'queued';
  const finished = status === 'skipped';
  return {
    id,
    task: options.task.name,
    trigger: options.trigger,
    status,
    attempt: 1,
    maxAttempts: 1 + options.task.retryCount,
    chainId: id,
    idempotencyKey: `${options.task.name}:${id}`,
    scheduledFor: options.scheduledFor ?? null,
    createdAt: options.now,
    notBefore: options.now,
    queuedAt: status === 'queued' ? options.now : null,
    startedAt: null,
    finishedAt: finished ? options.now : null,
    durationMs: null,
    parameters: { ...(options.parameters ?? {}) },
    result: null,
    error: null,
    reason: options.reason ?? null,
    origin: options.origin,
    owner: null,
    progress: null,
    progressMessage: null,
    slaBreached: false,
  };
}

/** The next attempt of a chain: same chain, slot and idempotency key, not before `notBefore`. */
export function retryOf(previous: Run, trigger: Trigger, now: number, notBefore: number, origin: string): Run {
  const id = newRunId(now);
  return {
    ...previous,
    id,
    trigger,
    status: 'queued',
    attempt: previous.attempt + 1,
    createdAt: now,
    notBefore,
    queuedAt: now,
    startedAt: null,
    finishedAt: null,
    durationMs: null,
    result: null,
    error: null,
    reason: `attempt ${previous.attempt + 1} of ${previous.maxAttempts} after ${previous.status} run ${previous.id}`,
    origin,
    owner: null,
    progress: null,
    progressMessage: null,
    slaBreached: false,
  };
}

/** The audit entry of a run someone asked for (`evolve run`, the API's Run now, a command). */
export function runRequestAudit(run: Run, actor: string, now: number): AuditEntry {
  return { at: now, actor, action: 'task.run', task: run.task, details: { runId: run.id, trigger: run.trigger, parameters: run.parameters } };
}
