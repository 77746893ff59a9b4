/**
 * The SQLite schema as numbered, forward-only migrations. A migration is never edited once
 * released: change the schema by appending a new one. Each is applied in its own IMMEDIATE
 * transaction and recorded in `schema_migrations`, so two processes opening a new file at once
 * apply it once, and a crash mid-migration leaves the previous version intact.
 */
import type Database from 'better-sqlite3';
import { describeError, EvolveError } from '../../errors.js';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/** Every RunStatus, spelled out for the CHECK on runs.status. */
const STATUS_CHECK = `status IN ('waiting','queued','running','succeeded','failed','timed_out','cancelled','skipped','interrupted')`;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
      CREATE TABLE instances (
        id           TEXT PRIMARY KEY,
        pid          INTEGER NOT NULL,
        host         TEXT NOT NULL,
        started_at   INTEGER NOT NULL,
        heartbeat_at INTEGER NOT NULL,
        stopped_at   INTEGER
      );

      -- A released lease keeps its row (owner NULL) so the fencing token only ever grows.
      CREATE TABLE leases (
        name        TEXT PRIMARY KEY,
        owner       TEXT,
        token       INTEGER NOT NULL,
        acquired_at INTEGER NOT NULL
      );

      CREATE TABLE tasks (
        name                 TEXT PRIMARY KEY,
        config               TEXT,
        enabled              INTEGER NOT NULL DEFAULT 1,
        disabled_reason      TEXT,
        disabled_at          INTEGER,
        consecutive_failures INTEGER NOT NULL DEFAULT 0,
        next_fire_at         INTEGER,
        schedule_key         TEXT,
        flagged              INTEGER NOT NULL DEFAULT 0,
        flag_reason          TEXT,
        overrides            TEXT NOT NULL DEFAULT '{}',
        updated_at           INTEGER NOT NULL
      );

      -- scheduled_for is the chain's slot on every attempt (what people read); slot is the same
      -- value on the first attempt only (id = chain_id) and NULL on retries, so "one slot, one
      -- record" holds for first attempts while retries of that slot are still recorded.
      CREATE TABLE runs (
        id               TEXT PRIMARY KEY,
        task             TEXT NOT NULL,
        trigger_kind     TEXT NOT NULL,
        status           TEXT NOT NULL CHECK (${STATUS_CHECK}),
        attempt          INTEGER NOT NULL,
        max_attempts     INTEGER NOT NULL,
        chain_id         TEXT NOT NULL,
        idempotency_key  TEXT NOT NULL,
        scheduled_for    INTEGER,
        slot             INTEGER,
        created_at       INTEGER NOT NULL,
        not_before       INTEGER NOT NULL,
        queued_at        INTEGER,
        started_at       INTEGER,
        finished_at      INTEGER,
        duration_ms      INTEGER,
        parameters       TEXT NOT NULL DEFAULT '{}',
        result           TEXT,
        error            TEXT,
        reason           TEXT,
        origin           TEXT NOT NULL,
        owner            TEXT,
        progress         REAL,
        progress_message TEXT,
        sla_breached     INTEGER NOT NULL DEFAULT 0,
        exclusive        INTEGER NOT NULL DEFAULT 0
      );
      CREATE UNIQUE INDEX runs_slot ON runs (task, slot) WHERE slot IS NOT NULL;
      -- concurrent_execution: false, enforced here: one exclusive running run per task.
      CREATE UNIQUE INDEX runs_exclusive_running ON runs (task) WHERE status = 'running' AND exclusive = 1;
      CREATE INDEX runs_task_id ON runs (task, id);
      -- Pending runs by the process that recorded them: a running orchestrator looks for other
      -- processes' runs (a CLI run) without scanning its own (origin < ? and origin > ? ranges).
      CREATE INDEX runs_pending ON runs (origin, id) WHERE status IN ('waiting', 'queued');
      CREATE INDEX runs_running ON runs (id) WHERE status = 'running';
      -- Stats (recent outcomes, last success, last finished) and pruning, task by task. status is
      -- in the index so that looking back for the last success reads no rows. One index, not
      -- three: each index a run passes through costs every lifecycle a page write.
      CREATE INDEX runs_task_finished ON runs (task, finished_at, id, status) WHERE finished_at IS NOT NULL;

      -- Lifetime totals by final status; pruning runs does not reduce them.
      CREATE TABLE task_counters (
        task   TEXT NOT NULL,
        status TEXT NOT NULL,
        count  INTEGER NOT NULL,
        PRIMARY KEY (task, status)
      ) WITHOUT ROWID;

      CREATE TABLE audit (
        id      INTEGER PRIMARY KEY AUTOINCREMENT,
        at      INTEGER NOT NULL,
        actor   TEXT NOT NULL,
        action  TEXT NOT NULL,
        task    TEXT,
        details TEXT NOT NULL DEFAULT '{}'
      );
      CREATE INDEX audit_task ON audit (task, id);

      CREATE TABLE alerts (
        id       INTEGER PRIMARY KEY AUTOINCREMENT,
        at       INTEGER NOT NULL,
        kind     TEXT NOT NULL,
        severity TEXT NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
        task     TEXT,
        message  TEXT NOT NULL,
        details  TEXT NOT NULL DEFAULT '{}'
      );
      CREATE INDEX alerts_at ON alerts (at);
    `,
  },
  {
    version: 2,
    name: 'run logs',
    sql: `
      -- The newest lines each run logged (RUN_LOG_MAX_LINES a run). seq counts every line the run
      -- logged from 1, kept or not, so the first kept seq tells how many were dropped. A rowid
      -- table, not WITHOUT ROWID: a line may be up to 8 KiB, too large to sit in an index b-tree.
      -- Rows go with their run when pruneRuns deletes it.
      CREATE TABLE run_logs (
        run_id  TEXT NOT NULL,
        seq     INTEGER NOT NULL,
        at      INTEGER NOT NULL,
        level   TEXT NOT NULL CHECK (level IN ('trace', 'debug', 'info', 'warn', 'error', 'fatal')),
        message TEXT NOT NULL,
        fields  TEXT
      );
      CREATE UNIQUE INDEX run_logs_run_seq ON run_logs (run_id, seq);
    `,
  },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.reduce((max, m) => Math.max(max, m.version), 0);

/** Numbered migrations recorded in their own table: the orchestrator's, or another component's sharing the file. */
export interface MigrationSet {
  /** What the schema belongs to, for messages: "the store", "the platform's tables". */
  readonly owner: string;
  readonly table: string;
  readonly migrations: readonly Migration[];
}

export const STORE_MIGRATIONS: MigrationSet = { owner: 'the store', table: 'schema_migrations', migrations: MIGRATIONS };

function latest(set: MigrationSet): number {
  return set.migrations.reduce((max, m) => Math.max(max, m.version), 0);
}

/** The highest applied version, 0 for a new database. */
export function schemaVersion(db: Database.Database, set: MigrationSet = STORE_MIGRATIONS): number {
  const table = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(set.table);
  if (table === undefined) return 0;
  const row = db.prepare<[], { version: number | null }>(`SELECT MAX(version) AS version FROM ${set.table}`).get();
  return row?.version ?? 0;
}

function refuseNewer(path: string, version: number, set: MigrationSet): never {
  throw new EvolveError(
    'EVOLVE_STORE_FAILED',
    `${set.owner} in ${path} has schema version ${version}, but this version of evolve-orchestrator knows versions 1 to ${latest(set)}: ` +
      'it was written by a newer release. Upgrade evolve-orchestrator, or point --store at another file.',
  );
}

/** Applies the missing migrations; refuses a database written by a newer release. Returns the versions applied. */
export function migrate(db: Database.Database, path: string, now: () => number, set: MigrationSet = STORE_MIGRATIONS): number[] {
  const newest = latest(set);
  const found = schemaVersion(db, set);
  if (found > newest) refuseNewer(path, found, set);
  if (found === newest) return [];
  db.exec(`CREATE TABLE IF NOT EXISTS ${set.table} (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`);
  const applied: number[] = [];
  for (const migration of set.migrations) {
    const apply = db.transaction(() => {
      // Read again inside the write lock: another process may have migrated meanwhile.
      const current = schemaVersion(db, set);
      if (current > newest) refuseNewer(path, current, set);
      if (current >= migration.version) return;
      db.exec(migration.sql);
      db.prepare(`INSERT INTO ${set.table} (version, name, applied_at) VALUES (?, ?, ?)`).run(migration.version, migration.name, now());
      applied.push(migration.version);
    });
    try {
      apply.immediate();
    } catch (error) {
      if (error instanceof EvolveError) throw error;
      throw new EvolveError(
        'EVOLVE_STORE_FAILED',
        `could not apply migration ${migration.version} (${migration.name}) of ${set.owner} to ${path}: ${describeError(error)}`,
        { cause: error },
      );
    }
  }
  return applied;
}

/** For a read-only connection: the schema must be exactly the one this code knows. */
export function checkSchema(db: Database.Database, path: string, set: MigrationSet = STORE_MIGRATIONS): void {
  const found = schemaVersion(db, set);
  if (found > latest(set)) refuseNewer(path, found, set);
  if (found < latest(set)) {
    throw new EvolveError(
      'EVOLVE_STORE_FAILED',
      `${set.owner} in ${path} has schema version ${found}, older than this release's ${latest(set)}, and it was opened read-only: ` +
        'open it once read-write (for example `evolve start`) to migrate it.',
    );
  }
}
