/**
 * The engine's events as the live stream sends them: each gets an id and its wire text once, is
 * kept in a bounded ring buffer (the last `capacity` events) for clients that reconnect with
 * `Last-Event-ID`, and is handed to every subscriber.
 *
 * Ids are integers that increase, also across restarts of the server: the first id is the
 * server's start instant in microseconds (2^53 is not reached before the year 2255). So an id
 * from an earlier process is always older than anything held, and that client is told it missed
 * events instead of being sent a mix.
 */
import type { EngineEmitter, EngineEventName, EngineEvents } from '../engine/events.js';
import type { SecretFilter } from './secret-filter.js';
import { runSummary } from './views.js';

export interface StreamEvent {
  id: number;
  type: string;
  /** The SSE frame: `id:`, `event:`, `data:` lines and the blank line. */
  frame: string;
}

/** What a reconnecting client gets: the held events after its id, and whether some were lost. */
export interface Replay {
  events: readonly StreamEvent[];
  /** Set when events after `lastId` are no longer held (or `lastId` is not from this server). */
  missed: { lastEventId: number; oldestHeldId: number | null } | null;
}

type Listener = (event: StreamEvent) => void;

const RUN_EVENTS = ['run:created', 'run:waiting', 'run:queued', 'run:started', 'run:progress', 'run:finished'] as const;

export class EventLog {
  readonly #ring: (StreamEvent | undefined)[];
  #next: number;
  readonly #first: number;
  #count = 0;
  readonly #listeners = new Set<Listener>();
  readonly #unsubscribe: (() => void)[] = [];

  readonly #onError: (error: unknown, event: string) => void;

  constructor(events: EngineEmitter, secrets: SecretFilter, options: { capacity: number; startMs: number; onError: (error: unknown, event: string) => void }) {
    this.#onError = options.onError;
    this.#ring = new Array<StreamEvent | undefined>(options.capacity);
    this.#first = options.startMs * 1000 + 1;
    this.#next = this.#first;
    for (const name of RUN_EVENTS) this.#forward(events, name, (e) => ({ run: runSummary(e.run) }));
    this.#forward(events, 'alert:fired', (e) => ({ alert: { ...e.alert, at: new Date(e.alert.at).toISOString(), details: secrets.scrub(e.alert.details) } }));
    this.#forward(events, 'health:checked', (e) => ({ overall: e.health.overall, agents: e.health.agents, byTask: e.health.byTask, checkedAt: new Date(e.health.checkedAt).toISOString() }));
    this.#forward(events, 'task:disabled', (e) => e);
    this.#forward(events, 'task:enabled', (e) => e);
    this.#forward(events, 'task:flagged', (e) => e);
    this.#forward(events, 'task:unflagged', (e) => e);
    this.#forward(events, 'task:config-changed', (e) => ({ task: e.task, changes: secrets.scrub(e.changes) }));
    this.#forward(events, 'orchestrator:started', (e) => ({ instanceId: e.instanceId, at: new Date(e.at).toISOString() }));
    this.#forward(events, 'orchestrator:stopped', (e) => ({ instanceId: e.instanceId, at: new Date(e.at).toISOString(), interrupted: e.interrupted }));
  }

  /** Id of the newest event, or the id before the first when there is none yet. */
  get lastId(): number {
    return this.#next - 1;
  }

  get oldestHeldId(): number | null {
    return this.#count === 0 ? null : this.#next - this.#count;
  }

  get subscribers(): number {
    return this.#listeners.size;
  }

  /** Adds an event of the API's own (such as a heartbeat of state); returns it. */
  append(type: string, data: unknown): StreamEvent {
    const id = this.#next++;
    const event: StreamEvent = { id, type, frame: `id: ${id}\nevent: ${type}\ndata: ${JSON.stringify(data)}\n\n` };
    this.#ring[id % this.#ring.length] = event;
    this.#count = Math.min(this.#count + 1, this.#ring.length);
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch (error) {
        this.#onError(error, type);
      }
    }
    return event;
  }

  /** Events after `lastId` still held; `missed` when some after it are gone or the id is unknown. */
  since(lastId: number): Replay {
    const oldest = this.oldestHeldId ?? this.#next;
    const complete = lastId >= this.#first - 1 && lastId <= this.lastId && lastId >= oldest - 1;
    if (complete) return { events: this.#held(lastId + 1), missed: null };
    return { events: this.#held(oldest), missed: { lastEventId: lastId, oldestHeldId: this.oldestHeldId } };
  }

  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  close(): void {
    for (const off of this.#unsubscribe.splice(0)) off();
    this.#listeners.clear();
  }

  #held(fromId: number): StreamEvent[] {
    const out: StreamEvent[] = [];
    for (let id = Math.max(fromId, this.#next - this.#count); id < this.#next; id++) out.push(this.#ring[id % this.#ring.length]!);
    return out;
  }

  #forward<E extends EngineEventName>(events: EngineEmitter, name: E, view: (payload: EngineEvents[E]) => unknown): void {
    this.#unsubscribe.push(
      events.on(name, (payload) => {
        // A listener's exception would surface in the engine's emit: a stream must never break a run.
        try {
          this.append(name, view(payload));
        } catch (error) {
          this.#onError(error, name);
        }
      }),
    );
  }
}
