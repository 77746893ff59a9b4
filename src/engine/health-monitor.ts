/**
 * Overall health of a running orchestrator: computed every `health_check_interval_minutes` and on
 * demand, cached in between (the `system_health` condition reads it on every due run), emitted
 * as `health:checked`, and alerted when below 0.5.
 */
import type { AlertManager } from '../alerts/alert-manager.js';
import type { Clock } from '../clock.js';
import type { TaskName } from '../model/ids.js';
import type { TaskConfig } from '../model/task.js';
import { ResourceProbe, type ResourceReading } from '../health/resource-probe.js';
import type { SystemHealth } from '../health/system-health.js';
import type { EngineEmitter } from './events.js';
import { healthOf, taskStatus, type TaskSnapshot } from './status.js';

/** Below this overall health a critical alert fires. */
const LOW_HEALTH = 0.5;
/** Resource readings are reused for this long (a status request must not reset the histogram each time). */
const RESOURCES_TTL_MS = 5_000;

export interface HealthSources {
  snapshots(): TaskSnapshot[];
  configs(): ReadonlyMap<TaskName, TaskConfig>;
  /** Resources are known only while the orchestrator runs in this process. */
  running(): boolean;
}

export class HealthMonitor {
  readonly #probe = new ResourceProbe(null);
  #last: SystemHealth | null = null;
  #resources: { at: number; reading: ResourceReading } | null = null;

  constructor(
    private readonly sources: HealthSources,
    private readonly clock: Clock,
    private readonly intervalMs: number,
    private readonly events: EngineEmitter,
    private readonly alerts: AlertManager,
  ) {}

  resources(): ResourceReading {
    const now = this.clock.now();
    if (!this.#resources || now - this.#resources.at > RESOURCES_TTL_MS) this.#resources = { at: now, reading: this.#probe.read() };
    return this.#resources.reading;
  }

  /** The latest health, recomputed when older than the check interval. */
  current(): SystemHealth {
    if (this.#last && this.clock.now() - this.#last.checkedAt < this.intervalMs) return this.#last;
    return this.#compute();
  }

  /** Computes health now, emits it and alerts when it is low. */
  check(): SystemHealth {
    const health = this.#compute();
    this.events.emit('health:checked', { health });
    if (health.overall < LOW_HEALTH) {
      this.alerts.fire({ kind: 'system_health_low', severity: 'critical', task: null, message: `overall health is ${health.overall}`, details: { health } });
    }
    return health;
  }

  close(): void {
    this.#probe.close();
  }

  #compute(): SystemHealth {
    const tasks = this.sources.snapshots().map(taskStatus);
    this.#last = healthOf(tasks, this.sources.configs(), this.sources.running() ? this.resources() : null, this.clock.now());
    return this.#last;
  }
}
