/**
 * The SQL of instances, leases, tasks, audit and alerts, synchronous, for one connection.
 * Statements are prepared once (task-state upserts on first use of each set of fields).
 */
import type Database from 'better-sqlite3';
import { ALERT_SEVERITIES, type AlertSeverity, type InstanceInfo, type LeaseResult } from '../store.js';
import type { AlertRow, AuditRow, EncodedPatch, SqlValue, TaskRow } from './rows.js';

type Stmt<R = unknown> = Database.Statement<SqlValue[], R>;

interface InstanceRow {
  id: string;
  pid: number;
  host: string;
  started_at: number;
  heartbeat_at: number;
  stopped_at: number | null;
}

type Holder = InstanceInfo & { heartbeatAt: number };

function toHolder(row: InstanceRow): Holder {
  return { id: row.id, pid: row.pid, host: row.host, startedAt: row.started_at, heartbeatAt: row.heartbeat_at };
}

export class StateQueries {
  readonly #db: Database.Database;
  readonly #registerInstance: Stmt;
  readonly #touchInstance: Stmt;
  readonly #heartbeat: Stmt;
  readonly #stopInstance: Stmt;
  readonly #releaseLeasesOf: Stmt;
  readonly #getInstance: Stmt<InstanceRow>;
  readonly #getLease: Stmt<{ owner: string | null; token: number }>;
  readonly #createLease: Stmt;
  readonly #takeLease: Stmt;
  readonly #releaseLease: Stmt;
  readonly #upsertConfig: Stmt;
  readonly #setNextFire: Stmt;
  readonly #getTask: Stmt<TaskRow>;
  readonly #allTasks: Stmt<TaskRow>;
  readonly #insertAudit: Stmt;
  readonly #insertAlert: Stmt;
  readonly #pruneAlerts: Stmt;
  readonly #taskPatches = new Map<string, Stmt>();
  /** Audit and alert listings, prepared on first use of each combination of filters. */
  readonly #listings = new Map<string, Stmt<unknown>>();

