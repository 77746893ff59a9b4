/**
 * The request a command or HTTP agent receives: one JSON object, the same on stdin and in a POST
 * body. Field names are the wire format documented in docs/agent-protocol.md; change them only
 * with that document.
 */
import type { AgentContext } from './agent.js';

export interface AgentRequest {
  task: string;
  runId: string;
  /** 1 for the first attempt. */
  attempt: number;
  /** Stable across retries of one run chain. */
  idempotencyKey: string;
  parameters: Readonly<Record<string, unknown>>;
  /** When the run times out, as an ISO-8601 UTC string (`2025-01-02T15:04:05.000Z`). */
  deadline: string;
  trigger: string;
}

export function agentRequest(context: AgentContext): AgentRequest {
  return {
    task: context.task,
    runId: context.runId,
    attempt: context.attempt,
    idempotencyKey: context.idempotencyKey,
    parameters: context.parameters,
    deadline: new Date(context.deadline).toISOString(),
    trigger: context.trigger,
  };
}
