/**
 * What the engine keeps in memory about one task: its effective configuration, its persisted
 * runtime state, and a window of recent outcomes for success rates, thresholds and health.
 */
import type { RunId, TaskName } from '../model/ids.js';
import type { Run, RunStatus } from '../model/run.js';
import type { TaskConfig } from '../model/task.js';
import type { TaskState, TaskStats } from '../store/store.js';

export interface Outcome {
  status: RunStatus;
  durationMs: number | null;
  finishedAt: number;
}

/** Outcomes that judge an agent: succeeded, failed, timed_out. */
const JUDGED: ReadonlySet<RunStatus> = new Set(['succeeded', 'failed', 'timed_out']);
/** Outcomes that settle a dependency: the latest of these decides whether downstream may run. */
const SETTLING: ReadonlySet<RunStatus> = new Set(['succeeded', 'failed', 'timed_out', 'cancelled', 'interrupted']);

export class TaskRuntime {
  config: TaskConfig;
  state: TaskState;
  /** Newest first, at most `window`. */
  recent: Outcome[];
  lastRun: Run | null;
  lastSuccess: Run | null;
  lastFinished: Run | null;
  totals: Partial<Record<RunStatus, number>>;
  readonly running = new Set<RunId>();
  /** Runs recorded but not finished: queued, waiting, delayed (retries), running. */
  readonly pending = new Set<RunId>();

  constructor(
    config: TaskConfig,
    state: TaskState,
    stats: TaskStats,
    private readonly window: number,
  ) {
    this.config = config;
    this.state = state;
    this.recent = stats.recent.map((r) => ({ ...r }));
    this.lastRun = stats.lastRun;
    this.lastSuccess = stats.lastSuccess;
    this.lastFinished = stats.lastFinished;
    this.totals = { ...stats.totals };
  }

  get name(): TaskName {
    return this.config.name;
  }

  /** Enabled in the configuration and not disabled at run time. */
  get enabled(): boolean {
    return this.config.enabled && this.state.enabled;
  }

  record(run: Run): void {
    const status = run.status;
    this.totals[status] = (this.totals[status] ?? 0) + 1;
    if (!this.lastRun || run.id >= this.lastRun.id) this.lastRun = run;
    if (SETTLING.has(status)) this.lastFinished = run;
    if (status === 'succeeded') this.lastSuccess = run;
    if (JUDGED.has(status)) {
      this.recent.unshift({ status, durationMs: run.durationMs, finishedAt: run.finishedAt ?? 0 });
      if (this.recent.length > this.window) this.recent.length = this.window;
    }
  }
}