  constructor(db: Database.Database) {
    this.#db = db;
    const prepare = <R>(sql: string): Stmt<R> => db.prepare<SqlValue[], R>(sql);
    this.#registerInstance = prepare(
      `INSERT INTO instances (id, pid, host, started_at, heartbeat_at, stopped_at) VALUES (?, ?, ?, ?, ?, NULL)
       ON CONFLICT (id) DO UPDATE SET pid = excluded.pid, host = excluded.host, started_at = excluded.started_at,
         heartbeat_at = excluded.heartbeat_at, stopped_at = NULL`,
    );
    // An instance asking for a lease at `now` is alive at `now`.
    this.#touchInstance = prepare(
      `INSERT INTO instances (id, pid, host, started_at, heartbeat_at, stopped_at) VALUES (?, ?, ?, ?, ?, NULL)
       ON CONFLICT (id) DO UPDATE SET heartbeat_at = max(heartbeat_at, excluded.heartbeat_at), stopped_at = NULL`,
    );
    this.#heartbeat = prepare('UPDATE instances SET heartbeat_at = ? WHERE id = ?');
    this.#stopInstance = prepare('UPDATE instances SET stopped_at = ? WHERE id = ?');
    this.#releaseLeasesOf = prepare('UPDATE leases SET owner = NULL WHERE owner = ?');
    this.#getInstance = prepare('SELECT * FROM instances WHERE id = ?');
    this.#getLease = prepare('SELECT owner, token FROM leases WHERE name = ?');
    this.#createLease = prepare('INSERT INTO leases (name, owner, token, acquired_at) VALUES (?, ?, 1, ?)');
    this.#takeLease = prepare('UPDATE leases SET owner = ?, token = token + 1, acquired_at = ? WHERE name = ? RETURNING token');
    this.#releaseLease = prepare('UPDATE leases SET owner = NULL WHERE name = ? AND owner = ?');
    this.#upsertConfig = prepare(
      `INSERT INTO tasks (name, config, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET config = excluded.config, updated_at = excluded.updated_at`,
    );
    this.#setNextFire = prepare(
      `INSERT INTO tasks (name, next_fire_at, schedule_key, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET next_fire_at = excluded.next_fire_at, schedule_key = excluded.schedule_key,
         updated_at = excluded.updated_at`,
    );
    this.#getTask = prepare('SELECT * FROM tasks WHERE name = ?');
    this.#allTasks = prepare('SELECT * FROM tasks ORDER BY name');
    this.#insertAudit = prepare('INSERT INTO audit (at, actor, action, task, details) VALUES (?, ?, ?, ?, ?)');
    this.#insertAlert = prepare('INSERT INTO alerts (at, kind, severity, task, message, details) VALUES (?, ?, ?, ?, ?, ?)');
    this.#pruneAlerts = prepare('DELETE FROM alerts WHERE at < ?');
  }

  // ── instances and leases ──────────────────────────────────────────────────

  registerInstance(instance: InstanceInfo): void {
    this.#registerInstance.run(instance.id, instance.pid, instance.host, instance.startedAt, instance.startedAt);
  }

  heartbeat(instanceId: string, now: number): void {
    this.#heartbeat.run(now, instanceId);
  }

  /** A stopped instance holds no lease: another process need not wait for its heartbeat to age. */
  stopInstance(instanceId: string, now: number): void {
    this.#stopInstance.run(now, instanceId);
    this.#releaseLeasesOf.run(instanceId);
  }

  acquireLease(name: string, owner: InstanceInfo, ttlMs: number, now: number, isDead: (holder: InstanceInfo) => boolean): LeaseResult {
    this.#touchInstance.run(owner.id, owner.pid, owner.host, owner.startedAt, now);
    const lease = this.#getLease.get(name);
    if (lease === undefined) {
      this.#createLease.run(name, owner.id, now);
      return { acquired: true, token: 1, holder: null };
    }
    if (lease.owner === owner.id) return { acquired: true, token: lease.token, holder: null };
    if (lease.owner !== null) {
      const row = this.#getInstance.get(lease.owner);
      const gone = row === undefined || row.stopped_at !== null || now - row.heartbeat_at > ttlMs;
      if (!gone) {
        const holder = toHolder(row);
        const { heartbeatAt: _, ...info } = holder;
        if (!isDead(info)) return { acquired: false, token: lease.token, holder };
      }
    }
    const taken = this.#takeLease.get(owner.id, now, name) as { token: number };
    return { acquired: true, token: taken.token, holder: null };
  }

  releaseLease(name: string, ownerId: string): void {
    this.#releaseLease.run(name, ownerId);
  }

  leaseHolder(name: string, ttlMs: number, now: number): Holder | null {
    const owner = this.#getLease.get(name)?.owner ?? null;
    if (owner === null) return null;
    const row = this.#getInstance.get(owner);
    if (row === undefined || row.stopped_at !== null || now - row.heartbeat_at > ttlMs) return null;
    return toHolder(row);
  }

  // ── tasks ─────────────────────────────────────────────────────────────────

  upsertConfig(name: string, configJson: string | null, now: number): void {
    this.#upsertConfig.run(name, configJson, now);
  }

  setNextFire(name: string, at: number | null, scheduleKey: string, now: number): void {
    this.#setNextFire.run(name, at, scheduleKey, now);
  }

  /** Creates the task's row when missing, then sets the patched fields. */
  patchTask(name: string, patch: EncodedPatch, now: number): void {
    const key = patch.columns.join(',');
    let statement = this.#taskPatches.get(key);
    if (statement === undefined) {
      const columns = ['name', 'updated_at', ...patch.columns];
      const updates = columns.slice(1).map((c) => `${c} = excluded.${c}`);
      statement = this.#db.prepare<SqlValue[], unknown>(
        `INSERT INTO tasks (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})
         ON CONFLICT (name) DO UPDATE SET ${updates.join(', ')}`,
      );
      this.#taskPatches.set(key, statement);
    }
    statement.run(name, now, ...patch.values);
  }

  getTask(name: string): TaskRow | undefined {
    return this.#getTask.get(name);
  }

  allTasks(): TaskRow[] {
    return this.#allTasks.all();
  }

  // ── audit and alerts ─────────────────────────────────────────────────────

  appendAudit(values: [at: number, actor: string, action: string, task: string | null, details: string]): void {
    this.#insertAudit.run(...values);
  }

  listAudit(filter: ListingFilter, limit: number): AuditRow[] {
    return this.#listing<AuditRow>('audit', filter, null, limit);
  }

  appendAlert(values: [at: number, kind: string, severity: string, task: string | null, message: string, details: string]): void {
    this.#insertAlert.run(...values);
  }

  pruneAlerts(before: number): number {
    return this.#pruneAlerts.run(before).changes;
  }

  listAlerts(filter: ListingFilter, severities: readonly AlertSeverity[] | null, limit: number): AlertRow[] {
    return this.#listing<AlertRow>('alerts', filter, severities, limit);
  }

  /** Newest first by id, filtered by task, time and id cursor (and severity for alerts). */
  #listing<R>(table: 'audit' | 'alerts', filter: ListingFilter, severities: readonly AlertSeverity[] | null, limit: number): R[] {
    const where: string[] = [];
    const values: SqlValue[] = [];
    const condition = (sql: string, value: SqlValue | null): void => {
      if (value === null) return;
      where.push(sql);
      values.push(value);
    };
    condition('task = ?', filter.task);
    condition('at >= ?', filter.since);
    condition('id < ?', filter.beforeId);
    if (severities !== null) {
      for (const severity of severities) {
        if (!ALERT_SEVERITIES.includes(severity)) throw new TypeError(`unknown alert severity "${String(severity)}": use ${ALERT_SEVERITIES.join(', ')}`);
      }
      // Validated above, so written as literals: one statement per set of severities.
      where.push(`severity IN (${severities.map((s) => `'${s}'`).join(', ')})`);
    }
    const sql = `SELECT * FROM ${table} ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`;
    let statement = this.#listings.get(sql);
    if (statement === undefined) {
      statement = this.#db.prepare<SqlValue[], unknown>(sql);
      this.#listings.set(sql, statement);
    }
    return (statement as Stmt<R>).all(...values, limit);
  }
}

export interface ListingFilter {
  task: string | null;
  since: number | null;
  beforeId: number | null;
}
