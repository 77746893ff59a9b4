/**
 * The reads behind TaskOrchestrator's history methods: runs, one run and its log, the audit trail,
 * the alerts, and retention. They work without start(): the store opens on first use, and a run
 * this process holds is answered from memory (a running run's buffered log lines are written
 * before its log is read).
 */
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import { describeError, EvolveError } from '../errors.js';
import { parseRunId, type RunId, type TaskName } from '../model/ids.js';
import type { Run } from '../model/run.js';
import { ALERT_SEVERITIES, type AlertRecord, type AlertSeverity, type AuditEntry, type RunFilter, type RunLog, type Store } from '../store/store.js';
import type { Dispatcher } from './dispatcher.js';

export interface RunHistoryFilter {
  task?: string;
  status?: RunFilter['status'];
  limit?: number;
  /** Runs older than this id: the cursor of the next page. */
  beforeId?: string;
}

export interface AuditTrailFilter {
  task?: string;
  /** Entries at or after this instant (ms). */
  since?: number;
  limit?: number;
  /** Entries with a smaller id: the cursor of the next page. */
  beforeId?: number;
}

export interface AlertHistoryFilter extends AuditTrailFilter {
  /** This severity and above. */
  minSeverity?: AlertSeverity;
}

export interface HistorySources {
  /** The store, opened on first use. */
  store(): Promise<Store>;
  /** The dispatcher while the orchestrator runs, else null. */
  dispatcher(): Dispatcher | null;
  /** Throws EVOLVE_TASK_NOT_FOUND unless the task is configured or still has history. */
  checkTask(name: string): Promise<void>;
  clock: Clock;
  logger: Logger;
  /** monitoring.metrics_retention_days, in ms. */
  retentionMs: number;
}

export class HistoryReader {
  constructor(private readonly sources: HistorySources) {}

  async runs(filter: RunHistoryFilter): Promise<Run[]> {
    const store = await this.#storeFor(filter.task);
    return store.listRuns({
      task: filter.task as TaskName | undefined,
      status: filter.status,
      limit: filter.limit,
      beforeId: filter.beforeId === undefined ? undefined : parseRunId(filter.beforeId),
    });
  }

  async run(runId: string): Promise<Run | null> {
    const id = parseRunId(runId);
    const live = this.sources.dispatcher()?.get(id);
    if (live) return { ...live };
    return (await this.sources.store()).getRun(id);
  }

  async runLog(runId: string, options: { limit?: number }): Promise<RunLog> {
    let id: RunId;
    try {
      id = parseRunId(runId);
    } catch (error) {
      throw new EvolveError('EVOLVE_RUN_NOT_FOUND', `no run has id '${runId}': ${describeError(error)}`, { cause: error });
    }
    const store = await this.sources.store();
    const dispatcher = this.sources.dispatcher();
    await dispatcher?.flushRunLog(id);
    if (!dispatcher?.knows(id) && !(await store.getRun(id))) {
      const { location } = store.describe();
      throw new EvolveError('EVOLVE_RUN_NOT_FOUND', `no run has id '${runId}' in the store ${location} (runs are deleted after monitoring.metrics_retention_days)`);
    }
    return store.getRunLog(id, options);
  }

  async audit(filter: AuditTrailFilter): Promise<(AuditEntry & { id: number })[]> {
    const store = await this.#storeFor(filter.task);
    return store.listAudit({ ...filter, task: filter.task as TaskName | undefined });
  }

  async alerts(filter: AlertHistoryFilter): Promise<(AlertRecord & { id: number })[]> {
    const store = await this.#storeFor(filter.task);
    const { minSeverity, ...rest } = filter;
    const severities = minSeverity === undefined ? undefined : ALERT_SEVERITIES.slice(ALERT_SEVERITIES.indexOf(minSeverity));
    return store.listAlerts({ ...rest, task: filter.task as TaskName | undefined, severities });
  }

  /** Deletes runs and alerts older than the retention (the audit trail is kept). */
  async prune(): Promise<{ deleted: number; alertsDeleted: number; before: string }> {
    const store = await this.sources.store();
    const before = this.sources.clock.now() - this.sources.retentionMs;
    const deleted = await store.pruneRuns(before);
    const alertsDeleted = await store.pruneAlerts(before);
    if (deleted > 0 || alertsDeleted > 0) this.sources.logger.info({ deleted, alertsDeleted }, 'pruned run history and alerts');
    return { deleted, alertsDeleted, before: new Date(before).toISOString() };
  }

  async #storeFor(task: string | undefined): Promise<Store> {
    const store = await this.sources.store();
    if (task !== undefined) await this.sources.checkTask(task);
    return store;
  }
}
