/**
 * The storage port. The engine speaks only these domain operations, never SQL; each backend lives
 * in its own folder (`sqlite/`, later `postgres/`) and passes the same contract suite.
 *
 * Durability contract: when a returned promise resolves, the write is committed. Backends may
 * group concurrent writes into one transaction (group commit); a write never resolves before its
 * transaction commits, and a failed transaction rejects every write in it.
 */
import type { RunId, TaskName } from '../model/ids.js';
import type { Run, RunStatus } from '../model/run.js';

export interface StoreCapabilities {
  /** Several processes (hosts) may run orchestrators on one store at once. */
  readonly multiNode: boolean;
}

/** What a store is, for `evolve check` and status output. */
export interface StoreDescription {
  backend: string;
  /** A file path or a connection target, never with a password. */
  location: string;
  /** The schema version this code writes. */
  schemaVersion: number;
}

export interface InstanceInfo {
  id: string;
  pid: number;
  host: string;
  startedAt: number;
}

export interface LeaseResult {
  acquired: boolean;
  /** Incremented on every change of holder: a fencing token. */
  token: number;
  /** The instance holding the lease when it was not acquired. */
  holder: (InstanceInfo & { heartbeatAt: number }) | null;
}

/** Runtime state of a task kept in the store, beside its configuration. */
export interface TaskState {
  name: TaskName;
  /** False when disabled at run time (error threshold, an operator); the YAML `enabled: false` is separate. */
  enabled: boolean;
  disabledReason: string | null;
  disabledAt: number | null;
  consecutiveFailures: number;
  /** The next schedule slot (epoch ms) not yet recorded, or null when there is none. */
  nextFireAt: number | null;
  /** A fingerprint of the schedule that computed nextFireAt; a change means recompute. */
  scheduleKey: string | null;
  /** Below `performance_threshold`. */
  flagged: boolean;
  flagReason: string | null;
  /** Config changes made at run time (`updateTaskConfig`), YAML keys to values, applied over the file. */
  overrides: Readonly<Record<string, unknown>>;
  /** The task's resolved configuration as last synced (JSON), for readers without the YAML. */
  config: unknown;
}

export type TaskStatePatch = Partial<Omit<TaskState, 'name' | 'config'>>;

export interface RunFilter {
  task?: TaskName;
  status?: RunStatus | readonly RunStatus[];
  /** Only runs whose id sorts before this (pagination, newest first). */
  beforeId?: RunId;
  limit?: number;
}

/** Counts and recent outcomes of one task, for status and health. */
export interface TaskStats {
  task: TaskName;
  /** Lifetime count of runs by final status (not reduced by retention). */
  totals: Partial<Record<RunStatus, number>>;
  /** Most recent finished runs that ended succeeded, failed or timed_out, newest first, at most `window`. */
  recent: readonly { status: RunStatus; durationMs: number | null; finishedAt: number }[];
  lastRun: Run | null;
  lastSuccess: Run | null;
  /** Latest run that finished succeeded, failed, timed_out, cancelled or interrupted (dependency checks). */
  lastFinished: Run | null;
}

export interface AuditEntry {
  at: number;
  /** Who did it: `cli`, `api:<token name>`, `engine`, `library`. */
  actor: string;
  action: string;
  task: TaskName | null;
  details: Readonly<Record<string, unknown>>;
}

