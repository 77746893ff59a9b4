/**
 * The monitor's source for an orchestrator in this process: its status, its store's running runs
 * and its typed events, straight from the library.
 */
import type { EngineEvents, RunEventName } from '../../engine/events.js';
import type { TaskOrchestrator } from '../../engine/orchestrator.js';
import type { Run } from '../../model/run.js';
import { RECORDED_ALERTS, RUN_EVENT_NAMES, type MonitorEvent, type MonitorRun, type MonitorSnapshot } from './monitor-model.js';
import { monitorStatus, type MonitorSource } from './monitor-source.js';

export function monitorRun(run: Run): MonitorRun {
  return {
    id: run.id,
    task: run.task,
    status: run.status,
    progress: run.progress,
    progressMessage: run.progressMessage,
    startedAt: run.startedAt,
    durationMs: run.durationMs,
    error: run.error,
    reason: run.reason,
  };
}

export class LibraryMonitorSource implements MonitorSource {
  readonly mode = 'in-process' as const;
  label: string;
  readonly #orchestrator: TaskOrchestrator;
  readonly #stop: () => Promise<void>;
  readonly #unsubscribe: (() => void)[] = [];
  #closed: Promise<void> | null = null;

  /** `stop` ends the orchestrator when the monitor closes (the monitor started it). */
  constructor(orchestrator: TaskOrchestrator, stop: () => Promise<void>) {
    this.#orchestrator = orchestrator;
    this.#stop = stop;
    this.label = orchestrator.dataDir;
  }

  async snapshot(): Promise<MonitorSnapshot> {
    const [status, running, alerts] = await Promise.all([
      this.#orchestrator.getSystemStatus(),
      this.#orchestrator.store.listRuns({ status: 'running', limit: 100 }),
      this.#orchestrator.getAlertHistory({ limit: RECORDED_ALERTS }),
    ]);
    return {
      status: monitorStatus(status),
      active: running.map(monitorRun),
      alerts: alerts.map((a) => ({ at: a.at, severity: a.severity, task: a.task, message: a.message })),
    };
  }

  subscribe(onEvent: (event: MonitorEvent) => void): void {
    const events = this.#orchestrator.events;
    const now = (): number => this.#orchestrator.clock.now();
    for (const name of RUN_EVENT_NAMES) {
      this.#unsubscribe.push(events.on(name, ({ run }: EngineEvents[RunEventName]) => onEvent({ kind: 'run', name, at: now(), run: monitorRun(run) })));
    }
    const notice = (text: string): void => onEvent({ kind: 'notice', at: now(), text });
    this.#unsubscribe.push(
      events.on('alert:fired', ({ alert }) => onEvent({ kind: 'alert', alert: { at: alert.at, severity: alert.severity, task: alert.task, message: alert.message } })),
      events.on('task:disabled', (e) => notice(`${e.task} disabled: ${e.reason}`)),
      events.on('task:enabled', (e) => notice(`${e.task} enabled`)),
      events.on('task:flagged', (e) => notice(`${e.task} flagged: ${e.reason}`)),
      events.on('orchestrator:stopped', () => notice('orchestrator stopped')),
    );
  }

  close(): Promise<void> {
    this.#closed ??= (async () => {
      for (const off of this.#unsubscribe.splice(0)) off();
      await this.#stop();
    })();
    return this.#closed;
  }
}
