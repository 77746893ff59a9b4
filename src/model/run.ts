/**
 * A run is one execution attempt of a task. Retries are new runs that share the first attempt's
 * `chainId` (and so its idempotency key); every attempt is recorded.
 */
import type { RunId, TaskName } from './ids.js';

export const RunStatus = {
  /** Due, but an upstream dependency is not satisfied yet; `reason` says which. */
  waiting: 'waiting',
  /** Ready to start when a concurrency slot is free (not before `notBefore`). */
  queued: 'queued',
  /** Claimed by a process and its agent called. */
  running: 'running',
  succeeded: 'succeeded',
  /** The agent threw or returned an error; `error` says what. */
  failed: 'failed',
  /** The agent did not finish before `timeout_minutes`; its AbortSignal fired. */
  timed_out: 'timed_out',
  /** Stopped by a person (API/CLI) before it finished. */
  cancelled: 'cancelled',
  /** Never started: a condition was false, overlap, dependency timeout, disabled, misfire; `reason` says which. */
  skipped: 'skipped',
  /** Was running when its process died or was stopped past the grace period. */
  interrupted: 'interrupted',
} as const;
export type RunStatus = (typeof RunStatus)[keyof typeof RunStatus];

export const RUN_STATUSES = Object.values(RunStatus);

export const FINISHED_STATUSES: ReadonlySet<RunStatus> = new Set([
  'succeeded',
  'failed',
  'timed_out',
  'cancelled',
  'skipped',
  'interrupted',
]);

/** Finished statuses that count as an attempt that did not succeed and may be retried. */
export const RETRYABLE_STATUSES: ReadonlySet<RunStatus> = new Set(['failed', 'timed_out', 'interrupted']);

const TRANSITIONS: Readonly<Record<RunStatus, readonly RunStatus[]>> = {
  waiting: ['queued', 'skipped', 'cancelled'],
  queued: ['running', 'waiting', 'skipped', 'cancelled'],
  running: ['succeeded', 'failed', 'timed_out', 'cancelled', 'interrupted'],
  succeeded: [],
  failed: [],
  timed_out: [],
  cancelled: [],
  skipped: [],
  interrupted: [],
};

export function canTransition(from: RunStatus, to: RunStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Throws on an illegal transition: that is a bug in the engine, never something to paper over. */
export function assertTransition(runId: string, from: RunStatus, to: RunStatus): void {
  if (!canTransition(from, to)) {
    throw new Error(`illegal run transition for ${runId}: ${from} -> ${to}`);
  }
}

export const Trigger = {
  schedule: 'schedule',
  manual: 'manual',
  command: 'command',
  retry: 'retry',
  recovery: 'recovery',
} as const;
export type Trigger = (typeof Trigger)[keyof typeof Trigger];

export interface Run {
  id: RunId;
  task: TaskName;
  trigger: Trigger;
  status: RunStatus;
  /** Attempt number, 1 for the first. */
  attempt: number;
  /** Total attempts allowed for this chain (1 + retry_count at the time it was created). */
  maxAttempts: number;
  /** Id of the first attempt of this chain (equal to `id` for the first attempt). */
  chainId: RunId;
  /** Key an agent uses to make side effects happen once per chain: stable across retries and restarts. */
  idempotencyKey: string;
  /** The schedule slot this run fills (epoch ms), for scheduled runs; unique per task. */
  scheduledFor: number | null;
  createdAt: number;
  /** Earliest start (epoch ms): retries wait for their delay. */
  notBefore: number;
  queuedAt: number | null;
  startedAt: number | null;
  finishedAt: number | null;
  durationMs: number | null;
  parameters: Record<string, unknown>;
  result: unknown;
  error: string | null;
  /** Why a run waits, was skipped or interrupted, in words a person reads. */
  reason: string | null;
  /** The process that recorded the run: an orchestrator instance id, or `cli:<pid>` for a run submitted from the command line. */
  origin: string;
  /** The instance (process) that claimed it. */
  owner: string | null;
  progress: number | null;
  progressMessage: string | null;
  /** True when the run passed `max_duration_minutes` (an SLA, not a kill). */
  slaBreached: boolean;
}
