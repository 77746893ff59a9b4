/** Runs, tasks and instances for the store contract suite, all at a fixed reference instant. */
import { newRunId, parseTaskName, type RunId, type TaskName } from '../../src/model/ids.js';
import type { Run } from '../../src/model/run.js';
import type { InstanceInfo, Store } from '../../src/store/store.js';

/** Monday 6 January 2025, 14:30 UTC (09:30 New York): every time in the suite is relative to it. */
export const T0 = Date.UTC(2025, 0, 6, 14, 30);
export const MINUTE = 60_000;

export const DATA_SYNC: TaskName = parseTaskName('data_sync');
export const RISK: TaskName = parseTaskName('risk');

/** The process that records runs in these tests. */
export const ORIGIN = 'inst-a';

/** A queued first attempt; ids made by one process sort by creation, so later calls sort later. */
export function makeRun(overrides: Partial<Run> = {}): Run {
  const createdAt = overrides.createdAt ?? T0;
  const id = overrides.id ?? newRunId(createdAt);
  const task = overrides.task ?? DATA_SYNC;
  return {
    id,
    task,
    trigger: 'manual',
    status: 'queued',
    attempt: 1,
    maxAttempts: 3,
    chainId: id,
    idempotencyKey: `${task}:${id}`,
    scheduledFor: null,
    createdAt,
    notBefore: createdAt,
    queuedAt: createdAt,
    startedAt: null,
    finishedAt: null,
    durationMs: null,
    parameters: {},
    result: null,
    error: null,
    reason: null,
    origin: ORIGIN,
    owner: null,
    progress: null,
    progressMessage: null,
    slaBreached: false,
    ...overrides,
  };
}

/** A first attempt for a schedule slot. */
export function scheduledRun(slot: number, overrides: Partial<Run> = {}): Run {
  return makeRun({ trigger: 'schedule', scheduledFor: slot, ...overrides });
}

/** The next attempt of `previous`'s chain: same chain, slot and idempotency key. */
export function retryRun(previous: Run, overrides: Partial<Run> = {}): Run {
  const createdAt = overrides.createdAt ?? previous.createdAt + MINUTE;
  const id = newRunId(createdAt);
  return {
    ...previous,
    id,
    trigger: 'retry',
    status: 'queued',
    attempt: previous.attempt + 1,
    createdAt,
    notBefore: createdAt,
    queuedAt: createdAt,
    startedAt: null,
    finishedAt: null,
    durationMs: null,
    result: null,
    error: null,
    owner: null,
    ...overrides,
  };
}

/** A run that finished with `status` at `finishedAt`, inserted and moved there through the store. */
export async function finishRun(
  store: Store,
  status: 'succeeded' | 'failed' | 'timed_out' | 'cancelled' | 'interrupted',
  finishedAt: number,
  overrides: Partial<Run> = {},
): Promise<Run> {
  const run = makeRun({ createdAt: finishedAt - 2000, ...overrides });
  await store.insertRuns([run]);
  if (status === 'cancelled') {
    await store.transitionRun(run.id, ['queued'], { status, finishedAt });
  } else {
    await store.transitionRun(run.id, ['queued'], { status: 'running', startedAt: finishedAt - 1000, owner: ORIGIN });
    await store.transitionRun(run.id, ['running'], { status, finishedAt, durationMs: 1000 });
  }
  return { ...run, status, finishedAt };
}

export function instance(id: string, overrides: Partial<InstanceInfo> = {}): InstanceInfo {
  return { id, pid: 1000 + id.length, host: 'host-1', startedAt: T0, ...overrides };
}

export function ids(runs: readonly { id: RunId }[]): RunId[] {
  return runs.map((r) => r.id);
}

export const never = (): boolean => false;
