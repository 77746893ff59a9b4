/** SqliteStore: the Store contract on a file and in memory, then what only SQLite does. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { EvolveError } from '../../src/errors.js';
import { parseTaskName } from '../../src/model/ids.js';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../src/store/sqlite/migrations.js';
import { RUN_INSERT_COLUMNS, runValues } from '../../src/store/sqlite/rows.js';
import { SqliteStore, type SqliteStoreOptions } from '../../src/store/sqlite/sqlite-store.js';
import { DATA_SYNC, finishRun, instance, makeRun, never, RISK, T0 } from '../contract/fixtures.js';
import { storeContract } from '../contract/store-contract.js';
import { tempDir } from '../support/temp-dir.js';

const dir = tempDir('evolve-sqlite-');
let files = 0;
const newPath = (): string => join(dir, `store-${++files}.db`);

async function openStore(options: Partial<SqliteStoreOptions> & { path?: string } = {}): Promise<SqliteStore> {
  const store = new SqliteStore({ path: newPath(), ...options });
  await store.open();
  return store;
}

storeContract('SqliteStore on a file', () => openStore());
storeContract('SqliteStore in memory', () => openStore({ path: ':memory:' }));

/** Opens stores and closes them all at the end of the test, even when it fails. */
async function withStores(body: (open: (options?: Partial<SqliteStoreOptions>) => Promise<SqliteStore>) => Promise<void>): Promise<void> {
  const opened: SqliteStore[] = [];
  try {
    await body(async (options) => {
      const store = await openStore(options);
      opened.push(store);
      return store;
    });
  } finally {
    for (const store of opened) await store.close();
  }
}

