/**
 * The dispatcher owns every unfinished run this process knows: ready runs (in priority order),
 * delayed retries, runs waiting on dependencies, and running ones. It claims runs in the store
 * before calling their agent (so a crash never loses one) and records every outcome.
 *
 * Modes: `accepting` (normal) → `draining` (stop(): no new starts, running runs may finish within
 * the grace period) → `stopped` (remaining runs aborted as interrupted).
 */
import { describeError } from '../errors.js';
import type { RunId } from '../model/ids.js';
import type { Run, RunStatus } from '../model/run.js';
import type { RunPatch } from '../store/store.js';
import { falseCondition, unsatisfiedDependencies } from './admission.js';
import type { EngineContext } from './engine-context.js';
import { execute, RunAbort, RunControl, type ExecutionOutcome } from './executor.js';
import { afterFinish } from './outcome-policy.js';
import { ReadyQueue } from './ready-queue.js';
import { retryOf } from './run-factory.js';
import { RunLogs } from './run-logs.js';
import type { TaskRuntime } from './task-runtime.js';
import { TimerQueue } from './timer-queue.js';

type Mode = 'accepting' | 'draining' | 'stopped';

export class Dispatcher {
  readonly #runs = new Map<RunId, Run>();
  readonly #ready = new ReadyQueue();
  readonly #delayed: TimerQueue<RunId>;
  readonly #waitDeadlines: TimerQueue<RunId>;
  /** Runs waiting on dependencies (a few), so a finishing run need not look at every queued one. */
  readonly #waiting = new Set<RunId>();
  readonly #controls = new Map<RunId, RunControl>();
  readonly #chainWaiters = new Map<RunId, ((run: Run) => void)[]>();
  readonly #executions = new Set<Promise<void>>();
  readonly #logs: RunLogs;
  #active = 0;
  #mode: Mode = 'accepting';

  constructor(private readonly ctx: EngineContext) {
    this.#delayed = new TimerQueue(ctx.clock, (ids) => this.#onDelayedDue(ids));
    this.#waitDeadlines = new TimerQueue(ctx.clock, (ids) => this.#onWaitDeadline(ids));
    this.#logs = new RunLogs({ store: ctx.store, clock: ctx.clock, logger: ctx.logger });
  }

  get running(): number {
    return this.#controls.size;
  }

  /** Unfinished runs held here, by task and status. */
  countsByTask(): Map<string, { running: number; queued: number; waiting: number }> {
    const counts = new Map<string, { running: number; queued: number; waiting: number }>();
    for (const run of this.#runs.values()) {
      if (run.status !== 'running' && run.status !== 'queued' && run.status !== 'waiting') continue;
      const entry = counts.get(run.task) ?? { running: 0, queued: 0, waiting: 0 };
      entry[run.status]++;
      counts.set(run.task, entry);
    }
    return counts;
  }

  get(runId: RunId): Run | undefined {
    return this.#runs.get(runId);
  }

  knows(runId: RunId): boolean {
    return this.#runs.has(runId);
  }

  /** Writes the log lines a run has buffered (before its log is read); undefined when it has none. */
  flushRunLog(runId: RunId): Promise<void> | undefined {
    return this.#logs.flush(runId);
  }

  /** Resolves with the final run of a chain (after its last attempt). */
  waitForChain(chainId: RunId): Promise<Run> {
    return new Promise((resolve) => {
      const waiters = this.#chainWaiters.get(chainId) ?? [];
      waiters.push(resolve);
      this.#chainWaiters.set(chainId, waiters);
    });
  }