export const ALERT_SEVERITIES = ['info', 'warning', 'critical'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

export interface AlertRecord {
  at: number;
  kind: string;
  severity: AlertSeverity;
  task: TaskName | null;
  message: string;
  details: Readonly<Record<string, unknown>>;
}

/** A task's next schedule slot, written with the runs of the slots before it. */
export interface NextFire {
  task: TaskName;
  at: number | null;
  scheduleKey: string;
}

/** Fields of a run that change after it is created. */
export type RunPatch = Partial<
  Pick<
    Run,
    | 'status'
    | 'queuedAt'
    | 'startedAt'
    | 'finishedAt'
    | 'durationMs'
    | 'result'
    | 'error'
    | 'reason'
    | 'owner'
    | 'progress'
    | 'progressMessage'
    | 'slaBreached'
  >
>;

/** The levels of a run's log lines, lowest first (pino's). */
export const RUN_LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;
export type RunLogLevel = (typeof RUN_LOG_LEVELS)[number];

/** One line a run logged (its agent through `ctx.logger`, or the engine about the run). */
export interface RunLogLine {
  /** Epoch ms. */
  at: number;
  level: RunLogLevel;
  message: string;
  /** Structured fields logged with the line (a JSON object); absent when there are none. */
  fields?: Readonly<Record<string, unknown>>;
}

/** A line as kept: `seq` is its position among every line the run logged, from 1. */
export interface StoredRunLogLine extends RunLogLine {
  seq: number;
}

/** The tail of a run's log (see RUN_LOG_MAX_LINES and RUN_LOG_MAX_LINE_BYTES in run-log-limits.ts). */
export interface RunLog {
  /** The newest kept lines, oldest first, at most the `limit` asked for. */
  lines: StoredRunLogLine[];
  /** How many lines the run logged in all, kept or not (the newest line's seq; 0 for none). */
  total: number;
  /** How many of those are no longer kept: older than the newest RUN_LOG_MAX_LINES, or dropped by the writer before they were appended. */
  dropped: number;
}

export interface Store {
  readonly capabilities: StoreCapabilities;
  describe(): StoreDescription;
  /** Creates or migrates the schema. Idempotent. */
  open(): Promise<void>;
  /** Commits pending writes and closes. Idempotent. */
  close(): Promise<void>;

  // ── instances and leases ──────────────────────────────────────────────────
  registerInstance(instance: InstanceInfo): Promise<void>;
  /** Records that the instance is alive at `now`. */
  heartbeat(instanceId: string, now: number): Promise<void>;
  markInstanceStopped(instanceId: string, now: number): Promise<void>;
  /**
   * Takes the named lease for `owner` when it is free, expired (holder's heartbeat older than
   * `ttlMs`), already the owner's, or when `isDead(holder)` says the holder's process is gone.
   */
  acquireLease(
    name: string,
    owner: InstanceInfo,
    ttlMs: number,
    now: number,
    isDead: (holder: InstanceInfo) => boolean,
  ): Promise<LeaseResult>;
  releaseLease(name: string, ownerId: string): Promise<void>;
  /** The current holder of a lease whose heartbeat is within ttlMs, or null. */
  leaseHolder(name: string, ttlMs: number, now: number): Promise<(InstanceInfo & { heartbeatAt: number }) | null>;

  // ── tasks ─────────────────────────────────────────────────────────────────
  /** Upserts each task's configuration snapshot; creates state rows for new tasks. Returns the state of all given tasks. */
  syncTasks(tasks: readonly { name: TaskName; config: unknown }[]): Promise<TaskState[]>;
  getTaskStates(): Promise<TaskState[]>;
  getTaskState(name: TaskName): Promise<TaskState | null>;
  updateTaskState(name: TaskName, patch: TaskStatePatch): Promise<void>;

  // ── runs ──────────────────────────────────────────────────────────────────
  /**
   * Inserts runs. A run whose (task, scheduledFor) slot is already recorded is not inserted (one
   * slot, one record); the result lists the ids inserted. Optionally sets tasks' next fire times
   * in the same transaction, so a slot is never both recorded and fired again after a crash.
   */
  insertRuns(runs: readonly Run[], nextFires?: readonly NextFire[]): Promise<{ inserted: RunId[] }>;
  /**
   * Moves a run from one of `from` to the patch's status. Resolves false (and changes nothing) when
   * the run is no longer in one of `from`, or when the store refuses it (a second running run of a
   * task that does not allow concurrent execution: `exclusive`).
   */
  transitionRun(id: RunId, from: readonly RunStatus[], patch: RunPatch & { status: RunStatus }, options?: { exclusive?: boolean }): Promise<boolean>;
  /** Progress and other non-status fields of a running run. */
  patchRun(id: RunId, patch: Omit<RunPatch, 'status'>): Promise<void>;
  getRun(id: RunId): Promise<Run | null>;
  /** Newest first. */
  listRuns(filter: RunFilter): Promise<Run[]>;
  /** Runs in `running` whose owner is not `liveOwner`; used at start to find interrupted runs. */
  listOrphanedRuns(liveOwner: string): Promise<Run[]>;
  /** Runs in waiting or queued, oldest first (reloaded into memory at start). */
  listPendingRuns(): Promise<Run[]>;
  /**
   * Waiting or queued runs recorded by another process (`origin` ≠ `origin`) with an id after
   * `afterId`, oldest first: how a running orchestrator notices a CLI `run`. Must not scan the
   * runs of `origin` itself (there may be 100,000 of them queued).
   */
  listForeignPendingRuns(origin: string, afterId: RunId | null): Promise<Run[]>;
  taskStats(task: TaskName, window: number): Promise<TaskStats>;
  /** Deletes finished runs that finished before `before`, with their log lines; returns how many runs. */
  pruneRuns(before: number): Promise<number>;

  // ── run logs ──────────────────────────────────────────────────────────────
  /**
   * Appends lines to a run's log, after the lines appended before. Each line is cut to
   * RUN_LOG_MAX_LINE_BYTES (`capRunLogLine`), and only the run's newest RUN_LOG_MAX_LINES are kept:
   * older ones are deleted and counted in `RunLog.dropped`. `dropped` says how many lines the
   * writer itself dropped just before these (they count in seq and `RunLog.dropped`). Lines of a
   * run the store does not have (never recorded, or pruned) are ignored. Callers append one run's
   * lines one call at a time (awaiting each), which keeps them in order.
   */
  appendRunLog(runId: RunId, lines: readonly RunLogLine[], options?: { dropped?: number }): Promise<void>;
  /** The newest `limit` (default and at most RUN_LOG_MAX_LINES) kept lines of a run; empty for a run without lines or unknown. */
  getRunLog(runId: RunId, options?: { limit?: number }): Promise<RunLog>;

  // ── audit and alerts ─────────────────────────────────────────────────────
  appendAudit(entry: AuditEntry): Promise<void>;
  /** Newest first (by id); page with `beforeId`, the previous page's last id. */
  listAudit(filter: AuditFilter): Promise<(AuditEntry & { id: number })[]>;
  appendAlert(alert: AlertRecord): Promise<void>;
  /** Newest first (by id); page with `beforeId`, the previous page's last id. */
  listAlerts(filter: AlertFilter): Promise<(AlertRecord & { id: number })[]>;
  /** Deletes alerts sent before `before`; returns how many. (The audit trail is never pruned.) */
  pruneAlerts(before: number): Promise<number>;
}

export interface AuditFilter {
  task?: TaskName;
  /** Entries at or after this instant (ms). */
  since?: number;
  /** Entries with a smaller id: the cursor of the next page. */
  beforeId?: number;
  limit?: number;
}

export interface AlertFilter {
  task?: TaskName;
  /** Only these severities (all when absent). */
  severities?: readonly AlertSeverity[];
  /** Alerts at or after this instant (ms). */
  since?: number;
  /** Alerts with a smaller id: the cursor of the next page. */
  beforeId?: number;
  limit?: number;
}
