/**
 * Health of one task's agent in [0, 1], from its recent outcomes:
 *   0.60 × success rate over the recent window (1 with no runs yet)
 * + 0.25 × (1 − consecutive failures / error threshold, floored at 0)
 * + 0.15 × duration score (1 while the median successful duration is ≤ half of
 *          max_duration_minutes, falling linearly to 0 at the limit; 1 without an SLA).
 * A task disabled at run time (error threshold) has health 0.
 */
import type { RunStatus } from '../model/run.js';

export interface AgentHealthInput {
  recent: readonly { status: RunStatus; durationMs: number | null }[];
  consecutiveFailures: number;
  errorThreshold: number;
  maxDurationMs: number | null;
  disabledAtRuntime: boolean;
}

export interface AgentHealth {
  score: number;
  /** Succeeded / (succeeded + failed + timed_out) over the window; null with no runs. */
  successRate: number | null;
  runs: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function successRate(recent: AgentHealthInput['recent']): number | null {
  const judged = recent.filter((r) => r.status === 'succeeded' || r.status === 'failed' || r.status === 'timed_out');
  if (judged.length === 0) return null;
  return judged.filter((r) => r.status === 'succeeded').length / judged.length;
}

export function agentHealth(input: AgentHealthInput): AgentHealth {
  const rate = successRate(input.recent);
  const runs = input.recent.length;
  if (input.disabledAtRuntime) return { score: 0, successRate: rate, runs };
  const errorScore = 1 - Math.min(1, input.consecutiveFailures / Math.max(1, input.errorThreshold));
  let durationScore = 1;
  const durations = input.recent.filter((r) => r.status === 'succeeded' && r.durationMs !== null).map((r) => r.durationMs!);
  if (input.maxDurationMs !== null && durations.length > 0) {
    const ratio = median(durations) / input.maxDurationMs;
    durationScore = ratio <= 0.5 ? 1 : Math.max(0, 1 - (ratio - 0.5) / 0.5);
  }
  const score = 0.6 * (rate ?? 1) + 0.25 * errorScore + 0.15 * durationScore;
  return { score: Math.round(score * 1000) / 1000, successRate: rate, runs };
}
