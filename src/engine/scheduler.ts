/**
 * Fires schedules. Each enabled task with a schedule has its next slot persisted in the store and
 * held in a timer queue; when slots fall due, they are planned (misfire policy), admitted
 * (overlap, dependencies, conditions) and recorded in ONE store write together with the following
 * next fire time, so after a crash a slot is neither fired twice nor forgotten.
 */
import type { TaskName } from '../model/ids.js';
import type { NextFire } from '../store/store.js';
import type { Run } from '../model/run.js';
import { bindSchedule, firstSlot, scheduleKey } from '../schedule/index.js';
import { admitScheduled } from './admission.js';
import type { Dispatcher } from './dispatcher.js';
import type { EngineContext } from './engine-context.js';
import { planFires } from './fire-plan.js';
import { newRun } from './run-factory.js';
import type { TaskRuntime } from './task-runtime.js';
import { TimerQueue } from './timer-queue.js';

export class Scheduler {
  readonly #timers: TimerQueue<TaskName>;
  readonly #firing = new Set<Promise<void>>();

  constructor(
    private readonly ctx: EngineContext,
    private readonly dispatcher: Dispatcher,
  ) {
    this.#timers = new TimerQueue(ctx.clock, (names, now) => this.#onDue(names, now));
  }

  /** Arms every enabled, scheduled task; persists a first slot where none is stored or the schedule changed. */
  async start(): Promise<void> {
    // One instant for all: interval tasks started together stay in step (one wake-up, not 1,000).
    const now = this.ctx.clock.now();
    await Promise.all([...this.ctx.tasks.values()].map((task) => this.schedule(task, false, now)));
  }

  /**
   * (Re)arms one task. With `fromNow`, or when the stored slot belongs to another schedule, the
   * next slot is computed afresh from now (re-enabling a task does not replay what it missed).
   */
  async schedule(task: TaskRuntime, fromNow: boolean, now = this.ctx.clock.now()): Promise<void> {
    this.#timers.delete(task.name);
    if (!task.enabled || task.config.schedule.kind === 'manual') {
      // Forget the slot: slots passed while a task was disabled are not misfires when it comes back.
      if (task.state.nextFireAt !== null) {
        task.state.nextFireAt = null;
        await this.ctx.store.updateTaskState(task.name, { nextFireAt: null });
      }
      return;
    }
    const key = scheduleKey(task.config.schedule);
    const slots = bindSchedule(task.config.schedule, this.ctx.calendars);
    const stored = task.state.nextFireAt;
    let next = stored;
    if (fromNow || stored === null || task.state.scheduleKey !== key) next = firstSlot(slots, now);
    // A closure added to the calendar since the slot was stored cancels it: move to the next real one.
    else if (slots.kind === 'market') next = firstSlot(slots, stored);
    if (next !== stored || task.state.scheduleKey !== key) {
      task.state.nextFireAt = next;
      task.state.scheduleKey = key;
      await this.ctx.store.updateTaskState(task.name, { nextFireAt: next, scheduleKey: key });
    }
    if (next !== null) this.#timers.set(task.name, next);
  }

  unschedule(name: TaskName): void {
    this.#timers.delete(name);
  }

  nextFireAt(name: TaskName): number | null {
    return this.#timers.at(name) ?? null;
  }

  async stop(): Promise<void> {
    this.#timers.stop();
    await Promise.all(this.#firing);
  }

  #onDue(names: TaskName[], now: number): void {
    const due = names.map((name) => this.ctx.tasks.get(name)).filter((task): task is TaskRuntime => task?.enabled === true);
    const firing = this.#fire(due, now)
      .catch((error: unknown) => {
        this.ctx.logger.error({ err: error, tasks: due.map((t) => t.name) }, 'could not record schedule fires; retrying in 5 s');
        for (const task of due) if (task.state.nextFireAt !== null && task.enabled) this.#timers.set(task.name, now + 5_000);
      })
      .finally(() => this.#firing.delete(firing));
    this.#firing.add(firing);
  }

  /**
   * Records the due slots of every task that woke together in one store write (a market open may
   * wake hundreds), then hands the runs to the dispatcher.
   */
  async #fire(tasks: readonly TaskRuntime[], now: number): Promise<void> {
    const fires = (await Promise.all(tasks.map((task) => this.#plan(task, now)))).filter((fire) => fire !== null);
    if (fires.length === 0) return;
    const result = await this.ctx.store.insertRuns(
      fires.flatMap((fire) => fire.runs),
      fires.map((fire) => fire.next),
    );
    const inserted: ReadonlySet<string> = new Set(result.inserted);
    const recordedAt = this.ctx.clock.now();
    for (const { task, runs, next } of fires) {
      task.state.nextFireAt = next.at;
      task.state.scheduleKey = next.scheduleKey;
      if (next.at !== null && task.enabled) this.#timers.set(task.name, next.at);
      for (const run of runs) this.#announce(task, run, inserted.has(run.id), now, recordedAt);
    }
  }

  /** The runs (run, waiting or skipped) for a task's due slots, and its next fire. */
  async #plan(task: TaskRuntime, now: number): Promise<{ task: TaskRuntime; runs: Run[]; next: NextFire } | null> {
    const from = task.state.nextFireAt;
    if (from === null) return null;
    const { schedule, misfire, misfireMaxRuns } = task.config;
    const plan = planFires(bindSchedule(schedule, this.ctx.calendars), misfire, misfireMaxRuns, from, now, this.ctx.settings.misfireGraceMs);
    const origin = this.ctx.instanceId;
    const runs: Run[] = plan.skip.map(({ slot, reason }) => newRun({ task: task.config, trigger: 'schedule', now, origin, scheduledFor: slot, status: 'skipped', reason }));
    // One admission for every slot of this fire: they are judged at the same instant.
    if (plan.run.length > 0) {
      const admission = await admitScheduled(this.ctx, task, now);
      const reason = admission.status === 'queued' ? null : admission.reason;
      for (const slot of plan.run) runs.push(newRun({ task: task.config, trigger: 'schedule', now, origin, scheduledFor: slot, status: admission.status, reason }));
    }
    return { task, runs, next: { task: task.name, at: plan.next, scheduleKey: scheduleKey(schedule) } };
  }

  #announce(task: TaskRuntime, run: Run, recorded: boolean, wokeAt: number, recordedAt: number): void {
    const slot = run.scheduledFor!;
    this.ctx.events.emit('schedule:fired', { task: task.name, slot, wakeLatenessMs: wokeAt - slot, latenessMs: recordedAt - slot, runId: recorded ? run.id : null });
    if (!recorded) return; // this slot was recorded before a restart: never twice
    this.ctx.events.emitRun('run:created', run);
    if (run.status === 'skipped') {
      task.record(run);
      this.ctx.events.emitRun('run:finished', run);
      return;
    }
    this.ctx.events.emitRun(run.status === 'waiting' ? 'run:waiting' : 'run:queued', run);
    this.dispatcher.accept(run);
  }
}
