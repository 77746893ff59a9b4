/** Conditions every orchestrator has: overall health, and whether the market is in session. */
import type { Calendar } from '../calendar/calendar.js';
import type { TaskConfig } from '../model/task.js';
import type { ConditionRegistry } from './condition-registry.js';

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * `calendarOf(task)` is the task's calendar: that of its market schedule, else
 * `orchestrator.calendar`.
 */
export function registerBuiltinConditions(registry: ConditionRegistry, overallHealth: () => number, calendarOf: (task: TaskConfig) => Calendar): void {
  registry.register({
    name: 'system_health',
    description: 'overall health in [0, 1]; `system_health: 0.8` needs at least 0.8',
    valueKind: 'number',
    observe: () => overallHealth(),
  });
  registry.register({
    name: 'market_hours',
    description: "whether the task's calendar (its market schedule's, else orchestrator.calendar) is in session; true runs only in session, false only outside it",
    valueKind: 'boolean',
    timeOnly: true,
    observe: ({ task, now }) => calendarOf(task).isOpen(now),
    explain: (open, { task, now }) => {
      const calendar = calendarOf(task);
      if (open) return `${calendar.name} in session until ${iso(calendar.nextClose(now))}`;
      const holiday = calendar.closedReason(calendar.dateOf(now));
      return `${calendar.name} closed${holiday === null ? '' : ` (${holiday})`}; next open ${iso(calendar.nextOpen(now))}`;
    },
  });
}