describe('SqliteStore', () => {
  it('keeps runs, counters, task state, leases and the audit trail across close and reopen', async () => {
    const path = newPath();
    const first = await openStore({ path });
    const succeeded = await finishRun(first, 'succeeded', T0 + 1000);
    const queued = makeRun();
    await first.insertRuns([queued], [{ task: DATA_SYNC, at: T0 + 60_000, scheduleKey: 'every:1m' }]);
    await first.syncTasks([{ name: DATA_SYNC, config: { interval_minutes: 1 } }]);
    const lease = await first.acquireLease('scheduler', instance('inst-a'), 30_000, T0, never);
    await first.appendAudit({ at: T0, actor: 'cli', action: 'task.run', task: DATA_SYNC, details: {} });
    await first.close();

    const second = await openStore({ path });
    try {
      assert.equal((await second.getRun(succeeded.id))?.status, 'succeeded');
      assert.deepEqual(await second.listPendingRuns(), [queued]);
      assert.deepEqual((await second.taskStats(DATA_SYNC, 5)).totals, { succeeded: 1 });
      assert.equal((await second.getTaskState(DATA_SYNC))?.nextFireAt, T0 + 60_000);
      const next = await second.acquireLease('scheduler', instance('inst-b'), 30_000, T0 + 60_000, never);
      assert.equal(next.token, lease.token + 1, 'the fencing token keeps counting after a restart');
      assert.equal((await second.listAudit({})).length, 1);
    } finally {
      await second.close();
    }
  });

  it('creates the folder of a new store file', async () => {
    const path = join(dir, 'nested', 'data', 'evolve.db');
    const store = await openStore({ path });
    await store.close();
    assert.ok(existsSync(path));
  });

  it('records applied migrations once and refuses a store written by a newer release', async () => {
    const path = newPath();
    await (await openStore({ path })).close();
    await (await openStore({ path })).close();
    const raw = new Database(path);
    try {
      const rows = raw.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all();
      assert.deepEqual(rows, [{ version: 1, name: 'initial schema' }, { version: 2, name: 'run logs' }]);
      raw.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(LATEST_SCHEMA_VERSION + 98, 'from the future', T0);
    } finally {
      raw.close();
    }
    const newer = new SqliteStore({ path });
    await assert.rejects(newer.open(), (error: unknown) => {
      assert.ok(error instanceof EvolveError);
      assert.equal(error.code, 'EVOLVE_STORE_FAILED');
      assert.match(error.message, new RegExp(`schema version ${LATEST_SCHEMA_VERSION + 98}.*versions 1 to ${LATEST_SCHEMA_VERSION}`));
      return true;
    });
  });

  it('migrates a store of schema version 1, keeping its runs, which then keep log lines', async () => {
    const path = newPath();
    const run = makeRun();
    const raw = new Database(path);
    try {
      raw.exec(`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`);
      raw.exec(MIGRATIONS[0]!.sql);
      raw.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (1, ?, ?)').run('initial schema', T0);
      raw.prepare(`INSERT INTO runs (${RUN_INSERT_COLUMNS.join(', ')}) VALUES (${RUN_INSERT_COLUMNS.map(() => '?').join(', ')})`).run(...runValues(run));
    } finally {
      raw.close();
    }
    await withStores(async (open) => {
      const store = await open({ path });
      assert.deepEqual(await store.getRun(run.id), run);
      await store.appendRunLog(run.id, [{ at: T0, level: 'info', message: 'kept' }]);
      assert.deepEqual((await store.getRunLog(run.id)).lines.map((l) => l.message), ['kept']);
    });
  });

  it('opens read-only for status readers: reads work, writes reject', async () => {
    const path = newPath();
    const writer = await openStore({ path });
    const run = makeRun();
    await writer.insertRuns([run]);
    await withStores(async (open) => {
      const reader = await open({ path, readonly: true });
      assert.equal((await reader.getRun(run.id))?.id, run.id);
      await assert.rejects(reader.insertRuns([makeRun()]), /read-only/);
    });
    await writer.close();
    await assert.rejects(new SqliteStore({ path: join(dir, 'missing.db'), readonly: true }).open(), { code: 'EVOLVE_STORE_FAILED' });
  });

  it('rejects calls before open and after close with a clear error', async () => {
    const store = new SqliteStore({ path: newPath() });
    await assert.rejects(store.getRun(makeRun().id), /not open/);
    await store.open();
    await store.close();
    await assert.rejects(store.insertRuns([makeRun()]), /not open/);
  });

  it('lets another connection read committed runs while a write transaction is open', async () => {
    const path = newPath();
    await withStores(async (open) => {
      const writer = await open({ path });
      const reader = await open({ path });
      const run = makeRun();
      await writer.insertRuns([run]);
      const raw = new Database(path);
      try {
        raw.exec('BEGIN IMMEDIATE');
        raw.prepare('UPDATE runs SET progress = 0.9 WHERE id = ?').run(run.id);
        assert.equal((await reader.getRun(run.id))?.progress, null, 'the reader is not blocked and sees the committed state');
        raw.exec('COMMIT');
      } finally {
        raw.close();
      }
      assert.equal((await reader.getRun(run.id))?.progress, 0.9);
    });
  });

  it('reads and writes while another process writes to the same file', async () => {
    const path = newPath();
    await withStores(async (open) => {
      const store = await open({ path });
      const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '../support/sqlite-writer.ts'), path, '3000'], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      let done = false;
      void exited.then(() => (done = true));
      let reads = 0;
      let writes = 0;
      while (!done) {
        await store.listRuns({ task: parseTaskName('writer'), limit: 10_000 });
        await store.appendAudit({ at: T0 + writes++, actor: 'engine', action: 'heartbeat', task: null, details: {} });
        reads++;
        await sleep(5);
      }
      assert.equal(await exited, 0, stderr);
      assert.ok(reads > 1, 'read while the other process was writing');
      assert.equal((await store.listRuns({ task: parseTaskName('writer'), limit: 10_000 })).length, 3000);
      assert.equal((await store.listAudit({ limit: 10_000 })).length, writes);
    });
  });

  it('guarantees one exclusive running run per task across two connections', async () => {
    const path = newPath();
    await withStores(async (open) => {
      const [one, two] = [await open({ path }), await open({ path })];
      const [a, b] = [makeRun(), makeRun()];
      await one.insertRuns([a, b]);
      assert.equal(await one.transitionRun(a.id, ['queued'], { status: 'running' }, { exclusive: true }), true);
      assert.equal(await two.transitionRun(b.id, ['queued'], { status: 'running' }, { exclusive: true }), false);
    });
  });

  it('commits writes in flight together in one transaction', async () => {
    await withStores(async (open) => {
      const store = await open();
      const before = store.commits;
      await Promise.all(Array.from({ length: 1_000 }, () => store.insertRuns([makeRun()])));
      assert.ok(store.commits - before <= 3, `1,000 writes took ${store.commits - before} commits`);
    });
  });

  it('fails only the faulty write of a shared commit', async () => {
    await withStores(async (open) => {
      const store = await open();
      const run = makeRun();
      await store.insertRuns([run]);
      const other = makeRun({ task: RISK });
      const outcomes = await Promise.allSettled([
        store.insertRuns([other]),
        store.insertRuns([{ ...run, parameters: { again: true } }]),
        store.transitionRun(run.id, ['queued'], { status: 'running' }),
      ]);
      assert.deepEqual(outcomes.map((o) => o.status), ['fulfilled', 'rejected', 'fulfilled']);
      const failure = outcomes[1];
      assert.ok(failure?.status === 'rejected' && failure.reason instanceof EvolveError);
      assert.equal(failure.reason.code, 'EVOLVE_STORE_FAILED');
      assert.match(failure.reason.message, /insertRuns failed .*UNIQUE constraint failed: runs\.id/);
      assert.equal((await store.getRun(other.id))?.id, other.id);
      assert.equal((await store.getRun(run.id))?.status, 'running');
    });
  });

  it('prunes in several short transactions', async () => {
    await withStores(async (open) => {
      const store = await open();
      const runs = Array.from({ length: 2_500 }, () => makeRun({ status: 'skipped', finishedAt: T0 - 1 }));
      await store.insertRuns(runs);
      const before = store.commits;
      assert.equal(await store.pruneRuns(T0), 2_500);
      assert.ok(store.commits - before >= 3);
    });
  });

  it('frees the leases of an instance marked stopped', async () => {
    await withStores(async (open) => {
      const store = await open();
      const a = instance('inst-a');
      await store.registerInstance(a);
      const first = await store.acquireLease('scheduler', a, 30_000, T0, never);
      await store.markInstanceStopped(a.id, T0 + 1);
      assert.equal(await store.leaseHolder('scheduler', 30_000, T0 + 2), null);
      const next = await store.acquireLease('scheduler', instance('inst-b'), 30_000, T0 + 2, never);
      assert.deepEqual(next, { acquired: true, token: first.token + 1, holder: null });
    });
  });
});