  /** Takes an unfinished run that is already recorded in the store. */
  accept(run: Run): void {
    const task = this.ctx.tasks.get(run.task);
    if (!task) {
      void this.#finishUnstarted(run, 'skipped', `task ${run.task} is no longer in the configuration`);
      return;
    }
    this.#runs.set(run.id, run);
    task.pending.add(run.id);
    if (run.status === 'waiting') {
      this.#waiting.add(run.id);
      this.#waitDeadlines.set(run.id, run.createdAt + task.config.dependencyTimeoutMs);
      void this.#recheckWaiting(run, task);
    } else if (run.notBefore > this.ctx.clock.now()) {
      this.#delayed.set(run.id, run.notBefore);
    } else {
      this.#enqueue(run, task);
    }
  }

  /** Records a new run and takes it. */
  async submit(run: Run): Promise<void> {
    // The run is taken at once: when a slot is free its claim is queued right behind the insert,
    // so both share one commit (the agent is still called only after it), which halves the
    // trigger-to-start latency. Should the insert fail, the claim finds no row and is dropped.
    const inserted = this.ctx.store.insertRuns([run]);
    this.accept(run);
    await inserted;
    this.ctx.events.emitRun('run:created', run);
  }

  /** Cancels a run this process holds; returns false when it holds no such unfinished run. */
  async cancel(runId: RunId, reason: string): Promise<boolean> {
    const run = this.#runs.get(runId);
    if (!run) return false;
    const control = this.#controls.get(runId);
    if (control) {
      control.abort(new RunAbort('cancel', reason));
      return true;
    }
    this.#forget(run);
    await this.#finishUnstarted(run, 'cancelled', reason);
    return true;
  }

