/** Branded identifiers: made only by the parse functions below, so a raw string never poses as one. */
import { randomBytes } from 'node:crypto';

export type TaskName = string & { readonly __brand: 'TaskName' };
export type RunId = string & { readonly __brand: 'RunId' };

const TASK_NAME = /^[a-z][a-z0-9_.-]{0,63}$/;

/** A task name: lower-case letter first, then letters, digits, `_`, `.`, `-`; at most 64 characters. */
export function parseTaskName(value: string): TaskName {
  if (!TASK_NAME.test(value)) {
    throw new TypeError(
      `invalid task name "${value}": use a lower-case letter first, then a-z, 0-9, "_", "." or "-" (at most 64 characters)`,
    );
  }
  return value as TaskName;
}

export function isTaskName(value: string): value is TaskName {
  return TASK_NAME.test(value);
}

const RUN_ID = /^r_[0-9a-z]{12}[0-9a-f]{8}$/;

let lastMs = 0;
let sequence = 0;

/**
 * A run id sorts by creation time: `r_` + the millisecond in base 36 (9 chars) + a per-millisecond
 * sequence (3 chars) + 8 random hex chars, so ids made by one process are strictly increasing.
 */
export function newRunId(nowMs: number): RunId {
  if (nowMs > lastMs) {
    lastMs = nowMs;
    sequence = 0;
  } else if (++sequence >= 36 ** 3) {
    lastMs += 1;
    sequence = 0;
  }
  const stamp = lastMs.toString(36).padStart(9, '0') + sequence.toString(36).padStart(3, '0');
  return `r_${stamp}${randomHex8()}` as RunId;
}

// One randomBytes call per 512 ids: a call per id was ~10 % of creating a run.
let pool = Buffer.alloc(0);
let poolOffset = 0;

function randomHex8(): string {
  if (poolOffset + 4 > pool.length) {
    pool = randomBytes(2048);
    poolOffset = 0;
  }
  poolOffset += 4;
  return pool.toString('hex', poolOffset - 4, poolOffset);
}

export function parseRunId(value: string): RunId {
  if (!RUN_ID.test(value)) throw new TypeError(`invalid run id "${value}": expected r_ followed by 20 letters and digits`);
  return value as RunId;
}
