/**
 * WAL checkpoints on a worker thread. A checkpoint copies the WAL's pages into the database file
 * and fsyncs both; done by SQLite's automatic checkpoint, that happens inside some unlucky COMMIT
 * on the event loop and stalls every run behind it (measured: no-op throughput 28k runs/s with
 * automatic checkpoints, 34k with checkpoints off the event loop, 2 vCPU).
 *
 * So the store's own connection checkpoints only as a backstop (`BACKSTOP_PAGES`, when this
 * thread falls far behind), and this class asks a worker to checkpoint after every
 * `everyCommits` commits, and at most `maxDelayMs` after any commit. The second bound is also
 * the durability bound: with `synchronous = NORMAL` the WAL is synced to disk at each checkpoint,
 * so a power loss loses at most the last `maxDelayMs` (plus the checkpoint's own time) of commits.
 *
 * The worker starts on the first checkpoint: a CLI command that writes a few rows and exits never
 * pays for the thread.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { describeError } from '../../errors.js';

/** WAL pages at which the store's own connection checkpoints anyway (~40 MB with 4 KiB pages). */
export const BACKSTOP_PAGES = 10_000;

export interface CheckpointerOptions {
  path: string;
  /** Ask for a checkpoint after this many commits. */
  everyCommits: number;
  /** ...and at most this long after a commit. */
  maxDelayMs: number;
  /**
   * Told when checkpoints start failing (once per run of failures, with the error) and when they
   * work again (null): commits still succeed meanwhile, but the power-loss bound does not hold.
   */
  onTrouble?: (error: string | null) => void;
}

export interface CheckpointStats {
  /** Whether the worker thread was ever started. */
  started: boolean;
  /** Checkpoints completed. */
  checkpoints: number;
  /** Checkpoints that failed. */
  failures: number;
  /** The last failure, cleared by the next success; the backstop keeps the WAL bounded meanwhile. */
  lastError: string | null;
}

type CheckpointRequest = 'checkpoint' | 'close';
type CheckpointReply =
  | { ok: true; framesInWal: number; framesCheckpointed: number; busy: boolean }
  | { ok: false; error: string; code: string | null };

/**
 * The worker: its own connection to the store file, and one PASSIVE checkpoint per request.
 * PASSIVE never waits for the writer, so the main thread's commits go on while this thread copies
 * WAL frames into the database file and syncs it. Plain JavaScript evaluated by the worker, so it
 * runs the same from `dist/` and from the TypeScript sources under tsx (whose loader does not
 * reach worker threads); better-sqlite3 is resolved here and passed in.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.betterSqlite3);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('busy_timeout = 5000');
parentPort.on('message', (request) => {
  if (request === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  try {
    const [row] = db.pragma('wal_checkpoint(PASSIVE)');
    parentPort.postMessage({ ok: true, busy: row.busy === 1, framesInWal: row.log, framesCheckpointed: row.checkpointed });
  } catch (error) {
    parentPort.postMessage({ ok: false, error: String(error && error.message || error), code: error && error.code ? String(error.code) : null });
  }
});
`;
const BETTER_SQLITE3 = createRequire(import.meta.url).resolve('better-sqlite3');

export class WalCheckpointer {
  readonly #options: CheckpointerOptions;
  #worker: Worker | null = null;
  #exited: Promise<void> | null = null;
  #inFlight = false;
  #commitsSinceRequest = 0;
  #timer: NodeJS.Timeout | null = null;
  #closed = false;
  readonly stats: CheckpointStats = { started: false, checkpoints: 0, failures: 0, lastError: null };

  constructor(options: CheckpointerOptions) {
    this.#options = options;
  }

  /** Called after each commit of the store's connection. */
  committed(): void {
    if (this.#closed) return;
    this.#commitsSinceRequest++;
    if (!this.#inFlight) this.#schedule();
  }

  /** Stops the worker (waiting for a checkpoint in progress); the store then closes its connection. */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    const worker = this.#worker;
    if (worker === null) return;
    worker.ref(); // keep the process alive until the worker has closed its connection
    worker.postMessage('close' satisfies CheckpointRequest);
    await this.#exited;
  }

  #request(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    if (this.#closed || this.#inFlight) return;
    this.#inFlight = true;
    this.#commitsSinceRequest = 0;
    this.#start().postMessage('checkpoint' satisfies CheckpointRequest);
  }

  #start(): Worker {
    if (this.#worker !== null) return this.#worker;
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path: this.#options.path, betterSqlite3: BETTER_SQLITE3 } });
    this.stats.started = true;
    // The process may exit with a checkpoint in progress: SQLite resumes it next time.
    worker.unref();
    worker.on('message', (reply: CheckpointReply) => this.#done(reply));
    // A worker that died (it could not open the file) is dropped at once, so the next request starts a new one.
    worker.on('error', (error: unknown) => {
      if (this.#worker === worker) this.#worker = null;
      const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : null;
      this.#done({ ok: false, error: describeError(error), code });
    });
    this.#exited = new Promise((resolve) =>
      worker.once('exit', () => {
        if (this.#worker === worker) {
          this.#worker = null;
          this.#inFlight = false;
        }
        resolve();
      }),
    );
    this.#worker = worker;
    return worker;
  }

  #done(reply: CheckpointReply): void {
    this.#inFlight = false;
    const failing = this.stats.lastError !== null;
    if (reply.ok) {
      this.stats.checkpoints++;
      this.stats.lastError = null;
      if (failing) this.#options.onTrouble?.(null);
    } else {
      this.stats.failures++;
      this.stats.lastError = reply.code === null ? reply.error : `${reply.code}: ${reply.error}`;
      if (!failing) this.#options.onTrouble?.(this.stats.lastError);
    }
    if (!this.#closed && this.#commitsSinceRequest > 0) this.#schedule();
  }

  /** A checkpoint now when enough commits wait, else at most maxDelayMs from now. */
  #schedule(): void {
    if (this.#commitsSinceRequest >= this.#options.everyCommits) this.#request();
    else this.#timer ??= setTimeout(() => this.#request(), this.#options.maxDelayMs).unref();
  }
}
