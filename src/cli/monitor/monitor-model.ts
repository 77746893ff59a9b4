/**
 * What the terminal monitor shows, independent of where it comes from (the HTTP API or an
 * orchestrator in this process): the latest status, the runs in progress, and the recent alerts
 * and run events. Sources translate into these shapes; the model is updated by two pure functions
 * (`withSnapshot`, `withEvent`) and drawn by `renderScreen`.
 */
import type { RunEventName } from '../../engine/events.js';
import { FINISHED_STATUSES, type RunStatus } from '../../model/run.js';

/** How the monitor reaches the orchestrator. */
export type MonitorMode =
  /** Through the HTTP API of an orchestrator running elsewhere (`evolve start`). */
  | 'attached'
  /** An orchestrator this monitor started in its own process and stops when it ends. */
  | 'in-process';

export interface MonitorTask {
  name: string;
  enabled: boolean;
  flagged: boolean;
  running: number;
  queued: number;
  waiting: number;
  /** Epoch ms of the next fire; null when none (manual, disabled). */
  nextRunAt: number | null;
  /** In [0, 1]; null before any judged run. */
  successRate: number | null;
  /** In [0, 1]. */
  health: number;
  lastStatus: RunStatus | null;
}

export interface MonitorStatus {
  running: boolean;
  pid: number | null;
  host: string | null;
  /** Overall health in [0, 1]. */
  health: number;
  tasks: readonly MonitorTask[];
}

/** A run as the monitor shows it (instants in epoch ms). */
export interface MonitorRun {
  id: string;
  task: string;
  status: RunStatus;
  /** In [0, 1] while the agent reports it. */
  progress: number | null;
  progressMessage: string | null;
  startedAt: number | null;
  durationMs: number | null;
  error: string | null;
  reason: string | null;
}

export interface MonitorAlert {
  at: number;
  severity: string;
  task: string | null;
  message: string;
}

/** What a source reports as it happens. */
export type MonitorEvent =
  | { kind: 'run'; name: RunEventName; at: number; run: MonitorRun }
  | { kind: 'alert'; alert: MonitorAlert }
  /** Anything else worth a line: a task disabled, the orchestrator stopped … */
  | { kind: 'notice'; at: number; text: string };

export const RUN_EVENT_NAMES: readonly RunEventName[] = ['run:created', 'run:waiting', 'run:queued', 'run:started', 'run:progress', 'run:finished'];

/** One line of the recent events list. */
export interface EventLine {
  at: number;
  text: string;
}

/** A state read in full: the status and the runs in progress. */
export interface MonitorSnapshot {
  status: MonitorStatus;
  active: readonly MonitorRun[];
  /** The latest alerts recorded in the store, newest first (also those sent before the monitor started, or by another process). */
  alerts: readonly MonitorAlert[];
}

export interface MonitorModel {
  mode: MonitorMode;
  /** Where: the API's URL, or the in-process orchestrator's data folder. */
  source: string;
  /** null until the first snapshot arrives. */
  status: MonitorStatus | null;
  /** Runs in progress by id (from snapshots, kept current by run events). */
  active: ReadonlyMap<string, MonitorRun>;
  /** Newest first. */
  alerts: readonly MonitorAlert[];
  /** Newest first. */
  events: readonly EventLine[];
  /** null while the source answers; otherwise why it does not. */
  problem: string | null;
  /** Epoch ms when the monitor ends; null: on q / Ctrl-C only. */
  endsAt: number | null;
}

/** How many alerts and events are kept (more than any screen shows). */
export const KEPT_ALERTS = 50;
/** How many of the latest recorded alerts each snapshot reads. */
export const RECORDED_ALERTS = 20;
export const KEPT_EVENTS = 200;

export function emptyModel(mode: MonitorMode, source: string, endsAt: number | null): MonitorModel {
  return { mode, source, status: null, active: new Map(), alerts: [], events: [], problem: null, endsAt };
}

export function withSnapshot(model: MonitorModel, snapshot: MonitorSnapshot): MonitorModel {
  return { ...model, status: snapshot.status, active: new Map(snapshot.active.map((r) => [r.id, r])), alerts: mergeAlerts(model.alerts, snapshot.alerts), problem: null };
}

/** One list, newest first, each alert once: a recorded alert may also have arrived as an event. */
function mergeAlerts(held: readonly MonitorAlert[], recorded: readonly MonitorAlert[]): readonly MonitorAlert[] {
  const key = (a: MonitorAlert): string => `${a.at}|${a.severity}|${a.task ?? ''}|${a.message}`;
  const seen = new Set(held.map(key));
  const added = recorded.filter((a) => !seen.has(key(a)));
  if (added.length === 0) return held;
  return keep([...held, ...added].sort((a, b) => b.at - a.at), KEPT_ALERTS);
}

export function withProblem(model: MonitorModel, problem: string | null): MonitorModel {
  return model.problem === problem ? model : { ...model, problem };
}

export function withEvent(model: MonitorModel, event: MonitorEvent): MonitorModel {
  switch (event.kind) {
    case 'run': {
      const active = new Map(model.active);
      if (event.run.status === 'running') active.set(event.run.id, event.run);
      else active.delete(event.run.id);
      const events = !listed(event.name, event.run) ? model.events : keep([{ at: event.at, text: describeRunEvent(event.name, event.run) }, ...model.events], KEPT_EVENTS);
      return { ...model, active, events };
    }
    case 'alert':
      return { ...model, alerts: keep([event.alert, ...model.alerts], KEPT_ALERTS) };
    case 'notice':
      return { ...model, events: keep([{ at: event.at, text: event.text }, ...model.events], KEPT_EVENTS) };
    default: {
      const unknown: never = event;
      throw new Error(`unknown monitor event ${JSON.stringify(unknown)}`);
    }
  }
}

/**
 * Whether a run event gets a line: starts, ends, waits and runs skipped straight away do;
 * progress ticks (the bar shows them) and the created → queued steps of every run would drown them.
 */
export function listed(name: RunEventName, run: MonitorRun): boolean {
  if (name === 'run:progress' || name === 'run:queued') return false;
  return name !== 'run:created' || FINISHED_STATUSES.has(run.status);
}

function keep<T>(items: T[], max: number): T[] {
  return items.length > max ? items.slice(0, max) : items;
}

/** `data_sync succeeded in 1.2s`, `data_sync failed: timeout`, `data_sync queued` … */
export function describeRunEvent(name: RunEventName, run: MonitorRun): string {
  if (FINISHED_STATUSES.has(run.status)) {
    const took = run.durationMs === null ? '' : ` in ${shortDuration(run.durationMs)}`;
    const why = run.error ?? run.reason;
    return `${run.task} ${run.status}${took}${why ? `: ${why}` : ''}`;
  }
  if (name === 'run:waiting' && run.reason) return `${run.task} waiting: ${run.reason}`;
  return `${run.task} ${name.slice('run:'.length)}`;
}

/** `850ms`, `12s`, `4m`, `2h`, `3d`: the largest unit, rounded down (a glance, not a report). */
export function shortDuration(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < 1_000) return `${Math.round(abs)}ms`;
  if (abs < 10_000) return `${(Math.floor(abs / 100) / 10).toFixed(1)}s`;
  if (abs < 60_000) return `${Math.floor(abs / 1_000)}s`;
  if (abs < 3_600_000) return `${Math.floor(abs / 60_000)}m`;
  if (abs < 86_400_000) return `${Math.floor(abs / 3_600_000)}h`;
  return `${Math.floor(abs / 86_400_000)}d`;
}
