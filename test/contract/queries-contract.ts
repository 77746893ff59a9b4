/** Contract: listing runs (history, pending, other processes' runs, orphans) and pruning. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Run } from '../../src/model/run.js';
import { DATA_SYNC, finishRun, ids, makeRun, MINUTE, RISK, T0 } from './fixtures.js';
import type { ContractContext } from './store-contract.js';

export function queriesContract(ctx: ContractContext): void {
  describe('listing runs', () => {
    it('lists runs newest first, filtered by task and status, and pages with beforeId', async () => {
      const a = makeRun();
      const b = makeRun({ task: RISK });
      const c = makeRun({ status: 'waiting', queuedAt: null });
      const d = makeRun();
      await ctx.store.insertRuns([a, b, c, d]);
      await ctx.store.transitionRun(d.id, ['queued'], { status: 'running' });

      assert.deepEqual(ids(await ctx.store.listRuns({})), [d.id, c.id, b.id, a.id]);
      assert.deepEqual(ids(await ctx.store.listRuns({ task: DATA_SYNC })), [d.id, c.id, a.id]);
      assert.deepEqual(ids(await ctx.store.listRuns({ status: 'queued' })), [b.id, a.id]);
      assert.deepEqual(ids(await ctx.store.listRuns({ status: ['waiting', 'running'] })), [d.id, c.id]);
      assert.deepEqual(ids(await ctx.store.listRuns({ task: DATA_SYNC, status: ['queued', 'running'], beforeId: d.id })), [a.id]);
      assert.deepEqual(ids(await ctx.store.listRuns({ limit: 2 })), [d.id, c.id]);
      assert.deepEqual(ids(await ctx.store.listRuns({ limit: 2, beforeId: c.id })), [b.id, a.id]);
      assert.deepEqual(await ctx.store.listRuns({ status: [] }), []);
    });

    it('returns 50 runs unless asked, and never more than 10,000', async () => {
      const runs = Array.from({ length: 10_001 }, () => makeRun());
      await ctx.store.insertRuns(runs);
      assert.equal((await ctx.store.listRuns({})).length, 50);
      assert.equal((await ctx.store.listRuns({ limit: 20_000 })).length, 10_000);
    });

    it('lists waiting and queued runs oldest first as pending', async () => {
      const waiting = makeRun({ status: 'waiting', queuedAt: null, reason: 'waits for data_sync' });
      const queued = makeRun({ task: RISK });
      const running = makeRun();
      const skipped = makeRun({ status: 'skipped', finishedAt: T0, reason: 'market closed' });
      await ctx.store.insertRuns([waiting, queued, running, skipped]);
      await ctx.store.transitionRun(running.id, ['queued'], { status: 'running' });
      assert.deepEqual(ids(await ctx.store.listPendingRuns()), [waiting.id, queued.id]);
    });

    it("lists other processes' pending runs after an id, never its own", async () => {
      const own = makeRun({ origin: 'server-1' });
      const cli1 = makeRun({ origin: 'cli:4242' });
      const other = makeRun({ origin: 'a-process', status: 'waiting', queuedAt: null });
      const ownLater = makeRun({ origin: 'server-1' });
      const cli2 = makeRun({ origin: 'cli:4243' });
      const cliRunning = makeRun({ origin: 'cli:4244' });
      await ctx.store.insertRuns([own, cli1, other, ownLater, cli2, cliRunning]);
      await ctx.store.transitionRun(cliRunning.id, ['queued'], { status: 'running' });

      assert.deepEqual(ids(await ctx.store.listForeignPendingRuns('server-1', null)), [cli1.id, other.id, cli2.id]);
      assert.deepEqual(ids(await ctx.store.listForeignPendingRuns('server-1', other.id)), [cli2.id]);
      assert.deepEqual(ids(await ctx.store.listForeignPendingRuns('cli:4242', null)), [own.id, other.id, ownLater.id, cli2.id]);
    });

    it('lists running runs whose owner is not the live instance as orphaned', async () => {
      const mine = makeRun();
      const theirs = makeRun();
      const nobody = makeRun();
      const queued = makeRun();
      await ctx.store.insertRuns([mine, theirs, nobody, queued]);
      await ctx.store.transitionRun(mine.id, ['queued'], { status: 'running', owner: 'inst-new' });
      await ctx.store.transitionRun(theirs.id, ['queued'], { status: 'running', owner: 'inst-dead' });
      await ctx.store.transitionRun(nobody.id, ['queued'], { status: 'running' });
      assert.deepEqual(ids(await ctx.store.listOrphanedRuns('inst-new')), [theirs.id, nobody.id]);
    });
  });

  describe('pruning', () => {
    it('deletes only finished runs that finished before the cutoff', async () => {
      const old = await finishRun(ctx.store, 'succeeded', T0 - 10 * MINUTE);
      const oldFailed = await finishRun(ctx.store, 'failed', T0 - 9 * MINUTE, { task: RISK });
      const oldSkipped = makeRun({ status: 'skipped', createdAt: T0 - 8 * MINUTE, finishedAt: T0 - 8 * MINUTE });
      const recent = await finishRun(ctx.store, 'succeeded', T0 + MINUTE);
      const atCutoff = await finishRun(ctx.store, 'cancelled', T0);
      const oldQueued = makeRun({ createdAt: T0 - 60 * MINUTE });
      const oldRunning = makeRun({ createdAt: T0 - 60 * MINUTE });
      await ctx.store.insertRuns([oldSkipped, oldQueued, oldRunning]);
      await ctx.store.transitionRun(oldRunning.id, ['queued'], { status: 'running' });

      assert.equal(await ctx.store.pruneRuns(T0), 3);
      const left = new Set(ids(await ctx.store.listRuns({})));
      assert.deepEqual(left, new Set([recent.id, atCutoff.id, oldQueued.id, oldRunning.id]));
      for (const gone of [old, oldFailed, oldSkipped]) assert.equal(await ctx.store.getRun(gone.id), null);
      assert.equal(await ctx.store.pruneRuns(T0), 0);
    });

    it('prunes more runs than fit in one delete, and keeps the lifetime counts', async () => {
      const runs: Run[] = Array.from({ length: 2_500 }, (_, i) =>
        makeRun({ status: 'skipped', createdAt: T0 - MINUTE, finishedAt: T0 - MINUTE + i, reason: 'market closed' }),
      );
      await ctx.store.insertRuns(runs);
      assert.equal(await ctx.store.pruneRuns(T0), 2_500);
      assert.deepEqual(await ctx.store.listRuns({}), []);
      assert.equal((await ctx.store.taskStats(DATA_SYNC, 10)).totals.skipped, 2_500);
    });
  });
}
