/** Contract: lifetime counters and the recent history of a task (status pages, health, dependencies). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DATA_SYNC, finishRun, makeRun, MINUTE, RISK, T0 } from './fixtures.js';
import type { ContractContext } from './store-contract.js';

export function statsContract(ctx: ContractContext): void {
  describe('task statistics', () => {
    it('counts runs by final status, including runs recorded already finished', async () => {
      await finishRun(ctx.store, 'succeeded', T0 + 1);
      await finishRun(ctx.store, 'succeeded', T0 + 2);
      await finishRun(ctx.store, 'failed', T0 + 3);
      await finishRun(ctx.store, 'cancelled', T0 + 4);
      await finishRun(ctx.store, 'succeeded', T0 + 5, { task: RISK });
      await ctx.store.insertRuns([makeRun({ status: 'skipped', finishedAt: T0, reason: 'condition market_hours was false' })]);
      await ctx.store.insertRuns([makeRun()]);

      const stats = await ctx.store.taskStats(DATA_SYNC, 10);
      assert.deepEqual(stats.totals, { succeeded: 2, failed: 1, cancelled: 1, skipped: 1 });
    });

    it('does not count a transition that lost', async () => {
      const run = makeRun();
      await ctx.store.insertRuns([run]);
      await ctx.store.transitionRun(run.id, ['queued'], { status: 'cancelled', finishedAt: T0 });
      await ctx.store.transitionRun(run.id, ['queued'], { status: 'cancelled', finishedAt: T0 });
      await ctx.store.transitionRun(run.id, ['queued'], { status: 'skipped', finishedAt: T0 });
      assert.deepEqual((await ctx.store.taskStats(DATA_SYNC, 10)).totals, { cancelled: 1 });
    });

    it('lists the last outcomes that count for success rates, newest finish first', async () => {
      // Finish order differs from creation order: the newest finish comes first.
      const slow = makeRun({ createdAt: T0 });
      await ctx.store.insertRuns([slow]);
      await ctx.store.transitionRun(slow.id, ['queued'], { status: 'running', startedAt: T0 });
      await finishRun(ctx.store, 'failed', T0 + 1 * MINUTE);
      await finishRun(ctx.store, 'timed_out', T0 + 2 * MINUTE);
      await finishRun(ctx.store, 'cancelled', T0 + 3 * MINUTE);
      await finishRun(ctx.store, 'succeeded', T0 + 4 * MINUTE);
      await ctx.store.transitionRun(slow.id, ['running'], { status: 'succeeded', finishedAt: T0 + 5 * MINUTE, durationMs: 5 * MINUTE });
      await ctx.store.insertRuns([makeRun({ status: 'skipped', finishedAt: T0 + 6 * MINUTE })]);

      const stats = await ctx.store.taskStats(DATA_SYNC, 3);
      assert.deepEqual(stats.recent, [
        { status: 'succeeded', durationMs: 5 * MINUTE, finishedAt: T0 + 5 * MINUTE },
        { status: 'succeeded', durationMs: 1000, finishedAt: T0 + 4 * MINUTE },
        { status: 'timed_out', durationMs: 1000, finishedAt: T0 + 2 * MINUTE },
      ]);
      assert.equal((await ctx.store.taskStats(DATA_SYNC, 100)).recent.length, 4);
      assert.deepEqual((await ctx.store.taskStats(DATA_SYNC, 0)).recent, []);
    });

    it('names the last run by creation, and the last success and last finished run by finish time', async () => {
      const early = makeRun({ createdAt: T0 });
      await ctx.store.insertRuns([early]);
      await ctx.store.transitionRun(early.id, ['queued'], { status: 'running' });
      const success = await finishRun(ctx.store, 'succeeded', T0 + MINUTE);
      const failure = await finishRun(ctx.store, 'failed', T0 + 2 * MINUTE);
      await ctx.store.transitionRun(early.id, ['running'], { status: 'interrupted', finishedAt: T0 + 3 * MINUTE, reason: 'process died' });
      await ctx.store.insertRuns([makeRun({ status: 'skipped', createdAt: T0 + 4 * MINUTE, finishedAt: T0 + 4 * MINUTE })]);
      const latest = makeRun({ createdAt: T0 + 5 * MINUTE });
      await ctx.store.insertRuns([latest]);

      const stats = await ctx.store.taskStats(DATA_SYNC, 10);
      assert.equal(stats.task, DATA_SYNC);
      assert.equal(stats.lastRun?.id, latest.id);
      assert.equal(stats.lastSuccess?.id, success.id);
      assert.equal(stats.lastFinished?.id, early.id, 'interrupted settles a run; skipped does not');
      assert.equal(stats.lastFinished?.status, 'interrupted');
      assert.notEqual(stats.lastFinished?.id, failure.id);
    });

    it('describes a task without runs as empty', async () => {
      assert.deepEqual(await ctx.store.taskStats(RISK, 10), {
        task: RISK,
        totals: {},
        recent: [],
        lastRun: null,
        lastSuccess: null,
        lastFinished: null,
      });
    });
  });
}
