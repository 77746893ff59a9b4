/**
 * The embedded store: one SQLite file in WAL mode (or `:memory:`), for one machine.
 *
 * Writes go through a group-commit queue (see group-commit.ts): each returns a promise that
 * resolves after the COMMIT of the transaction it shared with the writes queued in the same turn
 * of the event loop. Reads commit whatever is queued first, synchronously, so a read sees every
 * write called before it. Other processes may open the same file: WAL lets them read while this
 * one writes, and `busy_timeout` makes writers wait for each other up to 5 s.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { systemClock } from '../../clock.js';
import { describeError, EvolveError } from '../../errors.js';
import type { RunId, TaskName } from '../../model/ids.js';
import { assertTransition, type Run, type RunStatus } from '../../model/run.js';
import { capRunLogLine, RUN_LOG_MAX_LINES } from '../run-log-limits.js';
import type {
  AlertFilter, AlertRecord, AuditEntry, AuditFilter, InstanceInfo, LeaseResult, RunFilter, RunLog, RunLogLine, RunPatch, Store, StoreCapabilities, StoreDescription,
  TaskState, NextFire, TaskStatePatch, TaskStats,
} from '../store.js';
import { backupDatabase, restoreDatabase, type BackupResult, type RestoreResult } from './backup.js';
import { type CheckpointStats, WalCheckpointer } from './checkpointer.js';
import { BUSY_TIMEOUT_MS, configureConnection } from './connection.js';
import { GroupCommitQueue, type WriteOp } from './group-commit.js';
import { LogQueries, type LogRowValues } from './log-queries.js';
import { checkSchema, LATEST_SCHEMA_VERSION, migrate } from './migrations.js';
import { RunQueries } from './run-queries.js';
import {
  encodeRunPatch, encodeTaskPatch, rowToAlert, rowToAudit, rowToRun, rowToTaskState, runValues, type SqlValue, toJson,
} from './rows.js';
import { type ListingFilter, StateQueries } from './state-queries.js';

export interface SqliteStoreOptions {
  /** A file path (its folder is created when missing) or `:memory:`. */
  path: string;
  /** `normal` (default): a commit survives a process crash, not a power loss. `full`: fsync on every commit. */
  synchronous?: 'normal' | 'full';
  /** Open an existing store for reading only (status, history); every write rejects. */
  readonly?: boolean;
  /** Source of `updated_at` and migration times; defaults to the system clock. */
  clock?: { now(): number };
  /** Told when WAL checkpoints start failing (the error) and when they work again (null); see checkpointer.ts. */
  onCheckpointTrouble?: (error: string | null) => void;
}

/** Writes that make a batch commit at once instead of on the next turn of the event loop. */
const MAX_BATCH = 500;
/** The WAL checkpointer's bounds: after this many commits, and at most this long after one. */
const CHECKPOINT_EVERY_COMMITS = 100;
const CHECKPOINT_MAX_DELAY_MS = 1000;
/** Runs deleted per transaction by pruneRuns, so other writers wait milliseconds, not seconds. */
const PRUNE_CHUNK = 1000;
const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 10_000;

interface Connection {
  db: Database.Database;
  queue: GroupCommitQueue;
  runs: RunQueries;
  state: StateQueries;
  logs: LogQueries;
  /** Null for `:memory:` and read-only stores. */
  checkpointer: WalCheckpointer | null;
}

function clampLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_LIMIT;
  return Math.min(MAX_LIMIT, Math.max(0, Math.floor(limit)));
}

function listingFilter(filter: AuditFilter | AlertFilter): ListingFilter {
  return { task: filter.task ?? null, since: filter.since ?? null, beforeId: filter.beforeId ?? null };
}

function sqliteCode(error: unknown): string | null {
  const code = typeof error === 'object' && error !== null && 'code' in error ? (error as { code: unknown }).code : null;
  return typeof code === 'string' ? code : null;
}

