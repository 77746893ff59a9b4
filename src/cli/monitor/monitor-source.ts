/**
 * Where the monitor's data comes from. Two implementations: `ApiMonitorSource` (an orchestrator
 * elsewhere, through its HTTP API and event stream) and `LibraryMonitorSource` (an orchestrator in
 * this process, through its methods and event emitter). Both report the same shapes.
 */
import type { RunStatus } from '../../model/run.js';
import type { MonitorEvent, MonitorMode, MonitorSnapshot, MonitorStatus } from './monitor-model.js';

export interface MonitorSource {
  readonly mode: MonitorMode;
  /** Where, for the screen: a URL or a data folder. */
  readonly label: string;
  /** The status and the runs in progress, read now. */
  snapshot(): Promise<MonitorSnapshot>;
  /**
   * Starts delivering events until close(). `onProblem` gets why events stopped coming (a lost
   * connection being retried), then null once they flow again.
   */
  subscribe(onEvent: (event: MonitorEvent) => void, onProblem: (problem: string | null) => void): void;
  /** Stops the events (and, in process, the orchestrator this monitor started). Idempotent. */
  close(): Promise<void>;
}

/** The fields of a SystemStatus the monitor reads: the engine's object and the API's JSON both have them. */
export interface StatusFields {
  orchestratorRunning: boolean;
  instance: { pid: number; host: string } | null;
  performanceMetrics: { overallHealth: number };
  tasks: readonly {
    name: string;
    enabled: boolean;
    flagged: boolean;
    running: number;
    queued: number;
    waiting: number;
    nextRunAt: string | null;
    successRate: number | null;
    health: number;
    lastRun: { status: RunStatus } | null;
  }[];
}

export function monitorStatus(status: StatusFields): MonitorStatus {
  return {
    running: status.orchestratorRunning,
    pid: status.instance?.pid ?? null,
    host: status.instance?.host ?? null,
    health: status.performanceMetrics.overallHealth,
    tasks: status.tasks.map((t) => ({
      name: t.name,
      enabled: t.enabled,
      flagged: t.flagged,
      running: t.running,
      queued: t.queued,
      waiting: t.waiting,
      nextRunAt: t.nextRunAt === null ? null : Date.parse(t.nextRunAt),
      successRate: t.successRate,
      health: t.health,
      lastStatus: t.lastRun?.status ?? null,
    })),
  };
}
