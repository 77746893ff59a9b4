/**
 * The lines each run logs, kept with the run: what its agent logs through `ctx.logger` (which
 * still goes to the orchestrator's log) and a few lines the engine writes about the run (timed
 * out, SLA breached, retry scheduled).
 *
 * A run that never logs costs nothing: its buffer, timer and store writes exist only from its
 * first line (the throughput benchmark's 100k no-op runs never make one). A buffer writes its
 * lines when RUN_LOG_FLUSH_LINES wait, RUN_LOG_FLUSH_MS after the first unwritten one, and when
 * the run finishes (the dispatcher asks right before recording the finish, so both share a
 * commit). One write per run is in flight at a time, which keeps a run's lines in order; while it
 * is, at most RUN_LOG_MAX_LINES wait in memory and older ones are dropped and counted (a run keeps
 * only its newest RUN_LOG_MAX_LINES anyway). Lines logged after the run finished (a stopped agent
 * cleaning up) are kept the same way until the dispatcher stops.
 */
import type { Logger } from 'pino';
import type { Clock, TimerHandle } from '../clock.js';
import { capturingLogger } from '../logging/capturing-logger.js';
import type { RunId } from '../model/ids.js';
import type { Run } from '../model/run.js';
import { capRunLogLine, RUN_LOG_MAX_LINE_BYTES, RUN_LOG_MAX_LINES } from '../store/run-log-limits.js';
import type { RunLogLevel, RunLogLine, Store } from '../store/store.js';

/** Lines that make a buffer write at once. */
export const RUN_LOG_FLUSH_LINES = 50;
/** How long a line may wait in memory before it is written. */
export const RUN_LOG_FLUSH_MS = 1_000;

interface Deps {
  readonly store: Store;
  readonly clock: Clock;
  /** The orchestrator's logger: parent of each run's logger, and where write failures go. */
  readonly logger: Logger;
}

export class RunLogs {
  /** Buffers with unwritten lines or a write in flight; one per run at most, so writes stay in order. */
  readonly #buffers = new Map<RunId, RunLogBuffer>();
  readonly #deps: Deps;
  #closed = false;

  constructor(deps: Deps) {
    this.#deps = deps;
  }

  /** The logger a run's agent gets: it logs through the orchestrator's logger and keeps each line with the run. */
  loggerFor(run: Run): Logger {
    const parent = this.#deps.logger.child({ task: run.task, runId: run.id, attempt: run.attempt });
    const runId = run.id;
    return capturingLogger(parent, (level, message, fields, length) => this.add(runId, level, message, fields, length));
  }

  /** Adds a line to a run's log (the engine's own lines come here directly); `length`: of the line as formatted, if known. */
  add(runId: RunId, level: RunLogLevel, message: string, fields?: Record<string, unknown>, length = 0): void {
    if (this.#closed) return;
    let line: RunLogLine = { at: this.#deps.clock.now(), level, message };
    if (fields !== undefined) line.fields = fields;
    // A line far over the limit is cut now rather than held whole in memory.
    if (length > RUN_LOG_MAX_LINE_BYTES || message.length > RUN_LOG_MAX_LINE_BYTES) line = capRunLogLine(line).line;
    let buffer = this.#buffers.get(runId);
    if (buffer === undefined) {
      const created: RunLogBuffer = new RunLogBuffer(runId, this.#deps, (): void => {
        if (this.#buffers.get(runId) === created) this.#buffers.delete(runId);
      });
      this.#buffers.set(runId, created);
      buffer = created;
    }
    buffer.add(line);
  }

  /** Notes in a failed run's log when its next attempt is due, written with the retry (same commit). */
  retryScheduled(runId: RunId, retry: Run, now: number): Promise<void> {
    const at = retry.notBefore > now ? `at ${new Date(retry.notBefore).toISOString()}` : 'now';
    this.add(runId, 'info', `retry scheduled: attempt ${retry.attempt} of ${retry.maxAttempts} ${at} (run ${retry.id})`);
    return this.flush(runId) ?? Promise.resolve();
  }

  /**
   * Writes what a run has buffered now; undefined when it has nothing. Never rejects: a failed
   * write is logged. Called right before a run's finish is recorded, so both share a commit.
   */
  flush(runId: RunId): Promise<void> | undefined {
    return this.#buffers.get(runId)?.flush();
  }

  /** Writes every buffer and keeps no further lines (the dispatcher stopped). */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all([...this.#buffers.values()].map((buffer) => buffer.flush()));
  }
}

class RunLogBuffer {
  #pending: RunLogLine[] = [];
  /** Lines dropped from #pending while a write was in flight. */
  #dropped = 0;
  #inFlight = 0;
  /** The last write; the next one starts after it. */
  #tail: Promise<void> = Promise.resolve();
  #timer: TimerHandle | null = null;

  constructor(
    private readonly runId: RunId,
    private readonly deps: Deps,
    private readonly onIdle: () => void,
  ) {}

  add(line: RunLogLine): void {
    if (this.#pending.length >= RUN_LOG_MAX_LINES) {
      this.#pending.shift();
      this.#dropped++;
    }
    this.#pending.push(line);
    if (this.#pending.length >= RUN_LOG_FLUSH_LINES && this.#inFlight === 0) void this.flush();
    else
      this.#timer ??= this.deps.clock.setTimer(RUN_LOG_FLUSH_MS, () => {
        this.#timer = null;
        void this.flush();
      });
  }

  /** Writes the pending lines (after the write in flight, if any); resolves when they are written. */
  flush(): Promise<void> {
    this.#timer?.cancel();
    this.#timer = null;
    if (this.#pending.length === 0) return this.#tail;
    const lines = this.#pending;
    const dropped = this.#dropped;
    this.#pending = [];
    this.#dropped = 0;
    const write = (): Promise<void> =>
      this.deps.store.appendRunLog(this.runId, lines, dropped > 0 ? { dropped } : undefined).catch((error: unknown) => {
        this.deps.logger.warn({ err: error, runId: this.runId }, `could not keep ${lines.length + dropped} log lines of run ${this.runId}`);
      });
    // Started now when nothing is in flight, so that it joins the commit of a write made next.
    const started = this.#inFlight === 0 ? write() : this.#tail.then(write);
    this.#inFlight++;
    this.#tail = started.finally(() => this.#written());
    return this.#tail;
  }

  #written(): void {
    if (--this.#inFlight > 0) return;
    if (this.#pending.length >= RUN_LOG_FLUSH_LINES) void this.flush();
    else if (this.#pending.length === 0 && this.#timer === null) this.onIdle();
  }
}
