/** An AgentContext as the executor makes one, for testing agents directly: progress and log lines are recorded. */
import assert from 'node:assert/strict';
import pino from 'pino';
import type { AgentContext } from '../../src/agents/agent.js';
import { newRunId, parseTaskName } from '../../src/model/ids.js';
import { parse, task } from './config.js';

const taskConfig = task(parse('tasks:\n  model_innovation:\n    manual: true\n'), 'model_innovation');

export interface LogLine {
  level: number;
  msg: string;
  stream?: string;
}

type Fields = Partial<Pick<AgentContext, 'attempt' | 'trigger' | 'idempotencyKey' | 'parameters' | 'deadline'>>;

export function agentContext(fields: Fields & { onProgress?: (message: string | undefined) => void } = {}) {
  const { onProgress, ...rest } = fields;
  const lines: string[] = [];
  const progress: [number, string | undefined][] = [];
  const controller = new AbortController();
  const context: AgentContext = {
    task: parseTaskName('model_innovation'),
    taskConfig,
    runId: newRunId(Date.now()),
    attempt: 1,
    trigger: 'manual',
    idempotencyKey: 'idem-model-innovation-1',
    parameters: {},
    signal: controller.signal,
    deadline: Date.parse('2030-01-02T03:04:05.000Z'),
    logger: pino({ level: 'debug' }, { write: (line: string) => void lines.push(line) }),
    progress(fraction, message) {
      progress.push([fraction, message]);
      onProgress?.(message);
    },
    ...rest,
  };
  const logs = (): LogLine[] => lines.map((line) => JSON.parse(line) as LogLine);
  return { context, controller, progress, logs, logText: () => lines.join('') };
}

/** The Error a promise rejects with; fails the test when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof Error, `rejected with an Error: ${String(error)}`);
    return error;
  }
  assert.fail('expected the run to fail');
}
