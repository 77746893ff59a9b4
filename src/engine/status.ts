/**
 * Status reports, built the same way from a live engine's memory or from the store alone (for
 * `evolve status` in another process). Instants are ISO-8601 UTC strings: these are reports.
 */
import { agentHealth } from '../health/agent-health.js';
import { systemHealth, type SystemHealth } from '../health/system-health.js';
import type { ResourceReading } from '../health/resource-probe.js';
import type { TaskName } from '../model/ids.js';
import type { Run, RunStatus } from '../model/run.js';
import type { TaskConfig } from '../model/task.js';
import { describeSchedule } from '../schedule/index.js';
import type { InstanceInfo, TaskState } from '../store/store.js';

export interface TaskSnapshot {
  config: TaskConfig;
  state: TaskState;
  recent: readonly { status: RunStatus; durationMs: number | null }[];
  lastRun: Run | null;
  lastSuccess: Run | null;
  totals: Partial<Record<RunStatus, number>>;
  counts: { running: number; queued: number; waiting: number };
}

export interface RunSummary {
  id: string;
  status: RunStatus;
  trigger: string;
  attempt: number;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  error: string | null;
  reason: string | null;
}

export interface TaskStatus {
  name: TaskName;
  type: string;
  agent: string;
  description: string;
  /** Enabled in the configuration and not disabled at run time. */
  enabled: boolean;
  configEnabled: boolean;
  disabledReason: string | null;
  priority: string;
  schedule: string;
  nextRunAt: string | null;
  lastRun: RunSummary | null;
  lastSuccessAt: string | null;
  /** Over the recent window; null before any judged run. */
  successRate: number | null;
  /** Consecutive failed runs (what `error_threshold` counts). */
  errorCount: number;
  errorThreshold: number;
  health: number;
  flagged: boolean;
  flagReason: string | null;
  totals: Partial<Record<RunStatus, number>>;
  running: number;
  queued: number;
  waiting: number;
  dependencies: string[];
  conditions: Record<string, string>;
  overrides: Readonly<Record<string, unknown>>;
}

export interface SystemStatus {
  orchestratorRunning: boolean;
  /** The process running the orchestrator on this store, if any. */
  instance: (InstanceInfo & { heartbeatAt: number }) | null;
  environment: string | null;
  configPath: string | null;
  dataDir: string;
  totalTasks: number;
  enabledTasks: number;
  disabledTasks: { name: string; reason: string }[];
  runs: { running: number; queued: number; waiting: number };
  performanceMetrics: {
    overallHealth: number;
    agentHealth: number;
    resources: ResourceReading | null;
    successRates: Record<string, number | null>;
    errorCounts: Record<string, number>;
    health: Record<string, number>;
  };
  tasks: TaskStatus[];
  generatedAt: string;
}

const iso = (ms: number | null | undefined): string | null => (ms === null || ms === undefined ? null : new Date(ms).toISOString());

export function summarizeRun(run: Run): RunSummary {
  return {
    id: run.id,
    status: run.status,
    trigger: run.trigger,
    attempt: run.attempt,
    startedAt: iso(run.startedAt),
    finishedAt: iso(run.finishedAt),
    durationMs: run.durationMs,
    error: run.error,
    reason: run.reason,
  };
}

export function taskStatus(snapshot: TaskSnapshot): TaskStatus {
  const { config, state } = snapshot;
  const enabled = config.enabled && state.enabled;
  const health = agentHealth({
    recent: snapshot.recent,
    consecutiveFailures: state.consecutiveFailures,
    errorThreshold: config.errorThreshold,
    maxDurationMs: config.maxDurationMs,
    disabledAtRuntime: config.enabled && !state.enabled,
  });
  return {
    name: config.name,
    type: config.type,
    agent: config.agent,
    description: config.description,
    enabled,
    configEnabled: config.enabled,
    disabledReason: !config.enabled ? 'disabled in the configuration (enabled: false)' : state.enabled ? null : state.disabledReason,
    priority: config.priority,
    schedule: describeSchedule(config.schedule),
    nextRunAt: enabled ? iso(state.nextFireAt) : null,
    lastRun: snapshot.lastRun ? summarizeRun(snapshot.lastRun) : null,
    lastSuccessAt: iso(snapshot.lastSuccess?.finishedAt),
    successRate: health.successRate,
    errorCount: state.consecutiveFailures,
    errorThreshold: config.errorThreshold,
    health: health.score,
    flagged: state.flagged,
    flagReason: state.flagReason,
    totals: snapshot.totals,
    running: snapshot.counts.running,
    queued: snapshot.counts.queued,
    waiting: snapshot.counts.waiting,
    dependencies: config.dependencies.map((d) => d.task),
    conditions: Object.fromEntries(config.conditions.map((c) => [c.name, c.source])),
    overrides: state.overrides,
  };
}

export interface StatusContext {
  running: boolean;
  instance: SystemStatus['instance'];
  environment: string | null;
  configPath: string | null;
  dataDir: string;
  resources: ResourceReading | null;
  now: number;
}

export function healthOf(tasks: readonly TaskStatus[], configs: ReadonlyMap<string, TaskConfig>, resources: ResourceReading | null, now: number): SystemHealth {
  const counted = tasks.filter((t) => t.configEnabled).map((t) => ({ name: t.name, priority: configs.get(t.name)!.priority, score: t.health }));
  return systemHealth(counted, resources, now);
}

export function systemStatus(snapshots: readonly TaskSnapshot[], context: StatusContext): SystemStatus {
  const tasks = snapshots.map(taskStatus);
  const configs = new Map(snapshots.map((s) => [s.config.name as string, s.config]));
  const health = healthOf(tasks, configs, context.resources, context.now);
  const runs = { running: 0, queued: 0, waiting: 0 };
  for (const task of tasks) {
    runs.running += task.running;
    runs.queued += task.queued;
    runs.waiting += task.waiting;
  }
  return {
    orchestratorRunning: context.running,
    instance: context.instance,
    environment: context.environment,
    configPath: context.configPath,
    dataDir: context.dataDir,
    totalTasks: tasks.length,
    enabledTasks: tasks.filter((t) => t.enabled).length,
    disabledTasks: tasks.filter((t) => !t.enabled).map((t) => ({ name: t.name, reason: t.disabledReason ?? 'disabled' })),
    runs,
    performanceMetrics: {
      overallHealth: health.overall,
      agentHealth: health.agents,
      resources: health.resources,
      successRates: Object.fromEntries(tasks.map((t) => [t.name, t.successRate])),
      errorCounts: Object.fromEntries(tasks.map((t) => [t.name, t.errorCount])),
      health: Object.fromEntries(tasks.map((t) => [t.name, t.health])),
    },
    tasks,
    generatedAt: new Date(context.now).toISOString(),
  };
}
