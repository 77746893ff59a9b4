/** The task table shared by `evolve status` and `evolve tasks`. */
import type { TaskStatus } from '../engine/status.js';
import { formatTable, percent, score, shortTime, type Column } from './format.js';

function lastStatus(task: TaskStatus): string {
  const last = task.lastRun;
  if (!last) return 'never run';
  return last.attempt > 1 ? `${last.status} (#${last.attempt})` : last.status;
}

function enabled(task: TaskStatus): string {
  if (task.enabled) return 'yes';
  return task.configEnabled ? 'no (runtime)' : 'no';
}

function errors(task: TaskStatus): string {
  return `${task.errorCount}/${task.errorThreshold}`;
}

function health(task: TaskStatus): string {
  return task.flagged ? `${score(task.health)} !` : score(task.health);
}

const COLUMNS: readonly Column<TaskStatus>[] = [
  { header: 'TASK', value: (t) => t.name },
  { header: 'ENABLED', value: enabled },
  { header: 'PRIORITY', value: (t) => t.priority },
  { header: 'SCHEDULE', value: (t) => t.schedule, maxWidth: 40 },
  { header: 'NEXT RUN (UTC)', value: (t) => shortTime(t.nextRunAt) },
  { header: 'LAST STATUS', value: lastStatus },
  { header: 'SUCCESS', value: (t) => percent(t.successRate), align: 'right' },
  { header: 'ERRORS', value: errors, align: 'right' },
  { header: 'HEALTH', value: health, align: 'right' },
];

/** One line per task; `!` after the health marks a task below its performance threshold. */
export function taskTable(tasks: readonly TaskStatus[]): string {
  if (tasks.length === 0) return '(no tasks configured)';
  return formatTable(tasks, COLUMNS);
}
