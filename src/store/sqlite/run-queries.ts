/**
 * The SQL of the `runs` and `task_counters` tables, synchronous, for one connection. Statements
 * are prepared once; those whose shape depends on the call (which patch fields, which statuses)
 * are prepared on first use and cached by shape. Status lists are validated against RunStatus and
 * written into the SQL as literals, so the planner can use the partial indexes.
 */
import type Database from 'better-sqlite3';
import { FINISHED_STATUSES, RUN_STATUSES, type RunStatus } from '../../model/run.js';
import type { BatchContext } from './group-commit.js';
import { type EncodedPatch, RUN_INSERT_COLUMNS, type RunRow, type SqlValue } from './rows.js';

type Stmt<R = unknown> = Database.Statement<SqlValue[], R>;

/** Finished statuses that count as an outcome for success rates (`TaskStats.recent`). */
const OUTCOME_SQL = `('succeeded', 'failed', 'timed_out')`;
/** Finished statuses that settle a dependency (`TaskStats.lastFinished`). */
const SETTLED_SQL = `('succeeded', 'failed', 'timed_out', 'cancelled', 'interrupted')`;
const FINISHED_SQL = `(${[...FINISHED_STATUSES].map((s) => `'${s}'`).join(', ')})`;

export function statusListSql(statuses: readonly RunStatus[]): string {
  for (const status of statuses) {
    if (!RUN_STATUSES.includes(status)) throw new TypeError(`unknown run status "${String(status)}": use one of ${RUN_STATUSES.join(', ')}`);
  }
  return `(${statuses.map((s) => `'${s}'`).join(', ')})`;
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && (error as { code: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE';
}

export interface ListShape {
  task: boolean;
  statuses: readonly RunStatus[] | null;
  beforeId: boolean;
}

export class RunQueries {
  readonly #db: Database.Database;
  readonly #insert: Stmt;
  readonly #get: Stmt<RunRow>;
  readonly #countFinished: Stmt;
  readonly #pending: Stmt<RunRow>;
  readonly #foreignPending: Stmt<RunRow>;
  readonly #orphaned: Stmt<RunRow>;
  readonly #totals: Stmt<{ status: string; count: number }>;
  readonly #recent: Stmt<{ status: string; duration_ms: number | null; finished_at: number }>;
  readonly #lastRun: Stmt<RunRow>;
  readonly #lastSuccess: Stmt<RunRow>;
  readonly #lastFinished: Stmt<RunRow>;
  readonly #pruneChunk: Stmt<string>;
  readonly #taskOf: Stmt<string>;
  readonly #countedTasks: Stmt<string>;
  readonly #cache = new Map<string, Stmt<unknown>>();

  constructor(db: Database.Database) {
    this.#db = db;
    const columns = RUN_INSERT_COLUMNS.join(', ');
    const marks = RUN_INSERT_COLUMNS.map(() => '?').join(', ');
    const prepare = <R>(sql: string): Stmt<R> => db.prepare<SqlValue[], R>(sql);
    this.#insert = prepare(`INSERT INTO runs (${columns}) VALUES (${marks}) ON CONFLICT (task, slot) WHERE slot IS NOT NULL DO NOTHING`);
    this.#get = prepare('SELECT * FROM runs WHERE id = ?');
    this.#taskOf = prepare<string>('SELECT task FROM runs WHERE id = ?').pluck();
    this.#countedTasks = prepare<string>('SELECT DISTINCT task FROM task_counters').pluck();
    this.#countFinished = prepare(
      'INSERT INTO task_counters (task, status, count) VALUES (?, ?, ?) ON CONFLICT (task, status) DO UPDATE SET count = count + excluded.count',
    );
    // Without statistics the planner would rather walk every run in id order than sort the few pending ones.
    this.#pending = prepare(`SELECT * FROM runs INDEXED BY runs_pending WHERE status IN ('waiting', 'queued') ORDER BY id`);
    // Two index ranges around `origin` (runs_pending), so the caller's own pending runs are never read.
    this.#foreignPending = prepare(
      `SELECT * FROM runs WHERE status IN ('waiting', 'queued') AND origin < ? AND id > ?
       UNION ALL
       SELECT * FROM runs WHERE status IN ('waiting', 'queued') AND origin > ? AND id > ?
       ORDER BY id`,
    );
    this.#orphaned = prepare(`SELECT * FROM runs WHERE status = 'running' AND (owner IS NULL OR owner <> ?) ORDER BY id`);
    this.#totals = prepare('SELECT status, count FROM task_counters WHERE task = ?');
    this.#recent = prepare(
      `SELECT status, duration_ms, finished_at FROM runs WHERE task = ? AND finished_at IS NOT NULL AND status IN ${OUTCOME_SQL}
       ORDER BY finished_at DESC, id DESC LIMIT ?`,
    );
    this.#lastRun = prepare('SELECT * FROM runs WHERE task = ? ORDER BY id DESC LIMIT 1');
    this.#lastSuccess = prepare(
      `SELECT * FROM runs WHERE task = ? AND finished_at IS NOT NULL AND status = 'succeeded' ORDER BY finished_at DESC, id DESC LIMIT 1`,
    );
    this.#lastFinished = prepare(
      `SELECT * FROM runs WHERE task = ? AND finished_at IS NOT NULL AND status IN ${SETTLED_SQL} ORDER BY finished_at DESC, id DESC LIMIT 1`,
    );
    this.#pruneChunk = prepare<string>(
      `DELETE FROM runs WHERE rowid IN (
         SELECT rowid FROM runs WHERE task = ? AND finished_at IS NOT NULL AND finished_at < ? AND status IN ${FINISHED_SQL} LIMIT ?)
       RETURNING id`,
    ).pluck();
  }

  /** Inserts one run row unless its slot is taken; counts it when it is created finished. */
  insert(values: SqlValue[], task: string, status: RunStatus, ctx: BatchContext): boolean {
    const inserted = this.#insert.run(...values).changes === 1;
    if (inserted && FINISHED_STATUSES.has(status)) ctx.countFinished(task, status);
    return inserted;
  }

  /**
   * One conditional UPDATE. `exclusive` is null unless the new status is running; then it is
   * written to the `exclusive` column, and the partial unique index refuses a second exclusive
   * running run of the task with a constraint error, which is the answer "no", not a failure.
   * The task is read back only when the run finished (for the counters): `RETURNING` on every
   * update cost ~2 µs each, a quarter of the update (measured, in-memory, 5 updates per commit).
   */
  transition(id: string, from: readonly RunStatus[], status: RunStatus, patch: EncodedPatch, exclusive: boolean | null, ctx: BatchContext): boolean {
    const key = `t|${patch.columns.join(',')}|${from.join(',')}|${exclusive === null ? '-' : 'x'}`;
    const statement = this.#cached(key, () => {
      const sets = patch.columns.map((c) => `${c} = ?`);
      if (exclusive !== null) sets.push('exclusive = ?');
      return `UPDATE runs SET ${sets.join(', ')} WHERE id = ? AND status IN ${statusListSql(from)}`;
    });
    const values = exclusive === null ? [...patch.values, id] : [...patch.values, exclusive ? 1 : 0, id];
    let changes: number;
    try {
      changes = statement.run(...values).changes;
    } catch (error) {
      if (exclusive === true && isUniqueViolation(error)) return false;
      throw error;
    }
    if (changes !== 1) return false;
    if (FINISHED_STATUSES.has(status)) ctx.countFinished(this.#taskOf.get(id)!, status);
    return true;
  }

  patch(id: string, patch: EncodedPatch): void {
    if (patch.columns.length === 0) return;
    const statement = this.#cached(`p|${patch.columns.join(',')}`, () => `UPDATE runs SET ${patch.columns.map((c) => `${c} = ?`).join(', ')} WHERE id = ?`);
    statement.run(...patch.values, id);
  }

  /** Adds a batch's finished runs to the lifetime counters (one upsert per task and status). */
  applyCounters(ctx: BatchContext): void {
    for (const [key, count] of ctx.finished) {
      const separator = key.indexOf('\u0000');
      this.#countFinished.run(key.slice(0, separator), key.slice(separator + 1), count);
    }
  }

  get(id: string): RunRow | undefined {
    return this.#get.get(id);
  }

  list(shape: ListShape, values: SqlValue[]): RunRow[] {
    const key = `l|${shape.task ? 't' : ''}|${shape.statuses?.join(',') ?? '*'}|${shape.beforeId ? 'b' : ''}`;
    const statement = this.#cached<RunRow>(key, () => {
      const where: string[] = [];
      if (shape.task) where.push('task = ?');
      if (shape.statuses !== null) where.push(`status IN ${statusListSql(shape.statuses)}`);
      if (shape.beforeId) where.push('id < ?');
      // Few runs are pending or running among many finished ones: read those from their partial
      // index rather than walk the whole history newest first (with a task, runs_task_id serves).
      let from = 'runs';
      const statuses = shape.statuses ?? [];
      if (!shape.task && statuses.length > 0 && statuses.every((s) => s === 'running')) {
        from = 'runs INDEXED BY runs_running';
        where.push(`status = 'running'`);
      } else if (!shape.task && statuses.length > 0 && statuses.every((s) => s === 'waiting' || s === 'queued')) {
        from = 'runs INDEXED BY runs_pending';
        where.push(`status IN ('waiting', 'queued')`);
      }
      return `SELECT * FROM ${from} ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`;
    });
    return statement.all(...values);
  }

  pending(): RunRow[] {
    return this.#pending.all();
  }

  /** Pending runs recorded by any origin but `origin`, with an id after `afterId` ('' for all). */
  foreignPending(origin: string, afterId: string): RunRow[] {
    return this.#foreignPending.all(origin, afterId, origin, afterId);
  }

  orphaned(liveOwner: string): RunRow[] {
    return this.#orphaned.all(liveOwner);
  }

  totals(task: string): { status: string; count: number }[] {
    return this.#totals.all(task);
  }

  recent(task: string, window: number): { status: string; duration_ms: number | null; finished_at: number }[] {
    return this.#recent.all(task, window);
  }

  lastRun(task: string): RunRow | undefined {
    return this.#lastRun.get(task);
  }

  lastSuccess(task: string): RunRow | undefined {
    return this.#lastSuccess.get(task);
  }

  lastFinished(task: string): RunRow | undefined {
    return this.#lastFinished.get(task);
  }

  /** Tasks that have finished runs: every run that finishes is counted, so task_counters names them all. */
  tasksWithFinishedRuns(): string[] {
    return this.#countedTasks.all();
  }

  /** Deletes up to `limit` finished runs of `task` that finished before `before`; returns their ids. */
  pruneChunk(task: string, before: number, limit: number): string[] {
    return this.#pruneChunk.all(task, before, limit);
  }

  #cached<R>(key: string, sql: () => string): Stmt<R> {
    let statement = this.#cache.get(key);
    if (statement === undefined) {
      statement = this.#db.prepare<SqlValue[], unknown>(sql());
      this.#cache.set(key, statement);
    }
    return statement as Stmt<R>;
  }
}
