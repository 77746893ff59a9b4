/**
 * The Agent port: what the orchestrator calls to do a task's work. `run` returns a JSON-serialisable
 * result (or throws); it should stop promptly when `signal` aborts (timeout, cancel, shutdown).
 */
import type { Logger } from 'pino';
import type { RunId, TaskName } from '../model/ids.js';
import type { Trigger } from '../model/run.js';
import type { TaskConfig } from '../model/task.js';

export interface AgentContext {
  task: TaskName;
  taskConfig: TaskConfig;
  runId: RunId;
  /** 1 for the first attempt. */
  attempt: number;
  trigger: Trigger;
  /** Stable across retries and restarts of one run chain: use it to make side effects happen once. */
  idempotencyKey: string;
  /** The task's parameters merged with the ones given to this run. */
  parameters: Readonly<Record<string, unknown>>;
  /** Aborts on timeout, cancellation or shutdown; `signal.reason` says which. */
  signal: AbortSignal;
  /** Epoch ms at which the run times out. */
  deadline: number;
  logger: Logger;
  /** Reports progress in [0, 1] with an optional message; recorded on the run and emitted as an event. */
  progress(fraction: number, message?: string): void;
}

export interface Agent {
  run(context: AgentContext): unknown;
}

/** An agent as it may be registered: an Agent, a plain function, or any object whose named method does the work. */
export type AgentLike = Agent | ((context: AgentContext) => unknown) | object;

/** Where an agent came from, for `evolve agents` and error messages. */
export interface AgentSource {
  kind: 'builtin' | 'code' | 'module' | 'command' | 'http' | 'platform';
  detail: string;
}
