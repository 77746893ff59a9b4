/**
 * The WAL checkpointer: commits reach the database file itself (what survives a power loss with
 * synchronous = NORMAL) within the delay, on a worker thread that starts only when needed.
 */
import assert from 'node:assert/strict';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { BACKSTOP_PAGES, WalCheckpointer } from '../../src/store/sqlite/checkpointer.js';
import { openConnection } from '../../src/store/sqlite/connection.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { makeRun } from '../contract/fixtures.js';
import { tempDir } from '../support/temp-dir.js';

const dir = tempDir('evolve-checkpoint-');
let files = 0;
const newPath = (): string => join(dir, `store-${++files}.db`);

async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** The run ids in the database file alone, as a power loss would leave it (the WAL not synced). */
function runsInDatabaseFile(path: string): string[] {
  const copy = `${path}.copy-${Date.now()}`;
  copyFileSync(path, copy);
  const db = new Database(copy, { readonly: true });
  try {
    return db.prepare<[], string>('SELECT id FROM runs').pluck().all();
  } finally {
    db.close();
  }
}

describe('WAL checkpointer', () => {
  it('copies a commit into the database file within a second, on a worker thread', async () => {
    const path = newPath();
    const store = new SqliteStore({ path });
    await store.open();
    try {
      const first = makeRun();
      await store.insertRuns([first]);
      await until(() => store.checkpoints?.checkpoints === 1, 'a checkpoint');
      assert.deepEqual(runsInDatabaseFile(path), [first.id]);
      const second = makeRun();
      await store.insertRuns([second]);
      assert.deepEqual(runsInDatabaseFile(path), [first.id], 'right after its commit the second run is only in the WAL');
      await until(() => store.checkpoints?.checkpoints === 2, 'a second checkpoint');
      assert.deepEqual(runsInDatabaseFile(path).sort(), [first.id, second.id].sort());
      assert.equal(store.checkpoints?.lastError, null);
    } finally {
      await store.close();
    }
  });

  it('starts no thread for a store closed before its first checkpoint is due', async () => {
    const store = new SqliteStore({ path: newPath() });
    await store.open();
    await store.insertRuns([makeRun()]);
    const stats = store.checkpoints!;
    await store.close();
    assert.deepEqual(stats, { started: false, checkpoints: 0, failures: 0, lastError: null });
  });

  it('checkpoints after every `everyCommits` commits without waiting for the delay', async () => {
    const path = newPath();
    new Database(path).pragma('journal_mode = WAL');
    const checkpointer = new WalCheckpointer({ path, everyCommits: 3, maxDelayMs: 600_000 });
    try {
      checkpointer.committed();
      checkpointer.committed();
      await sleep(200);
      assert.equal(checkpointer.stats.started, false, 'two commits: not yet');
      checkpointer.committed();
      await until(() => checkpointer.stats.checkpoints === 1, 'the third commit’s checkpoint');
    } finally {
      await checkpointer.close();
    }
  });

  it('reports a checkpoint that fails and starts afresh on the next commit', async () => {
    const path = newPath(); // not created yet: the worker cannot open it
    const told: (string | null)[] = [];
    const checkpointer = new WalCheckpointer({ path, everyCommits: 1, maxDelayMs: 600_000, onTrouble: (error) => told.push(error) });
    try {
      checkpointer.committed();
      await until(() => checkpointer.stats.lastError !== null, 'the failure');
      assert.match(checkpointer.stats.lastError!, /unable to open|does not exist|SQLITE_CANTOPEN/i);
      await sleep(100); // the dead worker's exit is noticed
      checkpointer.committed();
      await until(() => checkpointer.stats.failures === 2, 'a second failure');
      assert.equal(told.length, 1, 'a run of failures is told once');
      new Database(path).pragma('journal_mode = WAL');
      await sleep(100);
      checkpointer.committed();
      await until(() => checkpointer.stats.checkpoints === 1, 'a checkpoint by a new worker');
      assert.equal(checkpointer.stats.lastError, null);
      assert.deepEqual(told.map((e) => (e === null ? null : 'failed')), ['failed', null], 'told once when it started failing, once when it recovered');
    } finally {
      await checkpointer.close();
    }
  });

  it('sets up a further connection to the file as the store’s own, so it never checkpoints on the event loop', () => {
    const db = openConnection(newPath());
    try {
      assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
      assert.equal(db.pragma('wal_autocheckpoint', { simple: true }), BACKSTOP_PAGES);
      assert.equal(db.pragma('busy_timeout', { simple: true }), 5000);
      assert.equal(db.pragma('synchronous', { simple: true }), 1, 'NORMAL');
    } finally {
      db.close();
    }
  });
});
