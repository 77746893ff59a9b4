/**
 * Every route of the API, registered in one encapsulated scope. Each file adds the routes of one
 * resource; `config.access` names the least role a route needs (viewer when absent).
 *
 * Roles: viewer reads everything; operator also acts (run now, enable, disable, reset errors,
 * cancel, system commands); admin also changes task configuration (PATCH), which outlives the run
 * and the process.
 */
import type { TaskOrchestrator } from '../../engine/orchestrator.js';
import type { EvolvePlatform } from '../../platform/evolve-platform.js';
import type { EventStreams } from '../event-stream.js';
import type { ApiMetrics } from '../metrics.js';
import type { SecretFilter } from '../secret-filter.js';
import type { ApiInstance } from '../api-instance.js';
import { dashboardRoutes } from './dashboard-routes.js';
import { eventRoutes } from './event-routes.js';
import { historyRoutes } from './history-routes.js';
import { platformMissingRoutes, platformRoutes } from './platform-routes.js';
import { probeRoutes } from './probe-routes.js';
import { runRoutes } from './run-routes.js';
import { statusRoutes } from './status-routes.js';
import { taskRoutes } from './task-routes.js';

export interface ApiContext {
  orchestrator: TaskOrchestrator;
  secrets: SecretFilter;
  streams: EventStreams;
  metrics: ApiMetrics;
  /** Epoch ms the server was made (for /healthz uptime). */
  startedAt: number;
  /** The reference platform in integrated mode: its /platform views; null when standalone. */
  platform: EvolvePlatform | null;
}

export function registerRoutes(app: ApiInstance, context: ApiContext): void {
  statusRoutes(app, context);
  taskRoutes(app, context);
  runRoutes(app, context);
  historyRoutes(app, context);
  eventRoutes(app, context);
  probeRoutes(app, context);
  if (context.platform) platformRoutes(app, context.platform);
  else platformMissingRoutes(app);
  dashboardRoutes(app);
}
