/**
 * `evolve run` while another process runs the orchestrator on the same store: the run is recorded
 * in the store (origin `cli:<pid>`) for that process to pick up, and followed by polling until its
 * chain is final — later attempts share the first attempt's `chainId`.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { ResolvedConfig } from '../config/types.js';
import { schedulerLeaseHolder } from '../engine/scheduler-lease.js';
import { newRun, runRequestAudit } from '../engine/run-factory.js';
import { FINISHED_STATUSES, RETRYABLE_STATUSES, type Run, type Trigger } from '../model/run.js';
import type { TaskConfig } from '../model/task.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import type { InstanceInfo, Store } from '../store/store.js';

const POLL_MS = 200;
/** How often the follower checks that the orchestrator it handed the run to is still alive. */
const LIVENESS_EVERY_MS = 5_000;
/** How long a failed attempt with attempts left may go without a next attempt appearing. */
const NEXT_ATTEMPT_WAIT_MS = 10_000;

export interface HandOffOptions {
  databasePath: string;
  config: ResolvedConfig;
  task: TaskConfig;
  parameters: Readonly<Record<string, unknown>>;
  /** Default manual; `evolve exec` records command runs. */
  trigger?: Trigger;
  /** Who asked, for the audit trail. */
  actor: string;
  /** Called when a followed attempt changes status (for progress lines). */
  onChange?: (run: Run) => void;
  /** Called once the run is recorded, with the process it was handed to. */
  onRecorded?: (run: Run, holder: InstanceInfo | null) => void;
}

export interface HandOffResult {
  holder: InstanceInfo | null;
  /** Every attempt of the chain, first to last. */
  attempts: Run[];
  final: Run;
  /** Set when following stopped before the chain finished (the orchestrator went away). */
  abandoned: string | null;
}

export async function handOffRun(options: HandOffOptions): Promise<HandOffResult> {
  const store = new SqliteStore({ path: options.databasePath, synchronous: options.config.store.synchronous });
  await store.open();
  try {
    const holder = await schedulerLeaseHolder(store, Date.now());
    const run = newRun({ task: options.task, trigger: options.trigger ?? 'manual', now: Date.now(), origin: `cli:${process.pid}`, parameters: options.parameters });
    run.maxAttempts = 1; // `evolve run` is one attempt, as in this process
    await Promise.all([store.insertRuns([run]), store.appendAudit(runRequestAudit(run, options.actor, run.createdAt))]);
    options.onRecorded?.(run, holder);
    return { holder, ...(await followChain(store, run, options.onChange)) };
  } finally {
    await store.close();
  }
}

async function followChain(store: Store, first: Run, onChange: ((run: Run) => void) | undefined): Promise<Omit<HandOffResult, 'holder'>> {
  const attempts: Run[] = [];
  let current = first;
  for (;;) {
    const outcome = await waitUntilFinished(store, current, onChange);
    attempts.push(outcome.run);
    if (outcome.abandoned) return { attempts, final: outcome.run, abandoned: outcome.abandoned };
    const last = outcome.run;
    if (!RETRYABLE_STATUSES.has(last.status) || last.attempt >= last.maxAttempts) return { attempts, final: last, abandoned: null };
    const next = await nextAttempt(store, last);
    if (!next) {
      const reason = `attempt ${last.attempt} ended ${last.status} with attempts left, but no next attempt was recorded within ${NEXT_ATTEMPT_WAIT_MS / 1000} s (the orchestrator may be stopping: it retries at its next start)`;
      return { attempts, final: last, abandoned: reason };
    }
    current = next;
  }
}

/** Polls one attempt until it reaches a final status, or until no orchestrator is left to run it. */
async function waitUntilFinished(store: Store, run: Run, onChange: ((run: Run) => void) | undefined): Promise<{ run: Run; abandoned: string | null }> {
  let seen = run.status;
  let lastLiveness = Date.now();
  for (;;) {
    await sleep(POLL_MS);
    const now = await store.getRun(run.id);
    if (!now) return { run, abandoned: `run ${run.id} disappeared from the store (history pruned?)` };
    if (now.status !== seen) {
      seen = now.status;
      onChange?.(now);
    }
    if (FINISHED_STATUSES.has(now.status)) return { run: now, abandoned: null };
    if (Date.now() - lastLiveness >= LIVENESS_EVERY_MS) {
      lastLiveness = Date.now();
      if (now.status !== 'running' && !(await schedulerLeaseHolder(store, Date.now()))) {
        return { run: now, abandoned: `no orchestrator runs on the store any more: run ${now.id} stays ${now.status} and runs at the next \`evolve start\`` };
      }
    }
  }
}

/** The attempt after `previous` in its chain, once the orchestrator records it. */
async function nextAttempt(store: Store, previous: Run): Promise<Run | null> {
  const deadline = Date.now() + NEXT_ATTEMPT_WAIT_MS;
  for (;;) {
    const recent = await store.listRuns({ task: previous.task, limit: 20 });
    const later = recent.filter((r) => r.chainId === previous.chainId && r.attempt > previous.attempt);
    const next = later.reduce<Run | null>((best, r) => (best === null || r.attempt < best.attempt ? r : best), null);
    if (next) return next;
    if (Date.now() >= deadline) return null;
    await sleep(POLL_MS);
  }
}
