/** Conditions every orchestrator has: overall health, and whether the market is in session. */
import type { Calendar } from '../calendar/calendar.js';
import type { ConditionRegistry } from './condition-registry.js';

const iso = (ms: number): string => new Date(ms).toISOString();

export function registerBuiltinConditions(registry: ConditionRegistry, overallHealth: () => number, calendar: Calendar): void {
  registry.register({
    name: 'system_health',
    description: 'overall health in [0, 1]; `system_health: 0.8` needs at least 0.8',
    valueKind: 'number',
    observe: () => overallHealth(),
  });
  registry.register({
    name: 'market_hours',
    description: `whether ${calendar.name} is in session (orchestrator.calendar); true runs only in session, false only outside it`,
    valueKind: 'boolean',
    observe: ({ now }) => calendar.isOpen(now),
    explain: (open, { now }) =>
      open ? `${calendar.name} in session until ${iso(calendar.nextClose(now))}` : `${calendar.name} closed; next open ${iso(calendar.nextOpen(now))}`,
  });
}
