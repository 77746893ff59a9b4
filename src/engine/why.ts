/**
 * `evolve why <task>`: why a task is not running now, in sentences — disabled and why, what its
 * pending runs wait for, which dependency or condition would hold the next run back, and when it
 * fires next.
 */
import type { ConditionVerdict } from '../conditions/condition-registry.js';
import type { Run } from '../model/run.js';
import type { TaskConfig } from '../model/task.js';
import type { TaskStatus } from './status.js';

export interface WhyReport {
  task: string;
  /** running | queued | waiting | disabled | scheduled | manual */
  state: string;
  reasons: string[];
  nextRunAt: string | null;
}

const iso = (ms: number): string => new Date(ms).toISOString();

function inWords(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < 60_000) return `${Math.round(abs / 1000)} s`;
  if (abs < 3_600_000) return `${Math.round(abs / 60_000)} min`;
  if (abs < 86_400_000) return `${Math.round(abs / 360_000) / 10} h`;
  return `${Math.round(abs / 8_640_000) / 10} days`;
}

export interface WhyInput {
  status: TaskStatus;
  config: TaskConfig;
  /** The task's unfinished runs. */
  pending: readonly Run[];
  upstream: readonly TaskStatus[];
  verdicts: readonly ConditionVerdict[];
  now: number;
}

export function explainTask(input: WhyInput): WhyReport {
  const { status, config, pending, now } = input;
  const reasons: string[] = [];
  let state = config.schedule.kind === 'manual' ? 'manual' : 'scheduled';

  if (!status.enabled) {
    state = 'disabled';
    const fix = status.configEnabled
      ? status.disabledReason?.startsWith('error_threshold')
        ? 'fix the cause, then `evolve tasks reset-errors` / resetErrors() or enable it'
        : 'enable it again (enableTask / the API)'
      : 'set enabled: true in the configuration';
    reasons.push(`disabled: ${status.disabledReason ?? 'disabled'} — to run it again, ${fix}`);
  }
  for (const run of pending) {
    if (run.status === 'running') {
      state = 'running';
      const progress = run.progress === null ? '' : `, ${Math.round(run.progress * 100)}%${run.progressMessage ? ` (${run.progressMessage})` : ''}`;
      reasons.push(`running now: run ${run.id} (attempt ${run.attempt}) since ${iso(run.startedAt ?? now)}${progress}`);
    } else if (run.status === 'waiting') {
      if (state !== 'running') state = 'waiting';
      reasons.push(`run ${run.id} is ${run.reason ?? 'waiting for its dependencies'}; it is skipped ${inWords(config.dependencyTimeoutMs)} after it became due if they stay unsatisfied`);
    } else if (run.status === 'queued') {
      if (state !== 'running' && state !== 'waiting') state = 'queued';
      reasons.push(
        run.notBefore > now
          ? `run ${run.id} (attempt ${run.attempt}) is a retry that starts at ${iso(run.notBefore)}, in ${inWords(run.notBefore - now)}`
          : `run ${run.id} is queued, waiting for a free slot (max_concurrent_tasks) or for its running run to finish`,
      );
    }
  }
  for (const upstream of input.upstream) {
    const last = upstream.lastRun;
    if (!last) reasons.push(`dependency ${upstream.name} has not run yet, so a due run of ${status.name} will wait for it`);
    else if (last.status !== 'succeeded' && last.status !== 'skipped') reasons.push(`dependency ${upstream.name}'s latest run ${last.id} ended ${last.status}${last.error ? `: ${last.error}` : ''}`);
    if (!upstream.enabled) reasons.push(`dependency ${upstream.name} is disabled (${upstream.disabledReason ?? 'disabled'})`);
  }
  for (const verdict of input.verdicts) {
    if (!verdict.ok) reasons.push(`condition ${verdict.detail}: a run due now would be skipped`);
  }
  if (status.lastRun?.status === 'skipped' && status.lastRun.reason) reasons.push(`the latest run was skipped: ${status.lastRun.reason}`);
  if (status.nextRunAt) {
    const at = Date.parse(status.nextRunAt);
    reasons.push(`fires next at ${status.nextRunAt} (${at >= now ? `in ${inWords(at - now)}` : `${inWords(now - at)} ago: due now`})`);
  } else if (status.enabled && config.schedule.kind === 'manual') {
    reasons.push('has no schedule (manual: true): it runs only when triggered');
  }
  return { task: status.name, state, reasons, nextRunAt: status.nextRunAt };
}
