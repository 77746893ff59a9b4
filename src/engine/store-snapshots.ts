/** Task snapshots read from the store alone, for processes that do not run the engine. */
import type { TaskConfig } from '../model/task.js';
import type { Store, TaskState } from '../store/store.js';
import type { TaskSnapshot } from './status.js';

export function emptyTaskState(config: TaskConfig): TaskState {
  return {
    name: config.name,
    enabled: true,
    disabledReason: null,
    disabledAt: null,
    consecutiveFailures: 0,
    nextFireAt: null,
    scheduleKey: null,
    flagged: false,
    flagReason: null,
    overrides: {},
    config: null,
  };
}

export async function readTaskSnapshots(store: Store, configs: readonly TaskConfig[], window: number): Promise<TaskSnapshot[]> {
  const states = new Map((await store.getTaskStates()).map((state) => [state.name, state]));
  // Two queries, each served by its partial index; one query for all three statuses would walk the history.
  const [queued, running] = await Promise.all([
    store.listRuns({ status: ['queued', 'waiting'], limit: 10_000 }),
    store.listRuns({ status: 'running', limit: 10_000 }),
  ]);
  const pending = [...queued, ...running];
  return Promise.all(
    configs.map(async (config) => {
      const stats = await store.taskStats(config.name, window);
      const counts = { running: 0, queued: 0, waiting: 0 };
      for (const run of pending) {
        if (run.task !== config.name) continue;
        if (run.status === 'running' || run.status === 'queued' || run.status === 'waiting') counts[run.status]++;
      }
      return {
        config,
        state: states.get(config.name) ?? emptyTaskState(config),
        recent: stats.recent,
        lastRun: stats.lastRun,
        lastSuccess: stats.lastSuccess,
        totals: stats.totals,
        counts,
      };
    }),
  );
}
