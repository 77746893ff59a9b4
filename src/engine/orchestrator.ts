/**
 * TaskOrchestrator: the composition root and the public library API. It builds the store, the
 * registries, the scheduler and the dispatcher, and passes each what it needs; nothing runs at
 * import time and nothing here knows SQL or trading.
 *
 * Lifecycle: created → starting → running → stopping → stopped (not restartable: make a new one).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Logger } from 'pino';
import type { AgentLike } from '../agents/agent.js';
import { AgentRegistry } from '../agents/agent-registry.js';
import type { Calendar } from '../calendar/calendar.js';
import { calendarLookup } from '../config/calendars-section.js';
import { scheduleKey, type CalendarLookup } from '../schedule/index.js';
import { registerBuiltinAgents } from '../agents/builtin-agents.js';
import { loadTaskAgents } from '../agents/task-agents.js';
import { AlertManager } from '../alerts/alert-manager.js';
import { systemClock, type Clock, type TimerHandle } from '../clock.js';
import { registerBuiltinConditions } from '../conditions/builtin-conditions.js';
import { ConditionRegistry, type Condition } from '../conditions/condition-registry.js';
import { closest } from '../closest-name.js';
import { defaultConfig, loadConfig } from '../config/load-config.js';
import { taskFromDefinition, type TaskDefinition } from '../config/task-definition.js';
import type { ResolvedConfig } from '../config/types.js';
import { ConfigError, EvolveError, type ConfigIssue } from '../errors.js';
import type { SystemHealth } from '../health/system-health.js';
import { silentLogger } from '../logging/logger.js';
import { parseRunId, type TaskName } from '../model/ids.js';
import type { Run, Trigger } from '../model/run.js';
import type { TaskConfig } from '../model/task.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import type { AlertRecord, AuditEntry, InstanceInfo, RunLog, Store, TaskState } from '../store/store.js';
import { Dispatcher } from './dispatcher.js';
import type { EngineContext } from './engine-context.js';
import { EngineEmitter } from './events.js';
import { newRun, runRequestAudit } from './run-factory.js';
import { Scheduler } from './scheduler.js';
import { HealthMonitor } from './health-monitor.js';
import { HistoryReader, type AlertHistoryFilter, type AuditTrailFilter, type RunHistoryFilter } from './history-reader.js';
import { HEARTBEAT_MS, releaseSchedulerLease, schedulerLeaseHolder, takeSchedulerLease } from './scheduler-lease.js';
import { systemStatus, taskStatus, type SystemStatus, type TaskSnapshot, type TaskStatus } from './status.js';
import { PendingRunIntake, recoverOrphans } from './recovery.js';
import { readTaskSnapshots } from './store-snapshots.js';
import { TaskAdmin } from './task-admin.js';
import { TaskRuntime } from './task-runtime.js';
import { previewSchedule, type SchedulePreview } from './schedule-preview.js';
import { runSystemCommand, type SystemCommandOutcome } from './system-command-runner.js';
import { explainTask, type WhyReport } from './why.js';

const EXTERNAL_POLL_MS = 1_000;
const RETENTION_EVERY_MS = 60 * 60_000;

export interface OrchestratorOptions {
  /** Path of the YAML configuration (`config/task_schedule.yaml`). */
  configPath?: string;
  /** A configuration built in code, instead of a file. */
  config?: ResolvedConfig;
  /** Environment to apply (`--env`); default `EVOLVE_ENV`. */
  env?: string;
  /** Overrides `store.data_dir`. */
  dataDir?: string;
  /** A store to use instead of the SQLite file under the data folder. */
  store?: Store;
  clock?: Clock;
  logger?: Logger;
  /** In [0, 1): retry jitter. */
  random?: () => number;
}

type Lifecycle = 'created' | 'starting' | 'running' | 'stopping' | 'stopped';

