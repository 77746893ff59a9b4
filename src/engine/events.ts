/**
 * The typed event map: telemetry, the dashboard's live stream, metrics and the tests' oracle all
 * subscribe to the same events (`scope:noun-verb`). Payloads are snapshots; listeners must not mutate.
 */
import { EventEmitter } from 'node:events';
import type { TaskName } from '../model/ids.js';
import type { Run } from '../model/run.js';
import type { AlertRecord } from '../store/store.js';
import type { SystemHealth } from '../health/system-health.js';

export interface EngineEvents {
  'orchestrator:started': { instanceId: string; at: number };
  'orchestrator:stopped': { instanceId: string; at: number; interrupted: number };
  /** A run was recorded (queued, waiting, or skipped straight away). */
  'run:created': { run: Run };
  'run:waiting': { run: Run };
  /** A run is ready to start as soon as a slot is free. */
  'run:queued': { run: Run };
  'run:started': { run: Run };
  'run:progress': { run: Run };
  /** A run reached a final status (succeeded, failed, timed_out, cancelled, skipped, interrupted). */
  'run:finished': { run: Run };
  /**
   * A slot of a schedule was recorded. `wakeLatenessMs`: from the slot's instant until the
   * scheduler woke for it; `latenessMs`: until its run was committed to the store.
   */
  'schedule:fired': { task: TaskName; slot: number; wakeLatenessMs: number; latenessMs: number; runId: string | null };
  'task:disabled': { task: TaskName; reason: string };
  'task:enabled': { task: TaskName };
  'task:flagged': { task: TaskName; reason: string };
  'task:unflagged': { task: TaskName };
  'task:config-changed': { task: TaskName; changes: Readonly<Record<string, unknown>> };
  'alert:fired': { alert: AlertRecord };
  'health:checked': { health: SystemHealth };
}

export type EngineEventName = keyof EngineEvents;
export type RunEventName = 'run:created' | 'run:waiting' | 'run:queued' | 'run:started' | 'run:progress' | 'run:finished';

export class EngineEmitter {
  readonly #emitter = new EventEmitter({ captureRejections: false });

  constructor() {
    // Dashboards, SSE clients and tests may all listen; this is not a leak.
    this.#emitter.setMaxListeners(0);
  }

  emit<E extends EngineEventName>(event: E, payload: EngineEvents[E]): void {
    this.#emitter.emit(event, payload);
  }

  /** Emits a run event with a snapshot of the run, made only when someone listens (the hot path). */
  emitRun(event: RunEventName, run: Run): void {
    if (this.#emitter.listenerCount(event) > 0) this.#emitter.emit(event, { run: { ...run } });
  }

  on<E extends EngineEventName>(event: E, listener: (payload: EngineEvents[E]) => void): () => void {
    this.#emitter.on(event, listener);
    return () => this.#emitter.off(event, listener);
  }

  /** Resolves with the next event that satisfies `predicate`. */
  next<E extends EngineEventName>(event: E, predicate: (payload: EngineEvents[E]) => boolean = () => true): Promise<EngineEvents[E]> {
    return new Promise((resolve) => {
      const off = this.on(event, (payload) => {
        if (!predicate(payload)) return;
        off();
        resolve(payload);
      });
    });
  }
}
