/**
 * How every writing connection to a store file is set up: WAL, the busy timeout, the sync level,
 * and SQLite's automatic checkpoint pushed back to a backstop, because checkpoints run on the
 * store's worker thread (checkpointer.ts). A second connection with SQLite's default (1,000
 * pages) would checkpoint, with its fsyncs, on the event loop at every commit once the WAL is
 * past that size — the reference platform keeps its tables in the same file through one.
 */
import Database from 'better-sqlite3';
import { BACKSTOP_PAGES } from './checkpointer.js';

/** How long a writer waits for another process's write transaction before failing (ms). */
export const BUSY_TIMEOUT_MS = 5000;

export interface ConnectionOptions {
  /** `normal` (default): a commit survives a process crash, not a power loss. `full`: fsync on every commit. */
  synchronous?: 'normal' | 'full';
}

/** Applies the store's settings to a connection opened for writing (`:memory:` keeps its own journal). */
export function configureConnection(db: Database.Database, options: ConnectionOptions = {}): void {
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  if (!db.memory) {
    db.pragma('journal_mode = WAL');
    db.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
  }
  db.pragma(`synchronous = ${options.synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
}

/** A further writing connection to a store's file, set up as the store's own. */
export function openConnection(path: string, options: ConnectionOptions = {}): Database.Database {
  const db = new Database(path);
  try {
    configureConnection(db, options);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}