export class TaskOrchestrator {
  readonly events = new EngineEmitter();
  readonly agents = new AgentRegistry();
  readonly conditions = new ConditionRegistry();
  readonly config: ResolvedConfig;
  /** The exchange calendar of `orchestrator.calendar` (market conditions of tasks without a market schedule). */
  readonly calendar: Calendar;
  /** Calendars by name, with the configuration's closures and user calendars. */
  readonly calendars: CalendarLookup;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly instance: InstanceInfo;
  readonly #taskConfigs = new Map<TaskName, TaskConfig>();
  readonly #runtimes = new Map<TaskName, TaskRuntime>();
  readonly #random: () => number;
  readonly #alerts: AlertManager;
  readonly #health: HealthMonitor;
  readonly #history: HistoryReader;
  #lifecycle: Lifecycle = 'created';
  /** The store; one given in the options belongs to the caller and is not closed by stop(). */
  #store: Store;
  readonly #ownsStore: boolean;
  #storeOpen: Promise<void> | null = null;
  #dispatcher: Dispatcher | null = null;
  #scheduler: Scheduler | null = null;
  #admin: TaskAdmin | null = null;
  #timers: TimerHandle[] = [];
  #stopping: Promise<void> | null = null;
  #intake: PendingRunIntake | null = null;

