/**
 * The SQL of the `run_logs` table, synchronous, for one connection. A run's lines are numbered
 * from 1 (`seq`, counting the lines dropped too); after each append only the newest
 * RUN_LOG_MAX_LINES are kept, so the first kept seq says how many were dropped and no counter is
 * needed. Every statement is a range of the (run_id, seq) index.
 */
import type Database from 'better-sqlite3';
import type { RunLog, RunLogLevel, StoredRunLogLine } from '../store.js';
import { RUN_LOG_MAX_LINES } from '../run-log-limits.js';
import type { SqlValue } from './rows.js';

type Stmt<R = unknown> = Database.Statement<SqlValue[], R>;

/** A line ready to insert: at, level, message, fields JSON (already capped). */
export type LogRowValues = readonly [at: number, level: RunLogLevel, message: string, fields: string | null];

interface LogRow {
  seq: number;
  at: number;
  level: string;
  message: string;
  fields: string | null;
}

function rowToLine(row: LogRow): StoredRunLogLine {
  const line: StoredRunLogLine = { seq: row.seq, at: row.at, level: row.level as RunLogLevel, message: row.message };
  if (row.fields !== null) line.fields = JSON.parse(row.fields) as Record<string, unknown>;
  return line;
}

export class LogQueries {
  readonly #runExists: Stmt<number>;
  readonly #lastSeq: Stmt<number | null>;
  readonly #insert: Stmt;
  readonly #trim: Stmt;
  readonly #tail: Stmt<LogRow>;
  readonly #bounds: Stmt<{ first: number | null; last: number | null }>;
  readonly #deleteOfRun: Stmt;

  constructor(db: Database.Database) {
    const prepare = <R>(sql: string): Stmt<R> => db.prepare<SqlValue[], R>(sql);
    this.#runExists = prepare<number>('SELECT 1 FROM runs WHERE id = ?').pluck();
    this.#lastSeq = prepare<number | null>('SELECT MAX(seq) FROM run_logs WHERE run_id = ?').pluck();
    this.#insert = prepare('INSERT INTO run_logs (run_id, seq, at, level, message, fields) VALUES (?, ?, ?, ?, ?, ?)');
    this.#trim = prepare('DELETE FROM run_logs WHERE run_id = ? AND seq <= ?');
    this.#tail = prepare('SELECT seq, at, level, message, fields FROM run_logs WHERE run_id = ? ORDER BY seq DESC LIMIT ?');
    this.#bounds = prepare('SELECT MIN(seq) AS first, MAX(seq) AS last FROM run_logs WHERE run_id = ?');
    this.#deleteOfRun = prepare('DELETE FROM run_logs WHERE run_id = ?');
  }

  /**
   * Appends after the run's last line, `skipped` lines further on (lines the caller dropped), then
   * deletes what falls out of the newest RUN_LOG_MAX_LINES. Ignores a run the store does not have.
   */
  append(runId: string, rows: readonly LogRowValues[], skipped: number): void {
    if (rows.length === 0 || this.#runExists.get(runId) === undefined) return;
    let seq = (this.#lastSeq.get(runId) ?? 0) + skipped;
    for (const [at, level, message, fields] of rows) this.#insert.run(runId, ++seq, at, level, message, fields);
    if (seq > RUN_LOG_MAX_LINES) this.#trim.run(runId, seq - RUN_LOG_MAX_LINES);
  }

  read(runId: string, limit: number): RunLog {
    const { first, last } = this.#bounds.get(runId) ?? { first: null, last: null };
    const lines = limit > 0 && last !== null ? this.#tail.all(runId, limit).reverse().map(rowToLine) : [];
    return { lines, total: last ?? 0, dropped: first === null ? 0 : first - 1 };
  }

  /** Deletes the lines of runs being pruned. */
  deleteOfRuns(runIds: readonly string[]): void {
    for (const id of runIds) this.#deleteOfRun.run(id);
  }
}
