/** Conditions every orchestrator has. Market conditions come with the calendars. */
import type { ConditionRegistry } from './condition-registry.js';

export function registerBuiltinConditions(registry: ConditionRegistry, overallHealth: () => number): void {
  registry.register({
    name: 'system_health',
    description: 'overall health in [0, 1]; `system_health: 0.8` needs at least 0.8',
    valueKind: 'number',
    observe: () => overallHealth(),
  });
}
