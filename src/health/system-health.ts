/**
 * Overall health: the priority-weighted mean of the agents' health (critical 4, high 3, medium 2,
 * low 1; tasks disabled in the YAML do not count), combined 70/30 with the resource score when the
 * resources of the running process are known.
 */
import type { TaskName } from '../model/ids.js';
import type { Priority } from '../model/task.js';
import type { ResourceReading } from './resource-probe.js';

export interface SystemHealth {
  overall: number;
  agents: number;
  resources: ResourceReading | null;
  byTask: Readonly<Record<TaskName, number>>;
  checkedAt: number;
}

const WEIGHT: Readonly<Record<Priority, number>> = { critical: 4, high: 3, medium: 2, low: 1 };

export function systemHealth(
  tasks: readonly { name: TaskName; priority: Priority; score: number }[],
  resources: ResourceReading | null,
  checkedAt: number,
): SystemHealth {
  let weighted = 0;
  let weights = 0;
  const byTask: Record<TaskName, number> = {};
  for (const task of tasks) {
    weighted += WEIGHT[task.priority] * task.score;
    weights += WEIGHT[task.priority];
    byTask[task.name] = task.score;
  }
  const agents = weights === 0 ? 1 : weighted / weights;
  const overall = resources === null ? agents : 0.7 * agents + 0.3 * resources.score;
  return { overall: Math.round(overall * 1000) / 1000, agents: Math.round(agents * 1000) / 1000, resources, byTask, checkedAt };
}
