/**
 * Calls one agent for one run and turns whatever happens into an outcome: a result, an error, a
 * timeout, a cancellation or an interruption by shutdown. The executor never trusts the agent to
 * honour its AbortSignal: at the deadline the run ends timed_out whether or not the agent stops.
 */
import type { Logger } from 'pino';
import type { Agent, AgentContext } from '../agents/agent.js';
import type { Clock } from '../clock.js';
import { describeError } from '../errors.js';
import type { Run } from '../model/run.js';
import type { TaskConfig } from '../model/task.js';

/** Why a run's signal aborted. */
export class RunAbort extends Error {
  constructor(
    readonly kind: 'timeout' | 'cancel' | 'shutdown',
    message: string,
  ) {
    super(message);
    this.name = kind === 'timeout' ? 'TimeoutError' : 'AbortError';
  }
}

/**
 * How a run is aborted from outside (timeout, cancel, shutdown). The AbortController behind the
 * agent's signal is made on first use: most agents return synchronously without looking at it,
 * and an AbortController with its AbortSignal was ~5 % of the CPU per no-op run.
 */
export class RunControl {
  #controller: AbortController | null = null;

  get signal(): AbortSignal {
    return (this.#controller ??= new AbortController()).signal;
  }

  get aborted(): boolean {
    return this.#controller?.signal.aborted ?? false;
  }

  abort(reason: RunAbort): void {
    (this.#controller ??= new AbortController()).abort(reason);
  }
}

export type ExecutionOutcome =
  | { status: 'succeeded'; result: unknown }
  | { status: 'failed' | 'timed_out' | 'cancelled' | 'interrupted'; error: string };

/** Results are stored as JSON; larger ones are refused rather than silently cut. */
export const MAX_RESULT_BYTES = 1024 * 1024;

const FAILURE_STATUSES = new Set(['error', 'failed', 'failure']);

/**
 * Checks an agent's return value: JSON-serialisable (no cycles, BigInt or functions at the top),
 * at most MAX_RESULT_BYTES. Agents written like the original Python ones may return
 * `{ status: "error", error | message }` instead of throwing: that is a failed run.
 */
export function checkResult(value: unknown): ExecutionOutcome {
  if (value === undefined) return { status: 'succeeded', result: null };
  if (typeof value === 'function' || typeof value === 'symbol') {
    return { status: 'failed', error: `the agent returned a ${typeof value}, which cannot be stored: return a JSON value` };
  }
  let json: string;
  try {
    json = JSON.stringify(value);
  } catch (error) {
    return { status: 'failed', error: `the agent returned a value that cannot be stored as JSON: ${describeError(error)}` };
  }
  if (Buffer.byteLength(json) > MAX_RESULT_BYTES) {
    return { status: 'failed', error: `the agent returned ${Buffer.byteLength(json)} bytes of JSON; results are limited to ${MAX_RESULT_BYTES} bytes: store large outputs elsewhere and return a reference` };
  }
  const result: unknown = JSON.parse(json);
  if (result !== null && typeof result === 'object' && !Array.isArray(result)) {
    const status = (result as Record<string, unknown>)['status'];
    if (typeof status === 'string' && FAILURE_STATUSES.has(status.toLowerCase())) {
      const detail = (result as Record<string, unknown>)['error'] ?? (result as Record<string, unknown>)['message'] ?? 'no message';
      return { status: 'failed', error: `the agent reported status "${status}": ${typeof detail === 'string' ? detail : JSON.stringify(detail)}` };
    }
  }
  return { status: 'succeeded', result };
}

export interface ExecuteOptions {
  agent: Agent;
  run: Run;
  task: TaskConfig;
  clock: Clock;
  /** Made on first use: most agents never log, and a child logger per run is not free. */
  logger: () => Logger;
  /** Aborts the run from outside (cancel, shutdown) with a RunAbort reason. */
  control: RunControl;
  onProgress(fraction: number, message: string | null): void;
  /** Called when a run passes max_duration_minutes (the SLA); the run goes on. */
  onSlaBreached(): void;
}

/**
 * Runs the agent. A synchronous agent's outcome is returned as is — no timers, no promise: nothing
 * could have interrupted it — and an asynchronous one's as a promise.
 */
export function execute(options: ExecuteOptions): ExecutionOutcome | Promise<ExecutionOutcome> {
  const { agent, task, clock, control } = options;
  const deadline = clock.now() + task.timeoutMs;
  const context = new RunContext(options, deadline);
  let returned: unknown;
  try {
    returned = agent.run(context);
  } catch (error) {
    return failure(control, error);
  }
  if (!isThenable(returned)) return checkResult(returned);
  return settle(options, returned);
}

async function settle(options: ExecuteOptions, returned: PromiseLike<unknown>): Promise<ExecutionOutcome> {
  const { task, clock, control } = options;

  const timeoutMinutes = Math.round((task.timeoutMs / 60_000) * 100) / 100;
  const timer = clock.setTimer(task.timeoutMs, () =>
    control.abort(new RunAbort('timeout', `timed out after ${timeoutMinutes} min (timeout_minutes)`)),
  );
  const sla = task.maxDurationMs === null ? null : clock.setTimer(task.maxDurationMs, options.onSlaBreached);
  const { signal } = control;
  const aborted = new Promise<ExecutionOutcome>((resolve) => {
    const settle = (): void => resolve(abortOutcome(signal.reason));
    if (signal.aborted) settle();
    else signal.addEventListener('abort', settle, { once: true });
  });
  const settled = Promise.resolve(returned).then(checkResult, (error: unknown) => failure(control, error));
  try {
    return await Promise.race([settled, aborted]);
  } finally {
    timer.cancel();
    sla?.cancel();
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && (typeof value === 'object' || typeof value === 'function') && typeof (value as { then?: unknown }).then === 'function';
}

function failure(control: RunControl, error: unknown): ExecutionOutcome {
  if (control.aborted) return abortOutcome(control.signal.reason);
  return { status: 'failed', error: describeError(error) };
}

const NO_PARAMETERS: Readonly<Record<string, unknown>> = Object.freeze({});

/**
 * The context an agent gets. A class rather than an object literal with a getter: made once per
 * run on the hot path, and the child logger is made only if the agent logs.
 */
class RunContext implements AgentContext {
  readonly task: AgentContext['task'];
  readonly taskConfig: AgentContext['taskConfig'];
  readonly runId: AgentContext['runId'];
  readonly attempt: number;
  readonly trigger: AgentContext['trigger'];
  readonly idempotencyKey: string;
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly deadline: number;
  #logger: Logger | undefined;
  readonly #options: ExecuteOptions;

  constructor(options: ExecuteOptions, deadline: number) {
    const { run, task } = options;
    this.task = run.task;
    this.taskConfig = task;
    this.runId = run.id;
    this.attempt = run.attempt;
    this.trigger = run.trigger;
    this.idempotencyKey = run.idempotencyKey;
    const empty = Object.keys(task.parameters).length === 0 && Object.keys(run.parameters).length === 0;
    this.parameters = empty ? NO_PARAMETERS : Object.freeze({ ...task.parameters, ...run.parameters });
    this.deadline = deadline;
    this.#options = options;
  }

  get signal(): AbortSignal {
    return this.#options.control.signal;
  }

  get logger(): Logger {
    return (this.#logger ??= this.#options.logger());
  }

  progress = (fraction: number, message?: string): void => {
    if (!Number.isFinite(fraction)) return;
    this.#options.onProgress(Math.min(1, Math.max(0, fraction)), message ?? null);
  };
}

function abortOutcome(reason: unknown): ExecutionOutcome {
  if (reason instanceof RunAbort) {
    switch (reason.kind) {
      case 'timeout':
        return { status: 'timed_out', error: reason.message };
      case 'cancel':
        return { status: 'cancelled', error: reason.message };
      case 'shutdown':
        return { status: 'interrupted', error: reason.message };
      default: {
        const exhaustive: never = reason.kind;
        return exhaustive;
      }
    }
  }
  return { status: 'cancelled', error: `aborted: ${describeError(reason)}` };
}
