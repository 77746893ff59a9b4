/**
 * The orchestrator's own maintenance agents, registered by task name so a standalone schedule runs
 * out of the box: `system_health` (health check), `history_cleanup` (retention) and
 * `status_report` (a JSON status report on disk). A user may register another agent under any
 * of these names to replace one.
 */
import type { SystemHealth } from '../health/system-health.js';
import type { AgentRegistry } from './agent-registry.js';

export interface MaintenanceServices {
  checkHealth(): Promise<SystemHealth>;
  /** Deletes runs and alerts older than `metrics_retention_days`; returns how many of each. */
  pruneHistory(): Promise<{ deleted: number; alertsDeleted: number; before: string }>;
  exportStatusReport(): Promise<string>;
}

export function registerBuiltinAgents(registry: AgentRegistry, services: MaintenanceServices): void {
  const source = (detail: string) => ({ source: { kind: 'builtin' as const, detail } });
  registry.register(
    'system_health',
    async () => {
      const health = await services.checkHealth();
      return { overallHealth: health.overall, agentHealth: health.agents, resources: health.resources, byTask: health.byTask };
    },
    source('agent and resource health check'),
  );
  registry.register('history_cleanup', () => services.pruneHistory(), source('deletes runs and alerts older than monitoring.metrics_retention_days'));
  registry.register('status_report', async () => ({ path: await services.exportStatusReport() }), source('writes a JSON status report under <data_dir>/reports'));
}
