/**
 * What follows a finished run, as a pure decision: the consecutive-failure count, disabling at
 * `error_threshold`, flagging below `performance_threshold`, and whether and when to retry.
 *
 * Every attempt counts: with retry_count 3 and error_threshold 5, a chain that fails all four
 * attempts leaves the count at 4. Interrupted, cancelled and skipped runs neither count nor reset.
 */
import type { MonitoringSettings } from '../config/types.js';
import { successRate } from '../health/agent-health.js';
import type { Run } from '../model/run.js';
import { retryDelay } from '../schedule/retry-delay.js';
import type { TaskStatePatch } from '../store/store.js';
import type { TaskRuntime } from './task-runtime.js';

export interface AfterFinish {
  /** Persisted task state changes, or null when nothing changed. */
  taskPatch: TaskStatePatch | null;
  /** Set when this run disabled the task. */
  disabledReason: string | null;
  /** Set when the flag changed: true = newly below the performance threshold. */
  flagChange: { flagged: boolean; reason: string | null } | null;
  /** When the next attempt may start, or null for no retry. */
  retryAt: number | null;
}

function percent(value: number): string {
  return `${Math.round(value * 1000) / 10}%`;
}

export function afterFinish(task: TaskRuntime, run: Run, now: number, monitoring: MonitoringSettings, random: () => number): AfterFinish {
  const config = task.config;
  const patch: TaskStatePatch = {};
  let disabledReason: string | null = null;

  const failed = run.status === 'failed' || run.status === 'timed_out';
  const previous = task.state.consecutiveFailures;
  const failures = failed ? previous + 1 : run.status === 'succeeded' ? 0 : previous;
  if (failures !== previous) patch.consecutiveFailures = failures;
  if (failed && task.state.enabled && failures >= config.errorThreshold) {
    disabledReason = `error_threshold: ${failures} consecutive failed runs (threshold ${config.errorThreshold}); last error: ${run.error ?? run.status}`;
    Object.assign(patch, { enabled: false, disabledReason, disabledAt: now });
  }

  let flagChange: AfterFinish['flagChange'] = null;
  if (config.performanceThreshold !== null && task.recent.length >= monitoring.performanceMinRuns) {
    const rate = successRate(task.recent);
    if (rate !== null) {
      const below = rate < config.performanceThreshold;
      if (below !== task.state.flagged) {
        const reason = below
          ? `success rate ${percent(rate)} over the last ${task.recent.length} runs is below performance_threshold ${percent(config.performanceThreshold)}`
          : null;
        flagChange = { flagged: below, reason };
        Object.assign(patch, { flagged: below, flagReason: reason });
      }
    }
  }

  // An interrupted run was not the agent's fault: its next attempt may start at once.
  const retryable = failed || run.status === 'interrupted';
  let retryAt: number | null = null;
  if (retryable && disabledReason === null && run.attempt < run.maxAttempts) {
    retryAt = failed ? now + retryDelay(run.attempt, config.retryDelayMs, config.retryBackoff, config.retryMaxDelayMs, random) : now;
  }

  return { taskPatch: Object.keys(patch).length > 0 ? patch : null, disabledReason, flagChange, retryAt };
}