  /** Skips every not-yet-started run of a task (it was disabled). */
  async skipPendingOf(task: TaskRuntime, reason: string): Promise<void> {
    const runs = [...task.pending].map((id) => this.#runs.get(id)).filter((run): run is Run => !!run && run.status !== 'running');
    await Promise.all(runs.map((run) => (this.#forget(run), this.#finishUnstarted(run, 'skipped', reason))));
  }

  /** An upstream task finished: waiting runs that depend on it may now go ahead. */
  dependencyChanged(upstream: string): void {
    for (const id of this.#waiting) {
      const run = this.#runs.get(id);
      if (run?.status !== 'waiting') continue;
      const task = this.ctx.tasks.get(run.task);
      if (task?.config.dependencies.some((d) => d.task === upstream)) void this.#recheckWaiting(run, task);
    }
  }

  /** Starts ready runs while slots are free. */
  pump(): void {
    if (this.#mode !== 'accepting') return;
    const now = this.ctx.clock.now();
    while (this.#active < this.ctx.settings.maxConcurrentTasks) {
      const entry = this.#ready.take(now, (e) => this.#eligible(e.runId));
      if (!entry) return;
      const run = this.#runs.get(entry.runId);
      const task = run && this.ctx.tasks.get(run.task);
      if (!run || !task) continue;
      this.#active++;
      task.running.add(run.id);
      const execution = this.#start(run, task).finally(() => this.#executions.delete(execution));
      this.#executions.add(execution);
    }
  }

  /**
   * Stops starting runs, lets running ones finish for `graceMs`, then aborts the rest: they end
   * interrupted and, when attempts remain, a next attempt is recorded for the next start.
   * Returns how many were interrupted.
   */
  async stop(graceMs: number): Promise<number> {
    if (this.#mode === 'stopped') return 0;
    this.#mode = 'draining';
    this.#delayed.stop();
    this.#waitDeadlines.stop();
    if (this.#executions.size > 0 && graceMs > 0) {
      let timer: { cancel(): void } | undefined;
      const grace = new Promise<void>((resolve) => (timer = this.ctx.clock.setTimer(graceMs, resolve)));
      await Promise.race([Promise.all(this.#executions), grace]);
      timer?.cancel();
    }
    const interrupted = this.#controls.size;
    this.abortRunning(graceMs);
    await Promise.all(this.#executions);
    await this.#logs.close();
    this.#mode = 'stopped';
    return interrupted;
  }

  /** Aborts every running run now: they end interrupted (a second Ctrl-C during stop). */
  abortRunning(graceMs: number): void {
    const seconds = Math.round(graceMs / 100) / 10;
    for (const control of this.#controls.values()) {
      control.abort(new RunAbort('shutdown', `the orchestrator stopped before the run finished (grace period ${seconds} s)`));
    }
  }

  #eligible(runId: RunId): boolean {
    const run = this.#runs.get(runId);
    const task = run && this.ctx.tasks.get(run.task);
    return !task || task.config.concurrentExecution || task.running.size === 0;
  }

  #enqueue(run: Run, task: TaskRuntime): void {
    this.#ready.push({ runId: run.id, priority: task.config.priority, dueAt: run.scheduledFor ?? run.notBefore });
    this.pump();
  }

  #forget(run: Run): void {
    this.#runs.delete(run.id);
    this.#ready.remove(run.id);
    this.#delayed.delete(run.id);
    this.#waitDeadlines.delete(run.id);
    this.#waiting.delete(run.id);
    this.ctx.tasks.get(run.task)?.pending.delete(run.id);
  }

  #onDelayedDue(ids: RunId[]): void {
    for (const id of ids) {
      const run = this.#runs.get(id);
      const task = run && this.ctx.tasks.get(run.task);
      if (run && task) this.#enqueue(run, task);
    }
  }

  #onWaitDeadline(ids: RunId[]): void {
    for (const id of ids) {
      const run = this.#runs.get(id);
      const task = run && this.ctx.tasks.get(run.task);
      if (!run || !task || run.status !== 'waiting') continue;
      const minutes = Math.round(task.config.dependencyTimeoutMs / 600) / 100;
      this.#forget(run);
      void this.#finishUnstarted(run, 'skipped', `dependency_timeout: waited ${minutes} min; ${run.reason ?? 'dependencies not satisfied'}`);
    }
  }

  async #recheckWaiting(run: Run, task: TaskRuntime): Promise<void> {
    const now = this.ctx.clock.now();
    const unsatisfied = unsatisfiedDependencies(task, this.ctx.tasks, now);
    if (unsatisfied) {
      if (unsatisfied !== run.reason) {
        run.reason = unsatisfied;
        await this.#write(this.ctx.store.patchRun(run.id, { reason: unsatisfied }), run);
        this.ctx.events.emitRun('run:waiting', run);
      }
      return;
    }
    const condition = await falseCondition(this.ctx, task, now);
    if (run.status !== 'waiting' || !this.#runs.has(run.id)) return;
    if (condition) {
      this.#forget(run);
      await this.#finishUnstarted(run, 'skipped', condition);
      return;
    }
    run.status = 'queued';
    run.queuedAt = now;
    run.reason = null;
    this.#waitDeadlines.delete(run.id);
    this.#waiting.delete(run.id);
    const moved = await this.ctx.store.transitionRun(run.id, ['waiting'], { status: 'queued', queuedAt: now, reason: null });
    if (!moved) return this.#forget(run);
    this.ctx.events.emitRun('run:queued', run);
    this.#enqueue(run, task);
  }

  async #start(run: Run, task: TaskRuntime): Promise<void> {
    const { store, clock, events } = this.ctx;
    const startedAt = clock.now();
    const claim: RunPatch & { status: RunStatus } = { status: 'running', startedAt, owner: this.ctx.instanceId };
    const claimed = await store
      .transitionRun(run.id, ['queued'], claim, { exclusive: !task.config.concurrentExecution })
      .catch((error: unknown) => (this.ctx.logger.error({ err: error, runId: run.id }, 'could not claim a run'), false));
    if (!claimed) {
      this.#active--;
      task.running.delete(run.id);
      this.#forget(run);
      this.pump();
      return;
    }
    Object.assign(run, claim);
    const control = new RunControl();
    this.#controls.set(run.id, control);
    events.emitRun('run:started', run);
    const invoked = this.#invoke(run, task, control);
    await this.#finish(run, task, invoked instanceof Promise ? await invoked : invoked);
  }

  #invoke(run: Run, task: TaskRuntime, control: RunControl): ExecutionOutcome | Promise<ExecutionOutcome> {
    if (!this.ctx.agents.has(task.config.agent)) {
      return { status: 'failed', error: this.ctx.agents.notFound(task.config.agent).message };
    }
    return execute({
      agent: this.ctx.agents.get(task.config.agent),
      run,
      task: task.config,
      clock: this.ctx.clock,
      logger: () => this.#logs.loggerFor(run),
      control,
      onSlaBreached: () => this.#slaBreached(run, task),
      onProgress: (progress, progressMessage) => {
        if (!this.#controls.has(run.id)) return;
        Object.assign(run, { progress, progressMessage });
        void this.#write(this.ctx.store.patchRun(run.id, { progress, progressMessage }), run);
        this.ctx.events.emitRun('run:progress', run);
      },
    });
  }

  #slaBreached(run: Run, task: TaskRuntime): void {
    if (!this.#controls.has(run.id)) return;
    run.slaBreached = true;
    void this.#write(this.ctx.store.patchRun(run.id, { slaBreached: true }), run);
    const minutes = Math.round((task.config.maxDurationMs ?? 0) / 600) / 100;
    this.#logs.add(run.id, 'warn', `running longer than max_duration_minutes (${minutes} min); the run is not stopped`);
    this.ctx.alerts.fire({
      kind: 'sla_breached',
      severity: 'warning',
      task: task.name,
      message: `${task.name}: run ${run.id} has been running longer than max_duration_minutes (${minutes} min); it is not stopped`,
      details: { runId: run.id, startedAt: run.startedAt, maxDurationMs: task.config.maxDurationMs },
    });
  }

  async #finish(run: Run, task: TaskRuntime, outcome: ExecutionOutcome): Promise<void> {
    const now = this.ctx.clock.now();
    const patch: RunPatch & { status: RunStatus } =
      outcome.status === 'succeeded'
        ? { status: 'succeeded', result: outcome.result, error: null }
        : { status: outcome.status, error: outcome.error, reason: outcome.status === 'interrupted' ? outcome.error : null };
    Object.assign(patch, { finishedAt: now, durationMs: now - (run.startedAt ?? now) });
    if (outcome.status === 'timed_out') this.#logs.add(run.id, 'error', outcome.error);
    this.#controls.delete(run.id);
    this.#active--;
    task.running.delete(run.id);
    this.#forget(run);
    await this.#conclude(run, task, patch);
  }

  /**
   * A run left `running` by a process that died: it ends interrupted, and its next attempt is
   * recorded when attempts remain (with the same idempotency key).
   */
  async recoverOrphan(run: Run, reason: string): Promise<void> {
    const now = this.ctx.clock.now();
    const patch = { status: 'interrupted', finishedAt: now, error: reason, reason } as const;
    const task = this.ctx.tasks.get(run.task);
    if (!task) {
      await this.ctx.store.transitionRun(run.id, ['running'], patch);
      return;
    }
    await this.#conclude(run, task, patch);
  }

  /** Records a final status, then what follows from it: counters, thresholds, a retry, events. */
  async #conclude(run: Run, task: TaskRuntime, patch: RunPatch & { status: RunStatus }): Promise<void> {
    const { store } = this.ctx;
    const now = patch.finishedAt ?? this.ctx.clock.now();
    Object.assign(run, patch);
    // Enqueued before the next claim (pump), so both share one commit and the store sees this run
    // finish before another of the task starts; its buffered log lines go in the same commit.
    const logged = this.#logs.flush(run.id);
    const finished = store.transitionRun(run.id, ['running'], patch);
    this.pump();
    let recorded: boolean;
    try {
      recorded = await finished;
      if (logged) await logged;
    } catch (error) {
      this.ctx.logger.error({ runId: run.id, error: describeError(error) }, 'store write failed');
      recorded = false;
    }
    if (!recorded) {
      // Another process recovered this run after our lease lapsed: its outcome is theirs to record.
      this.ctx.logger.warn({ runId: run.id, status: run.status }, 'run was no longer running in the store; its outcome is not recorded here');
      return;
    }
    task.record(run);
    const decision = afterFinish(task, run, now, this.ctx.monitoring, this.ctx.random);
    const writes: Promise<unknown>[] = [];
    if (decision.taskPatch) {
      Object.assign(task.state, decision.taskPatch);
      writes.push(store.updateTaskState(task.name, decision.taskPatch));
    }
    const retry = decision.retryAt === null ? null : retryOf(run, run.status === 'interrupted' ? 'recovery' : 'retry', now, decision.retryAt, this.ctx.instanceId);
    if (retry) writes.push(store.insertRuns([retry]), this.#logs.retryScheduled(run.id, retry, now));
    if (writes.length > 0) {
      try {
        await Promise.all(writes);
      } catch (error) {
        this.ctx.logger.error({ err: error, runId: run.id }, 'could not record what follows a run (retry, task state)');
        return;
      }
    }
    this.#announce(run, retry);
    if (decision.disabledReason) await this.#disabled(task, decision.disabledReason);
    if (decision.flagChange) this.#flagChanged(task, decision.flagChange);
  }

  #announce(run: Run, retry: Run | null): void {
    this.ctx.events.emitRun('run:finished', run);
    if (retry) {
      this.ctx.events.emitRun('run:created', retry);
      if (this.#mode === 'accepting') this.accept(retry);
    } else {
      const waiters = this.#chainWaiters.get(run.chainId);
      this.#chainWaiters.delete(run.chainId);
      for (const resolve of waiters ?? []) resolve({ ...run });
    }
    if (run.status !== 'skipped') this.dependencyChanged(run.task);
  }

  async #disabled(task: TaskRuntime, reason: string): Promise<void> {
    this.ctx.events.emit('task:disabled', { task: task.name, reason });
    this.ctx.alerts.fire({ kind: 'task_disabled', severity: 'critical', task: task.name, message: `${task.name} disabled: ${reason}`, details: { reason } });
    await this.ctx.store.appendAudit({ at: this.ctx.clock.now(), actor: 'engine', action: 'task.disable', task: task.name, details: { reason } });
    await this.skipPendingOf(task, `task disabled: ${reason}`);
  }

  #flagChanged(task: TaskRuntime, change: { flagged: boolean; reason: string | null }): void {
    if (change.flagged) {
      const reason = change.reason ?? 'below performance_threshold';
      this.ctx.events.emit('task:flagged', { task: task.name, reason });
      this.ctx.alerts.fire({ kind: 'performance_below_threshold', severity: 'warning', task: task.name, message: `${task.name}: ${reason}`, details: {} });
    } else {
      this.ctx.events.emit('task:unflagged', { task: task.name });
    }
  }

  /** Ends a run that never started (cancelled, skipped). */
  async #finishUnstarted(run: Run, status: 'cancelled' | 'skipped', reason: string): Promise<void> {
    const now = this.ctx.clock.now();
    const from = run.status;
    Object.assign(run, { status, reason, finishedAt: now });
    const moved = await this.#write(this.ctx.store.transitionRun(run.id, [from], { status, reason, finishedAt: now }), run);
    if (!moved) return;
    this.ctx.tasks.get(run.task)?.record(run);
    this.#announce(run, null);
  }

  async #write<T>(write: Promise<T>, run: Run): Promise<T | undefined> {
    try {
      return await write;
    } catch (error) {
      this.ctx.logger.error({ runId: run.id, error: describeError(error) }, 'store write failed');
      return undefined;
    }
  }
}