  constructor(options: OrchestratorOptions = {}) {
    this.config = options.config ?? (options.configPath ? loadConfig(options.configPath, { env: options.env ?? null, dataDir: options.dataDir }) : defaultConfig({ dataDir: options.dataDir }));
    for (const [name, task] of this.config.tasks) this.#taskConfigs.set(name, task);
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger();
    this.#random = options.random ?? Math.random;
    this.#ownsStore = options.store === undefined;
    this.#store = options.store ?? this.#newStore();
    this.instance = { id: `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`, pid: process.pid, host: hostname(), startedAt: this.clock.now() };
    this.#alerts = new AlertManager(this.config.alerts, () => this.store, this.clock, this.events, this.logger);
    this.#health = new HealthMonitor(
      { snapshots: () => this.#liveSnapshots(), configs: () => this.#taskConfigs, running: () => this.#lifecycle === 'running' },
      this.clock,
      this.config.orchestrator.healthCheckIntervalMs,
      this.events,
      this.#alerts,
    );
    this.#history = new HistoryReader({
      store: async () => {
        await this.#openStore();
        return this.store;
      },
      dispatcher: () => this.#dispatcher,
      checkTask: (name) => this.#checkTaskKnown(name),
      clock: this.clock,
      logger: this.logger,
      retentionMs: this.config.monitoring.metricsRetentionMs,
    });
    registerBuiltinAgents(this.agents, {
      checkHealth: () => this.checkHealth(),
      pruneHistory: () => this.pruneHistory(),
      exportStatusReport: () => this.exportStatusReport(),
    });
    this.calendars = calendarLookup(this.config.calendars);
    this.calendar = this.calendars(this.config.orchestrator.calendar);
    registerBuiltinConditions(this.conditions, () => this.#health.current().overall, (task) => (task.schedule.kind === 'market' ? this.calendars(task.schedule.calendar) : this.calendar));
  }

  get dataDir(): string {
    return resolve(this.config.store.dataDir);
  }

  /** The SQLite file under the data folder. */
  get databasePath(): string {
    return join(this.dataDir, 'evolve.db');
  }

  get store(): Store {
    return this.#store;
  }

  get isRunning(): boolean {
    return this.#lifecycle === 'running';
  }

  /** Registers an agent under a name (a task's `agent`, by default its own name). */
  registerAgent(name: string, agent: AgentLike, options: { method?: string } = {}): void {
    this.agents.register(name, agent, { method: options.method });
  }

  registerCondition(condition: Condition): void {
    this.conditions.register(condition);
  }

  /** Adds (or replaces) a task from code, validated like the YAML; scheduled at once when running. */
  async addTask(definition: TaskDefinition | TaskConfig): Promise<TaskConfig> {
    const config = 'schedule' in definition ? definition : taskFromDefinition(definition, { ...this.config, tasks: this.#taskConfigs }, { knownConditions: this.conditions.names() });
    this.#taskConfigs.set(config.name, config);
    if (this.#lifecycle === 'running') await this.#admin!.adopt(config);
    return config;
  }

  /** The tasks' effective configuration: with run-time overrides once started. */
  tasks(): TaskConfig[] {
    return [...this.#taskConfigs.values()].map((config) => this.#runtimes.get(config.name)?.config ?? config);
  }

  /**
   * Opens the store, takes the scheduler lease, recovers runs of a dead process and starts
   * scheduling. With `schedule: false` it only executes what it is asked to (`evolve run`): no
   * schedule fires, and runs queued by others are left for the next full start.
   */
  async start(options: { schedule?: boolean } = {}): Promise<void> {
    if (this.#lifecycle !== 'created') throw new EvolveError('EVOLVE_LIFECYCLE', `start() was called on an orchestrator that is ${this.#lifecycle}; create a new TaskOrchestrator to start again`);
    if (!this.config.orchestrator.enabled && options.schedule !== false) {
      throw new EvolveError('EVOLVE_LIFECYCLE', 'orchestrator.enabled is false in the configuration: set it to true to run the scheduler');
    }
    this.#lifecycle = 'starting';
    try {
      const issues = await this.problems();
      if (issues.length > 0) throw new ConfigError(issues);
      await this.#openStore();
      await takeSchedulerLease(this.store, this.instance, this.clock.now(), this.dataDir);
      await this.#loadTasks();
      const full = options.schedule !== false;
      await recoverOrphans(this.store, this.#dispatcher!, this.#alerts, this.instance.id);
      if (full) await this.#intake!.takeAll();
      if (full) await this.#scheduler!.start();
      this.#startTimers(full);
      this.#lifecycle = 'running';
      this.events.emit('orchestrator:started', { instanceId: this.instance.id, at: this.clock.now() });
      this.logger.info({ instance: this.instance.id, tasks: this.#runtimes.size, dataDir: this.dataDir }, 'orchestrator started');
    } catch (error) {
      this.#lifecycle = 'stopped';
      await this.#release().catch(() => undefined);
      throw error;
    }
  }

  /**
   * Stops scheduling, lets running runs finish within the grace period, then marks the rest
   * interrupted. Idempotent; called again while stopping with `graceMs: 0`, it interrupts the
   * running runs at once.
   */
  async stop(options: { graceMs?: number } = {}): Promise<void> {
    if (this.#lifecycle === 'created') {
      this.#lifecycle = 'stopped';
      await this.#release();
      return;
    }
    if (this.#lifecycle === 'stopping' && this.#stopping) {
      if (options.graceMs === 0) this.#dispatcher?.abortRunning(0);
      return this.#stopping;
    }
    if (this.#lifecycle !== 'running') return;
    this.#stopping = this.#stop(options.graceMs ?? this.config.orchestrator.shutdownGraceMs);
    return this.#stopping;
  }

  async #stop(graceMs: number): Promise<void> {
    this.#lifecycle = 'stopping';
    for (const timer of this.#timers) timer.cancel();
    await this.#scheduler!.stop();
    const interrupted = await this.#dispatcher!.stop(graceMs);
    await this.#alerts.drain();
    await this.#release();
    this.#lifecycle = 'stopped';
    this.events.emit('orchestrator:stopped', { instanceId: this.instance.id, at: this.clock.now(), interrupted });
    this.logger.info({ interrupted }, 'orchestrator stopped');
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }

  /**
   * Runs a task now (even a disabled one: it was asked for). With `wait` (default) resolves with
   * the chain's final run, after retries; otherwise with the queued run. `retry: false` makes it
   * a single attempt. With `actor` (who asked: `cli`, `api:<token>`), the request is also in the
   * audit trail, committed with the run.
   */
  async executeTaskNow(
    name: string,
    parameters: Readonly<Record<string, unknown>> = {},
    options: { wait?: boolean; trigger?: Trigger; retry?: boolean; actor?: string } = {},
  ): Promise<Run> {
    const task = this.#running().#runtime(name);
    if (parameters === null || typeof parameters !== 'object' || Array.isArray(parameters)) {
      throw new EvolveError('EVOLVE_USAGE', `parameters for ${name} must be an object of names to values, not ${Array.isArray(parameters) ? 'an array' : typeof parameters}`);
    }
    const run = newRun({ task: task.config, trigger: options.trigger ?? 'manual', now: this.clock.now(), origin: this.instance.id, parameters });
    if (options.retry === false) run.maxAttempts = 1;
    const done = options.wait === false ? null : this.#dispatcher!.waitForChain(run.id);
    const audited = options.actor === undefined ? null : this.store.appendAudit(runRequestAudit(run, options.actor, this.clock.now()));
    await this.#dispatcher!.submit(run);
    if (audited !== null) await audited;
    return done ? await done : { ...run };
  }

  /**
   * The original's `execute_system_command("forecast AAPL 7d")`: runs the task the command maps
   * to with its parsed parameters and resolves with the final run and its result; `status` and
   * `help` answer without a run. docs/commands.md lists the commands.
   */
  executeSystemCommand(text: string, parameters?: Readonly<Record<string, unknown>>, options: { actor?: string } = {}): Promise<SystemCommandOutcome> {
    return runSystemCommand(this, text, parameters, options.actor);
  }

  /** Cancels a waiting, queued or running run; a cancel that took effect is in the audit trail. */
  async cancelRun(runId: string, reason = 'cancelled by request', actor = 'library'): Promise<Run> {
    const id = parseRunId(runId);
    let cancelled: boolean;
    if (this.#dispatcher && (await this.#dispatcher.cancel(id, reason))) {
      cancelled = true;
      const done = this.#dispatcher.get(id);
      if (done) await this.events.next('run:finished', (e) => e.run.id === id);
    } else {
      await this.#openStore();
      cancelled = await this.store.transitionRun(id, ['queued', 'waiting'], { status: 'cancelled', reason, finishedAt: this.clock.now() });
      if (!cancelled && !(await this.store.getRun(id))) throw new EvolveError('EVOLVE_RUN_NOT_FOUND', `no run has id ${runId}`);
    }
    const run = (await this.getRun(id))!;
    if (cancelled) await this.store.appendAudit({ at: this.clock.now(), actor, action: 'run.cancel', task: run.task, details: { runId: run.id, reason, status: run.status } });
    return run;
  }

  updateTaskConfig(name: string, changes: Readonly<Record<string, unknown>>, actor = 'library'): Promise<TaskConfig> {
    return this.#running().#admin!.update(this.#runtime(name), changes, actor);
  }

  enableTask(name: string, actor = 'library'): Promise<void> {
    return this.#running().#admin!.enable(this.#runtime(name), actor);
  }

  disableTask(name: string, reason = 'disabled by an operator', actor = 'library'): Promise<void> {
    return this.#running().#admin!.disable(this.#runtime(name), reason, actor);
  }

  /** Resets the consecutive-failure count and the performance flag; re-enables a task the error threshold disabled. */
  resetErrors(name: string, actor = 'library'): Promise<void> {
    return this.#running().#admin!.resetErrors(this.#runtime(name), actor);
  }

  async getSystemStatus(): Promise<SystemStatus> {
    const now = this.clock.now();
    if (this.#lifecycle === 'running') {
      return systemStatus(this.#liveSnapshots(), { ...this.#statusContext(now), running: true, instance: { ...this.instance, heartbeatAt: now }, resources: this.#health.resources() });
    }
    await this.#openStore();
    const snapshots = await readTaskSnapshots(this.store, this.tasks(), this.config.monitoring.performanceWindow);
    const holder = await schedulerLeaseHolder(this.store, now);
    return systemStatus(snapshots, { ...this.#statusContext(now), running: holder !== null, instance: holder, resources: null });
  }

  /** Every fire of every task from `from` to `to` (epoch ms), with the slots that will not run and why. */
  async previewSchedule(window: { from: number; to: number; limit?: number; task?: string }): Promise<SchedulePreview> {
    if (window.task !== undefined && !this.#taskConfigs.has(window.task as TaskName)) throw this.#unknownTask(window.task);
    await this.#openStore();
    const states = new Map((await this.store.getTaskStates()).map((state) => [state.name, state]));
    const tasks = this.tasks().filter((t) => window.task === undefined || t.name === window.task);
    // A stored next fire of another schedule (the YAML changed since) is recomputed at start: ignore it here too.
    const current = (t: TaskConfig): TaskState | undefined => (states.get(t.name)?.scheduleKey === scheduleKey(t.schedule) ? states.get(t.name) : undefined);
    return previewSchedule({
      from: window.from,
      to: window.to,
      limit: window.limit ?? 10_000,
      tasks,
      disabled: new Map(tasks.flatMap((t) => (states.get(t.name)?.enabled === false ? [[t.name, states.get(t.name)!.disabledReason ?? 'at run time'] as const] : []))),
      nextFireAt: new Map(tasks.map((t) => [t.name, current(t)?.nextFireAt ?? null])),
      calendars: this.calendars,
      conditions: this.conditions,
    });
  }

  /** The process holding this store's scheduler lease (a running orchestrator), or null. */
  async leaseHolder(): Promise<(InstanceInfo & { heartbeatAt: number }) | null> {
    await this.#openStore();
    return schedulerLeaseHolder(this.store, this.clock.now());
  }

  /** The seed's `performance_metrics`: success rates and error counts by task, from the latest status. */
  get performanceMetrics(): { successRates: Record<string, number | null>; errorCounts: Record<string, number>; overallHealth: number } {
    const tasks = this.#liveSnapshots().map(taskStatus);
    return {
      successRates: Object.fromEntries(tasks.map((t) => [t.name, t.successRate])),
      errorCounts: Object.fromEntries(tasks.map((t) => [t.name, t.errorCount])),
      overallHealth: this.#health.current().overall,
    };
  }

  async getTaskStatus(name: string): Promise<TaskStatus> {
    const status = await this.getSystemStatus();
    const found = status.tasks.find((t) => t.name === name);
    if (!found) throw this.#unknownTask(name);
    return found;
  }

  /** Why a task is not running now: disabled, waiting on a dependency, a false condition, or when it fires next. */
  async why(name: string): Promise<WhyReport> {
    const status = await this.getTaskStatus(name);
    const config = this.#taskConfigs.get(name as TaskName)!;
    const pending = await this.getRunHistory({ task: name, status: ['queued', 'waiting', 'running'], limit: 20 });
    const upstream = await Promise.all(config.dependencies.map((d) => this.getTaskStatus(d.task)));
    const verdicts = await Promise.all(config.conditions.map((spec) => this.conditions.evaluate(spec, { task: config, now: this.clock.now() }).catch(() => null)));
    return explainTask({ status, config, pending, upstream, verdicts: verdicts.filter((v) => v !== null), now: this.clock.now() });
  }

  /** Run history, newest first; works without start(), reading the store. */
  getRunHistory(filter: RunHistoryFilter = {}): Promise<Run[]> {
    return this.#history.runs(filter);
  }

  /**
   * The audit trail (who enabled, disabled, ran, changed what), newest first; page with
   * `beforeId`, the last entry's id. Works without start(), reading the store.
   */
  getAuditTrail(filter: AuditTrailFilter = {}): Promise<(AuditEntry & { id: number })[]> {
    return this.#history.audit(filter);
  }

  /**
   * Alerts sent, newest first, of `minSeverity` and above; page with `beforeId`, the last alert's
   * id. Works without start(), reading the store.
   */
  getAlertHistory(filter: AlertHistoryFilter = {}): Promise<(AlertRecord & { id: number })[]> {
    return this.#history.alerts(filter);
  }

  getRun(runId: string): Promise<Run | null> {
    return this.#history.run(runId);
  }

  /**
   * The tail of a run's log, oldest line first: the newest `limit` (default and at most 500) lines
   * its agent logged through `ctx.logger`, with how many earlier ones were dropped. Works without
   * start(), reading the store; a running run's buffered lines are written first.
   */
  getRunLog(runId: string, options: { limit?: number } = {}): Promise<RunLog> {
    return this.#history.runLog(runId, options);
  }

  /** Writes a JSON status report (status, recent runs, alerts) and returns its path. */
  async exportStatusReport(path?: string): Promise<string> {
    const status = await this.getSystemStatus();
    const [recentRuns, alerts] = await Promise.all([this.store.listRuns({ limit: 200 }), this.store.listAlerts({ limit: 100 })]);
    const target = path ?? join(this.dataDir, 'reports', `status-${new Date(this.clock.now()).toISOString().replace(/[:.]/g, '-')}.json`);
    mkdirSync(resolve(target, '..'), { recursive: true });
    writeFileSync(target, `${JSON.stringify({ ...status, recentRuns, alerts }, null, 2)}\n`);
    return target;
  }

  /**
   * Sends an alert through the configured channels (log, webhooks), with the cooldown of
   * `alerts.cooldown_minutes` per kind and task, and records it; false when the cooldown held it.
   */
  raiseAlert(alert: { kind: string; severity: 'info' | 'warning' | 'critical'; message: string; task?: string | null; details?: Readonly<Record<string, unknown>> }): boolean {
    return this.#alerts.fire({ kind: alert.kind, severity: alert.severity, message: alert.message, task: (alert.task ?? null) as TaskName | null, details: alert.details ?? {} });
  }

  /** Computes health now (agents and resources), emits it and alerts when it is low. */
  async checkHealth(): Promise<SystemHealth> {
    return this.#health.check();
  }

  /** Deletes runs and alerts older than `metrics_retention_days` (the audit trail is kept). */
  pruneHistory(): Promise<{ deleted: number; alertsDeleted: number; before: string }> {
    return this.#history.prune();
  }

  /**
   * Loads the agents that tasks name from modules, then lists what is wrong with the agents and
   * conditions the tasks name (what `start()` refuses and `evolve check` reports).
   */
  async problems(): Promise<ConfigIssue[]> {
    const file = this.config.sourcePath ?? '<code>';
    const baseDir = this.config.sourcePath ? dirname(this.config.sourcePath) : process.cwd();
    const issues = await loadTaskAgents(this.#taskConfigs.values(), this.agents, { baseDir, file, agentsDir: this.config.orchestrator.agentsDir });
    const failed = new Set(issues.map((issue) => issue.path));
    for (const task of this.#taskConfigs.values()) {
      if (!this.agents.has(task.agent) && !failed.has(`tasks.${task.name}.agent.module`) && !failed.has(`tasks.${task.name}.agent`)) {
        issues.push({ file, line: null, column: null, path: `tasks.${task.name}.agent`, message: this.agents.notFound(task.agent).message, fix: null });
      }
      for (const spec of task.conditions) {
        const problem = this.conditions.problems(spec);
        if (problem) issues.push({ file, line: null, column: null, path: `tasks.${task.name}.conditions.${spec.name}`, ...problem });
      }
    }
    return issues;
  }

  #running(): this {
    if (this.#lifecycle !== 'running') {
      throw new EvolveError('EVOLVE_LIFECYCLE', `the orchestrator is ${this.#lifecycle}: call start() first`);
    }
    return this;
  }

  #runtime(name: string): TaskRuntime {
    const runtime = this.#runtimes.get(name as TaskName);
    if (!runtime) throw this.#unknownTask(name);
    return runtime;
  }

  /** A task in the configuration or, removed since, still in the store (its history is kept). */
  async #checkTaskKnown(name: string): Promise<void> {
    if (!this.#taskConfigs.has(name as TaskName) && !(await this.store.getTaskState(name as TaskName))) throw this.#unknownTask(name);
  }

  #unknownTask(name: string): EvolveError {
    const names = [...this.#taskConfigs.keys()];
    const near = closest(name, names);
    const hint = near !== null ? ` Did you mean '${near}'?` : names.length > 0 ? ` Tasks: ${names.join(', ')}.` : ' No tasks are configured.';
    return new EvolveError('EVOLVE_TASK_NOT_FOUND', `no task named '${name}'.${hint}`);
  }

  #newStore(): Store {
    return new SqliteStore({
      path: this.databasePath,
      synchronous: this.config.store.synchronous,
      onCheckpointTrouble: (error) => {
        if (error === null) this.logger.info('WAL checkpoints work again');
        else this.logger.warn({ error }, 'WAL checkpoint failed: commits go on, but until checkpoints work a power loss can lose more than the last second (retried after the next commits)');
      },
    });
  }

  /** Opens the store on first use; after stop(), reads open a fresh connection. */
  #openStore(): Promise<void> {
    this.#storeOpen ??= this.#store.open();
    return this.#storeOpen;
  }

  async #loadTasks(): Promise<void> {
    const context: EngineContext = {
      store: this.store,
      clock: this.clock,
      events: this.events,
      logger: this.logger,
      alerts: this.#alerts,
      conditions: this.conditions,
      agents: this.agents,
      tasks: this.#runtimes,
      settings: this.config.orchestrator,
      monitoring: this.config.monitoring,
      instanceId: this.instance.id,
      calendars: this.calendars,
      random: this.#random,
    };
    this.#dispatcher = new Dispatcher(context);
    this.#scheduler = new Scheduler(context, this.#dispatcher);
    this.#intake = new PendingRunIntake(() => this.store, this.#dispatcher, this.instance.id);
    this.#admin = new TaskAdmin(context, this.#scheduler, this.#dispatcher, () => ({ ...this.config, tasks: this.#taskConfigs }));
    await this.#admin.load([...this.#taskConfigs.values()]);
  }

  /** Periodic jobs; each re-arms itself after it finishes, so a slow one never overlaps itself. */
  #startTimers(full: boolean): void {
    const every = (ms: number, job: () => Promise<unknown>): void => {
      const index = this.#timers.length;
      const tick = (): void => {
        job()
          .catch((error: unknown) => this.logger.error({ err: error }, 'periodic job failed'))
          .finally(() => {
            // Replace this job's handle: one live handle per job, however long the process runs.
            if (this.#lifecycle === 'running' || this.#lifecycle === 'starting') this.#timers[index] = this.clock.setTimer(ms, tick);
          });
      };
      this.#timers.push(this.clock.setTimer(ms, tick));
    };
    every(HEARTBEAT_MS, () => this.store.heartbeat(this.instance.id, this.clock.now()));
    every(this.config.orchestrator.healthCheckIntervalMs, () => this.checkHealth());
    every(RETENTION_EVERY_MS, () => this.pruneHistory());
    if (full) every(EXTERNAL_POLL_MS, () => this.#intake!.takeForeign());
    void this.pruneHistory().catch((error: unknown) => this.logger.error({ err: error }, 'pruning history failed'));
  }

  async #release(): Promise<void> {
    this.#health.close();
    if (this.#storeOpen === null) return;
    await this.#storeOpen.catch(() => undefined);
    if (this.#lifecycle !== 'created') {
      await releaseSchedulerLease(this.store, this.instance.id, this.clock.now());
    }
    if (!this.#ownsStore) return;
    await this.#store.close();
    this.#store = this.#newStore();
    this.#storeOpen = null;
  }

  #liveSnapshots(): TaskSnapshot[] {
    const counts = this.#dispatcher?.countsByTask() ?? new Map();
    return [...this.#runtimes.values()].map((rt) => ({
      config: rt.config,
      state: rt.state,
      recent: rt.recent,
      lastRun: rt.lastRun,
      lastSuccess: rt.lastSuccess,
      totals: rt.totals,
      counts: counts.get(rt.name) ?? { running: 0, queued: 0, waiting: 0 },
    }));
  }

  #statusContext(now: number) {
    return { environment: this.config.environment, configPath: this.config.sourcePath, dataDir: this.dataDir, now };
  }
}
