/**
 * A second process writing to a SqliteStore file, for the multi-process tests:
 * `node --import tsx test/support/sqlite-writer.ts <path> <runs>` records <runs> runs of task
 * `writer` in batches of 50, a turn of the event loop apart, then closes and exits 0.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { makeRun } from '../contract/fixtures.js';
import { parseTaskName } from '../../src/model/ids.js';

const [path, count] = process.argv.slice(2);
if (path === undefined || count === undefined) throw new Error('usage: sqlite-writer.ts <path> <runs>');
const store = new SqliteStore({ path });
await store.open();
const task = parseTaskName('writer');
for (let written = 0; written < Number(count); written += 50) {
  const runs = Array.from({ length: Math.min(50, Number(count) - written) }, () => makeRun({ task, origin: `cli:${process.pid}` }));
  await store.insertRuns(runs);
  await nextTurn();
}
await store.close();
