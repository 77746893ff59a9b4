/**
 * Whether a due run may start: the task's own state (overlap), its dependencies and its
 * conditions, in that order. Scheduled runs are admitted; manual, command, retry and recovery runs
 * were asked for explicitly (or already admitted) and skip these checks.
 */
import { describeError } from '../errors.js';
import type { TaskName } from '../model/ids.js';
import type { EngineContext } from './engine-context.js';
import type { TaskRuntime } from './task-runtime.js';

export type Admission = { status: 'queued' } | { status: 'waiting' | 'skipped'; reason: string };

const iso = (ms: number): string => new Date(ms).toISOString();

function minutes(ms: number): string {
  const value = ms / 60_000;
  return `${Number.isInteger(value) ? value : value.toFixed(2)} min`;
}

/** Why the task's dependencies are not satisfied, or null when they are. */
export function unsatisfiedDependencies(task: TaskRuntime, tasks: ReadonlyMap<TaskName, TaskRuntime>, now: number): string | null {
  const reasons: string[] = [];
  for (const dependency of task.config.dependencies) {
    const upstream = tasks.get(dependency.task);
    const last = upstream?.lastFinished ?? null;
    if (!last) {
      reasons.push(`${dependency.task} has not run yet`);
    } else if (last.status !== 'succeeded') {
      reasons.push(`${dependency.task}'s latest run ${last.id} ended ${last.status}${last.finishedAt ? ` at ${iso(last.finishedAt)}` : ''}`);
    } else if (dependency.maxAgeMs !== null && last.finishedAt !== null && now - last.finishedAt > dependency.maxAgeMs) {
      reasons.push(`${dependency.task}'s latest success (${iso(last.finishedAt)}) is older than ${minutes(dependency.maxAgeMs)}`);
    }
  }
  return reasons.length === 0 ? null : `waiting for ${reasons.join('; ')}`;
}

/** A run of a task that allows one at a time is still pending: a new slot would pile up behind it. */
export function overlapReason(task: TaskRuntime): string | null {
  if (task.config.concurrentExecution || task.pending.size === 0) return null;
  const [other] = task.pending;
  const state = task.running.size > 0 ? 'running' : 'pending';
  return `overlap: run ${other} is still ${state} and concurrent_execution is false`;
}

/** The first false condition, as a skip reason, or null when all hold. */
export async function falseCondition(context: EngineContext, task: TaskRuntime, now: number): Promise<string | null> {
  for (const spec of task.config.conditions) {
    try {
      const verdict = await context.conditions.evaluate(spec, { task: task.config, now });
      if (!verdict.ok) return `condition ${verdict.detail}`;
    } catch (error) {
      return `condition ${spec.name} could not be evaluated: ${describeError(error)}`;
    }
  }
  return null;
}

/** Admission of a scheduled run at its due time. */
export async function admitScheduled(context: EngineContext, task: TaskRuntime, now: number): Promise<Admission> {
  const overlap = overlapReason(task);
  if (overlap) return { status: 'skipped', reason: overlap };
  const dependencies = unsatisfiedDependencies(task, context.tasks, now);
  if (dependencies) return { status: 'waiting', reason: dependencies };
  const condition = task.config.conditions.length > 0 ? await falseCondition(context, task, now) : null;
  if (condition) return { status: 'skipped', reason: condition };
  return { status: 'queued' };
}
