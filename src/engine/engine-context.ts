/** What the composition root hands to the engine's parts: ports and shared state, nothing global. */
import type { Logger } from 'pino';
import type { AgentRegistry } from '../agents/agent-registry.js';
import type { AlertManager } from '../alerts/alert-manager.js';
import type { Clock } from '../clock.js';
import type { ConditionRegistry } from '../conditions/condition-registry.js';
import type { CalendarLookup } from '../schedule/index.js';
import type { MonitoringSettings, OrchestratorSettings } from '../config/types.js';
import type { TaskName } from '../model/ids.js';
import type { Store } from '../store/store.js';
import type { EngineEmitter } from './events.js';
import type { TaskRuntime } from './task-runtime.js';

export interface EngineContext {
  readonly store: Store;
  readonly clock: Clock;
  readonly events: EngineEmitter;
  readonly logger: Logger;
  readonly alerts: AlertManager;
  readonly conditions: ConditionRegistry;
  readonly agents: AgentRegistry;
  readonly tasks: Map<TaskName, TaskRuntime>;
  readonly settings: OrchestratorSettings;
  readonly monitoring: MonitoringSettings;
  readonly instanceId: string;
  /** Calendars by name, with the configuration's closures and user calendars (market schedules). */
  readonly calendars: CalendarLookup;
  /** In [0, 1): jitter for retry backoff. */
  random(): number;
}