export class SqliteStore implements Store {
  readonly capabilities: StoreCapabilities = { multiNode: false };

  describe(): StoreDescription {
    return { backend: 'sqlite', location: this.#path, schemaVersion: LATEST_SCHEMA_VERSION };
  }
  readonly #path: string;
  readonly #synchronous: 'normal' | 'full';
  readonly #readonly: boolean;
  readonly #now: () => number;
  readonly #onCheckpointTrouble: ((error: string | null) => void) | undefined;
  #conn: Connection | null = null;

  constructor(options: SqliteStoreOptions) {
    this.#path = options.path;
    this.#synchronous = options.synchronous ?? 'normal';
    this.#readonly = options.readonly ?? false;
    const clock = options.clock ?? systemClock;
    this.#now = () => clock.now();
    this.#onCheckpointTrouble = options.onCheckpointTrouble;
  }

  get path(): string {
    return this.#path;
  }

  /** Commits made so far (group commit makes this far smaller than the number of writes). */
  get commits(): number {
    return this.#conn?.queue.commits ?? 0;
  }

  /** The WAL checkpointer's counters; null when closed, in memory or read-only. */
  get checkpoints(): Readonly<CheckpointStats> | null {
    return this.#conn?.checkpointer?.stats ?? null;
  }

  async open(): Promise<void> {
    if (this.#conn !== null) return;
    const memory = this.#path === ':memory:';
    let db: Database.Database | null = null;
    try {
      if (!memory && !this.#readonly) mkdirSync(dirname(resolve(this.#path)), { recursive: true });
      db = new Database(this.#path, { readonly: this.#readonly, fileMustExist: this.#readonly });
      if (this.#readonly) {
        db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
        checkSchema(db, this.#path);
      } else {
        // Tried, and no clear gain above this VM's noise (so SQLite's defaults stay): page_size 1024–8192,
        // cache_size, mmap. Checkpoints are another matter: see checkpointer.ts.
        configureConnection(db, { synchronous: this.#synchronous });
        migrate(db, this.#path, this.#now);
      }
      const checkpointer =
        memory || this.#readonly
          ? null
          : new WalCheckpointer({ path: this.#path, everyCommits: CHECKPOINT_EVERY_COMMITS, maxDelayMs: CHECKPOINT_MAX_DELAY_MS, onTrouble: this.#onCheckpointTrouble });
      const runs = new RunQueries(db);
      const state = new StateQueries(db);
      const queue = new GroupCommitQueue({
        db,
        beforeCommit: (ctx) => runs.applyCounters(ctx),
        wrapError: (operation, error) => this.#wrapError(operation, error),
        maxBatch: MAX_BATCH,
        afterCommit: checkpointer === null ? undefined : () => checkpointer.committed(),
      });
      this.#conn = { db, queue, runs, state, logs: new LogQueries(db), checkpointer };
    } catch (error) {
      db?.close();
      throw this.#wrapError('open', error);
    }
  }

  async close(): Promise<void> {
    const conn = this.#conn;
    if (conn === null) return;
    this.#conn = null;
    try {
      conn.queue.flush();
      await conn.checkpointer?.close();
    } finally {
      conn.db.close();
    }
  }

  // ── instances and leases ──────────────────────────────────────────────────

  async registerInstance(instance: InstanceInfo): Promise<void> {
    return this.#write('registerInstance', (c) => c.state.registerInstance(instance));
  }

  async heartbeat(instanceId: string, now: number): Promise<void> {
    return this.#write('heartbeat', (c) => c.state.heartbeat(instanceId, now));
  }

  async markInstanceStopped(instanceId: string, now: number): Promise<void> {
    return this.#write('markInstanceStopped', (c) => c.state.stopInstance(instanceId, now));
  }

  async acquireLease(
    name: string,
    owner: InstanceInfo,
    ttlMs: number,
    now: number,
    isDead: (holder: InstanceInfo) => boolean,
  ): Promise<LeaseResult> {
    return this.#write('acquireLease', (c) => c.state.acquireLease(name, owner, ttlMs, now, isDead));
  }

  async releaseLease(name: string, ownerId: string): Promise<void> {
    return this.#write('releaseLease', (c) => c.state.releaseLease(name, ownerId));
  }

  async leaseHolder(name: string, ttlMs: number, now: number): Promise<(InstanceInfo & { heartbeatAt: number }) | null> {
    return this.#read('leaseHolder', (c) => c.state.leaseHolder(name, ttlMs, now));
  }

  // ── tasks ─────────────────────────────────────────────────────────────────

  async syncTasks(tasks: readonly { name: TaskName; config: unknown }[]): Promise<TaskState[]> {
    const rows = tasks.map((t) => ({ name: t.name, config: toJson(t.config, `configuration of task ${t.name}`) }));
    return this.#write('syncTasks', (c) => {
      const now = this.#now();
      for (const row of rows) c.state.upsertConfig(row.name, row.config, now);
      return rows.map((row) => rowToTaskState(c.state.getTask(row.name)!));
    });
  }

  async getTaskStates(): Promise<TaskState[]> {
    return this.#read('getTaskStates', (c) => c.state.allTasks().map(rowToTaskState));
  }

  async getTaskState(name: TaskName): Promise<TaskState | null> {
    return this.#read('getTaskState', (c) => {
      const row = c.state.getTask(name);
      return row === undefined ? null : rowToTaskState(row);
    });
  }

  async updateTaskState(name: TaskName, patch: TaskStatePatch): Promise<void> {
    const encoded = encodeTaskPatch(name, patch);
    return this.#write('updateTaskState', (c) => c.state.patchTask(name, encoded, this.#now()));
  }

  // ── runs ──────────────────────────────────────────────────────────────────

  async insertRuns(runs: readonly Run[], nextFires: readonly NextFire[] = []): Promise<{ inserted: RunId[] }> {
    const rows = runs.map((run) => ({ run, values: runValues(run) }));
    return this.#write('insertRuns', (c, ctx) => {
      const inserted: RunId[] = [];
      for (const { run, values } of rows) {
        if (c.runs.insert(values, run.task, run.status, ctx)) inserted.push(run.id);
      }
      for (const next of nextFires) c.state.setNextFire(next.task, next.at, next.scheduleKey, this.#now());
      return { inserted };
    });
  }

  async transitionRun(
    id: RunId,
    from: readonly RunStatus[],
    patch: RunPatch & { status: RunStatus },
    options?: { exclusive?: boolean },
  ): Promise<boolean> {
    // An illegal transition is a bug in the caller: it throws rather than being silently refused.
    for (const status of from) assertTransition(id, status, patch.status);
    if (from.length === 0) return false;
    const encoded = encodeRunPatch(id, patch);
    const exclusive = patch.status === 'running' ? options?.exclusive === true : null;
    return this.#write('transitionRun', (c, ctx) => c.runs.transition(id, from, patch.status, encoded, exclusive, ctx));
  }

  async patchRun(id: RunId, patch: Omit<RunPatch, 'status'>): Promise<void> {
    const { status: _ignored, ...fields } = patch as RunPatch;
    const encoded = encodeRunPatch(id, fields);
    return this.#write('patchRun', (c) => c.runs.patch(id, encoded));
  }

  async getRun(id: RunId): Promise<Run | null> {
    return this.#read('getRun', (c) => {
      const row = c.runs.get(id);
      return row === undefined ? null : rowToRun(row);
    });
  }

  async listRuns(filter: RunFilter): Promise<Run[]> {
    const statuses = filter.status === undefined ? null : typeof filter.status === 'string' ? [filter.status] : [...filter.status];
    const limit = clampLimit(filter.limit);
    if (limit === 0 || statuses?.length === 0) return [];
    const values: SqlValue[] = [];
    if (filter.task !== undefined) values.push(filter.task);
    if (filter.beforeId !== undefined) values.push(filter.beforeId);
    values.push(limit);
    const shape = { task: filter.task !== undefined, statuses, beforeId: filter.beforeId !== undefined };
    return this.#read('listRuns', (c) => c.runs.list(shape, values).map(rowToRun));
  }

  async listOrphanedRuns(liveOwner: string): Promise<Run[]> {
    return this.#read('listOrphanedRuns', (c) => c.runs.orphaned(liveOwner).map(rowToRun));
  }

  async listPendingRuns(): Promise<Run[]> {
    return this.#read('listPendingRuns', (c) => c.runs.pending().map(rowToRun));
  }

  async listForeignPendingRuns(origin: string, afterId: RunId | null): Promise<Run[]> {
    return this.#read('listForeignPendingRuns', (c) => c.runs.foreignPending(origin, afterId ?? '').map(rowToRun));
  }

  async taskStats(task: TaskName, window: number): Promise<TaskStats> {
    const size = Math.max(0, Math.floor(Number.isFinite(window) ? window : 0));
    return this.#read('taskStats', (c) => {
      const totals: Partial<Record<RunStatus, number>> = {};
      for (const row of c.runs.totals(task)) totals[row.status as RunStatus] = row.count;
      const recent = c.runs.recent(task, size).map((row) => ({
        status: row.status as RunStatus,
        durationMs: row.duration_ms,
        finishedAt: row.finished_at,
      }));
      const lastRun = c.runs.lastRun(task);
      const lastSuccess = c.runs.lastSuccess(task);
      const lastFinished = c.runs.lastFinished(task);
      return {
        task,
        totals,
        recent,
        lastRun: lastRun === undefined ? null : rowToRun(lastRun),
        lastSuccess: lastSuccess === undefined ? null : rowToRun(lastSuccess),
        lastFinished: lastFinished === undefined ? null : rowToRun(lastFinished),
      };
    });
  }

  /** Deletes task by task in transactions of PRUNE_CHUNK runs, letting other writes in between. */
  async pruneRuns(before: number): Promise<number> {
    const tasks = this.#read('pruneRuns', (c) => c.runs.tasksWithFinishedRuns());
    let total = 0;
    for (const task of tasks) {
      for (;;) {
        const deleted = await this.#write('pruneRuns', (c) => {
          const ids = c.runs.pruneChunk(task, before, PRUNE_CHUNK);
          c.logs.deleteOfRuns(ids);
          return ids.length;
        });
        total += deleted;
        if (deleted < PRUNE_CHUNK) break;
      }
    }
    return total;
  }

  // ── run logs ──────────────────────────────────────────────────────────────

  /** Lines are cut and turned into values here, at the call, so a bad one rejects this call only. */
  async appendRunLog(runId: RunId, lines: readonly RunLogLine[], options: { dropped?: number } = {}): Promise<void> {
    // Only the newest RUN_LOG_MAX_LINES of one call could be kept: the rest count as dropped.
    const kept = lines.length > RUN_LOG_MAX_LINES ? lines.slice(-RUN_LOG_MAX_LINES) : lines;
    const dropped = options.dropped !== undefined && Number.isFinite(options.dropped) ? Math.max(0, Math.floor(options.dropped)) : 0;
    const skipped = dropped + (lines.length - kept.length);
    const rows = kept.map((original): LogRowValues => {
      const { line, fieldsJson } = capRunLogLine(original);
      return [line.at, line.level, line.message, fieldsJson];
    });
    return this.#write('appendRunLog', (c) => c.logs.append(runId, rows, skipped));
  }

  async getRunLog(runId: RunId, options: { limit?: number } = {}): Promise<RunLog> {
    const limit = options.limit === undefined || !Number.isFinite(options.limit) ? RUN_LOG_MAX_LINES : Math.min(RUN_LOG_MAX_LINES, Math.max(0, Math.floor(options.limit)));
    return this.#read('getRunLog', (c) => c.logs.read(runId, limit));
  }

  // ── audit and alerts ─────────────────────────────────────────────────────

  async appendAudit(entry: AuditEntry): Promise<void> {
    const details = toJson(entry.details, `details of audit entry "${entry.action}"`) ?? '{}';
    return this.#write('appendAudit', (c) => c.state.appendAudit([entry.at, entry.actor, entry.action, entry.task, details]));
  }

  async listAudit(filter: AuditFilter): Promise<(AuditEntry & { id: number })[]> {
    const limit = clampLimit(filter.limit);
    return this.#read('listAudit', (c) => c.state.listAudit(listingFilter(filter), limit).map(rowToAudit));
  }

  async appendAlert(alert: AlertRecord): Promise<void> {
    const details = toJson(alert.details, `details of alert "${alert.kind}"`) ?? '{}';
    return this.#write('appendAlert', (c) =>
      c.state.appendAlert([alert.at, alert.kind, alert.severity, alert.task, alert.message, details]),
    );
  }

  async listAlerts(filter: AlertFilter): Promise<(AlertRecord & { id: number })[]> {
    const limit = clampLimit(filter.limit);
    // An empty list of severities matches nothing, as asked.
    if (filter.severities?.length === 0) return [];
    const severities = filter.severities === undefined ? null : [...new Set(filter.severities)].sort();
    return this.#read('listAlerts', (c) => c.state.listAlerts(listingFilter(filter), severities, limit).map(rowToAlert));
  }

  async pruneAlerts(before: number): Promise<number> {
    return this.#write('pruneAlerts', (c) => c.state.pruneAlerts(before));
  }

  // ── backup ────────────────────────────────────────────────────────────────

  /** A consistent, checked copy of the whole file (platform tables included) at `target`, which must not exist; see backup.ts. */
  async backup(target: string): Promise<BackupResult> {
    if (this.#path === ':memory:') throw new EvolveError('EVOLVE_USAGE', 'an in-memory store has no file to back up');
    return this.#read('backup', (c) => backupDatabase(c.db, this.#path, target));
  }

  /**
   * Puts a backup in place of the store file at `path`, setting the current files aside; no
   * process may have the store open (the caller checks that no orchestrator holds it).
   */
  static restore(backup: string, path: string, now = Date.now()): RestoreResult {
    return restoreDatabase(backup, resolve(path), now);
  }

  // ── plumbing ──────────────────────────────────────────────────────────────

  #connection(operation: string): Connection {
    if (this.#conn === null) {
      throw new EvolveError('EVOLVE_STORE_FAILED', `${operation}: the store ${this.#path} is not open (call open() first, and not after close())`);
    }
    return this.#conn;
  }

  #write<T>(operation: string, op: (conn: Connection, ctx: Parameters<WriteOp<T>>[0]) => T): Promise<T> {
    const conn = this.#connection(operation);
    if (this.#readonly) {
      throw new EvolveError('EVOLVE_STORE_FAILED', `${operation}: the store ${this.#path} was opened read-only`);
    }
    return conn.queue.enqueue(operation, (ctx) => op(conn, ctx));
  }

  /** Commits queued writes first, so the read sees them. */
  #read<T>(operation: string, query: (conn: Connection) => T): T {
    const conn = this.#connection(operation);
    conn.queue.flush();
    try {
      return query(conn);
    } catch (error) {
      throw this.#wrapError(operation, error);
    }
  }

  #wrapError(operation: string, error: unknown): Error {
    if (error instanceof EvolveError) return error;
    if (sqliteCode(error)?.startsWith('SQLITE_BUSY')) {
      return new EvolveError(
        'EVOLVE_STORE_LOCKED',
        `${operation}: another process kept ${this.#path} locked for more than ${BUSY_TIMEOUT_MS} ms (${describeError(error)})`,
        { cause: error },
      );
    }
    return new EvolveError('EVOLVE_STORE_FAILED', `${operation} failed on ${this.#path}: ${describeError(error)}`, { cause: error });
  }
}
