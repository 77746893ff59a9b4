/**
 * `GET /metrics`: Prometheus text from a registry of the server's own (never prom-client's global
 * one, so two servers in one process do not mix). Counters and histograms follow the engine's
 * events; gauges are read from the status when Prometheus scrapes.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { SystemStatus } from '../engine/status.js';
import type { EngineEmitter } from '../engine/events.js';

const PREFIX = 'evolve_';
/** Seconds: agent runs last from milliseconds (no-ops) to an hour (research). */
const DURATION_BUCKETS = [0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 15, 30, 60, 300, 900, 1800, 3600];
/** Seconds: fires are normally a few ms late; seconds mean the event loop or the store is stuck. */
const LATENESS_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5, 30];
const HTTP_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5];

export class ApiMetrics {
  readonly registry = new Registry();
  readonly #off: (() => void)[] = [];
  readonly #runs = this.#counter('runs_total', 'Finished runs by task and final status', ['task', 'status']);
  readonly #alerts = this.#counter('alerts_total', 'Alerts fired by kind and severity', ['kind', 'severity']);
  readonly #durations = new Histogram({ name: `${PREFIX}run_duration_seconds`, help: 'Duration of finished runs that started', labelNames: ['task'], buckets: DURATION_BUCKETS, registers: [this.registry] });
  readonly #lateness = new Histogram({ name: `${PREFIX}schedule_lateness_seconds`, help: 'From a schedule slot to its run recorded in the store', buckets: LATENESS_BUCKETS, registers: [this.registry] });
  readonly #http = new Histogram({ name: `${PREFIX}http_request_duration_seconds`, help: 'API requests by route template and status code', labelNames: ['method', 'route', 'status'], buckets: HTTP_BUCKETS, registers: [this.registry] });
  readonly #running = this.#gauge('orchestrator_running', '1 while the orchestrator runs (scheduling and executing)');
  readonly #queueDepth = this.#gauge('queue_depth', 'Runs due but not started: queued plus waiting on dependencies');
  readonly #runsRunning = this.#gauge('runs_running', 'Runs executing now');
  readonly #health = this.#gauge('health', 'Overall health in [0, 1]');
  readonly #taskHealth = this.#gauge('task_health', 'Health of each task in [0, 1]', ['task']);
  readonly #taskEnabled = this.#gauge('task_enabled', '1 when the task is enabled (in the configuration and at run time)', ['task']);
  readonly #taskFailures = this.#gauge('task_consecutive_failures', 'Consecutive failed runs (what error_threshold counts)', ['task']);
  readonly #rss = this.#gauge('process_resident_memory_bytes', 'Resident memory of the orchestrator process');
  readonly #loopLag = this.#gauge('event_loop_delay_p99_seconds', 'p99 event-loop delay since the previous reading');
  readonly #streams = this.#gauge('event_stream_clients', 'Clients connected to GET /orchestrator/events');

  constructor(events: EngineEmitter) {
    this.#off.push(
      events.on('run:finished', ({ run }) => {
        this.#runs.inc({ task: run.task, status: run.status });
        if (run.durationMs !== null && run.startedAt !== null) this.#durations.observe({ task: run.task }, run.durationMs / 1000);
      }),
      events.on('schedule:fired', (e) => this.#lateness.observe(Math.max(0, e.latenessMs) / 1000)),
      events.on('alert:fired', ({ alert }) => this.#alerts.inc({ kind: alert.kind, severity: alert.severity })),
    );
  }

  observeRequest(method: string, route: string, status: number, seconds: number): void {
    this.#http.observe({ method, route, status: String(status) }, seconds);
  }

  /** The exposition text, gauges refreshed from `status`. */
  async render(status: SystemStatus, streamClients: number): Promise<string> {
    this.#running.set(status.orchestratorRunning ? 1 : 0);
    this.#queueDepth.set(status.runs.queued + status.runs.waiting);
    this.#runsRunning.set(status.runs.running);
    this.#health.set(status.performanceMetrics.overallHealth);
    // Tasks removed from the configuration drop out of the per-task series.
    for (const gauge of [this.#taskHealth, this.#taskEnabled, this.#taskFailures]) gauge.reset();
    for (const task of status.tasks) {
      this.#taskHealth.set({ task: task.name }, task.health);
      this.#taskEnabled.set({ task: task.name }, task.enabled ? 1 : 0);
      this.#taskFailures.set({ task: task.name }, task.errorCount);
    }
    const resources = status.performanceMetrics.resources;
    this.#rss.set(resources?.memory.rssBytes ?? process.memoryUsage.rss());
    if (resources) this.#loopLag.set(resources.eventLoop.p99Ms / 1000);
    this.#streams.set(streamClients);
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  close(): void {
    for (const off of this.#off.splice(0)) off();
  }

  #counter<L extends string>(name: string, help: string, labelNames: readonly L[]): Counter<L> {
    return new Counter({ name: `${PREFIX}${name}`, help, labelNames, registers: [this.registry] });
  }

  #gauge<L extends string = string>(name: string, help: string, labelNames: readonly L[] = []): Gauge<L> {
    return new Gauge({ name: `${PREFIX}${name}`, help, labelNames, registers: [this.registry] });
  }
}
