/**
 * Changes to tasks while the orchestrator runs: loading them with their persisted state, adding
 * one from code, config updates (validated like the YAML, persisted as overrides, audited),
 * enabling, disabling and resetting errors. Every change is written to the store and the audit
 * trail before it takes effect.
 */
import { applyTaskChanges } from '../config/task-definition.js';
import type { ResolvedConfig } from '../config/types.js';
import { describeError } from '../errors.js';
import type { TaskConfig } from '../model/task.js';
import type { TaskStatePatch } from '../store/store.js';
import type { Dispatcher } from './dispatcher.js';
import type { EngineContext } from './engine-context.js';
import type { Scheduler } from './scheduler.js';
import { TaskRuntime } from './task-runtime.js';

export class TaskAdmin {
  constructor(
    private readonly ctx: EngineContext,
    private readonly scheduler: Scheduler,
    private readonly dispatcher: Dispatcher,
    private readonly currentConfig: () => ResolvedConfig,
  ) {}

  /** Builds the runtime of every task from its configuration and what the store remembers. */
  async load(configs: readonly TaskConfig[]): Promise<void> {
    const states = await this.ctx.store.syncTasks(configs.map((config) => ({ name: config.name, config })));
    const byName = new Map(states.map((state) => [state.name, state]));
    for (const base of configs) {
      const state = byName.get(base.name)!;
      const config = this.#withOverrides(base, state.overrides);
      const stats = await this.ctx.store.taskStats(config.name, this.ctx.monitoring.performanceWindow);
      this.ctx.tasks.set(config.name, new TaskRuntime(config, state, stats, this.ctx.monitoring.performanceWindow));
    }
  }

  /** A task added (or replaced) from code while running. */
  async adopt(config: TaskConfig): Promise<void> {
    const existing = this.ctx.tasks.get(config.name);
    if (existing) {
      existing.config = config;
      await this.ctx.store.syncTasks([{ name: config.name, config }]);
      await this.scheduler.schedule(existing, false);
      return;
    }
    await this.load([config]);
    await this.scheduler.schedule(this.ctx.tasks.get(config.name)!, false);
    await this.#audit('library', 'task.add', config.name, { agent: config.agent });
  }

  async update(task: TaskRuntime, changes: Readonly<Record<string, unknown>>, actor: string): Promise<TaskConfig> {
    const next = applyTaskChanges(task.config, changes, this.currentConfig());
    const overrides = { ...task.state.overrides, ...changes };
    const before = Object.fromEntries(Object.keys(changes).map((key) => [key, task.state.overrides[key] ?? null]));
    await this.#persist(task, { overrides });
    await this.ctx.store.syncTasks([{ name: next.name, config: next }]);
    await this.#audit(actor, 'task.update', task.name, { changes, before });
    const scheduleChanged = JSON.stringify(next.schedule) !== JSON.stringify(task.config.schedule);
    const wasEnabled = task.enabled;
    task.config = next;
    this.ctx.events.emit('task:config-changed', { task: task.name, changes });
    if (!next.enabled) this.scheduler.unschedule(task.name);
    else if (!task.state.enabled && changes['enabled'] === true) await this.enable(task, actor);
    else if (scheduleChanged || !wasEnabled) await this.scheduler.schedule(task, true);
    return next;
  }

  /** Enables a task disabled in the configuration (as an override) or at run time (which resets its error count). */
  async enable(task: TaskRuntime, actor: string): Promise<void> {
    if (!task.config.enabled) return void (await this.update(task, { enabled: true }, actor));
    if (task.state.enabled) return;
    await this.#persist(task, { enabled: true, disabledReason: null, disabledAt: null, consecutiveFailures: 0 });
    await this.#audit(actor, 'task.enable', task.name, {});
    this.ctx.events.emit('task:enabled', { task: task.name });
    await this.scheduler.schedule(task, true);
  }

  async disable(task: TaskRuntime, reason: string, actor: string): Promise<void> {
    const disabledReason = `disabled by ${actor}: ${reason}`;
    await this.#persist(task, { enabled: false, disabledReason, disabledAt: this.ctx.clock.now() });
    await this.#audit(actor, 'task.disable', task.name, { reason });
    this.scheduler.unschedule(task.name);
    this.ctx.events.emit('task:disabled', { task: task.name, reason: disabledReason });
    await this.dispatcher.skipPendingOf(task, `task ${disabledReason}`);
  }

  async resetErrors(task: TaskRuntime, actor: string): Promise<void> {
    const reenable = !task.state.enabled && (task.state.disabledReason ?? '').startsWith('error_threshold');
    const patch: TaskStatePatch = { consecutiveFailures: 0, flagged: false, flagReason: null };
    if (reenable) Object.assign(patch, { enabled: true, disabledReason: null, disabledAt: null });
    await this.#persist(task, patch);
    await this.#audit(actor, 'task.reset-errors', task.name, { reenabled: reenable });
    if (reenable) {
      this.ctx.events.emit('task:enabled', { task: task.name });
      await this.scheduler.schedule(task, true);
    }
  }

  #withOverrides(base: TaskConfig, overrides: Readonly<Record<string, unknown>>): TaskConfig {
    if (Object.keys(overrides).length === 0) return base;
    try {
      return applyTaskChanges(base, overrides, this.currentConfig());
    } catch (error) {
      this.ctx.logger.warn({ task: base.name, overrides, error: describeError(error) }, 'ignoring stored config overrides that are no longer valid');
      return base;
    }
  }

  async #persist(task: TaskRuntime, patch: TaskStatePatch): Promise<void> {
    await this.ctx.store.updateTaskState(task.name, patch);
    Object.assign(task.state, patch);
  }

  #audit(actor: string, action: string, task: string, details: Readonly<Record<string, unknown>>): Promise<void> {
    return this.ctx.store.appendAudit({ at: this.ctx.clock.now(), actor, action, task: task as TaskConfig['name'], details });
  }
}
