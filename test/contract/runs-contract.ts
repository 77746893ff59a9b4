/** Contract: recording runs, one record per schedule slot, conditional and exclusive transitions. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DATA_SYNC, makeRun, MINUTE, ORIGIN, retryRun, RISK, scheduledRun, T0 } from './fixtures.js';
import type { ContractContext } from './store-contract.js';

export function runsContract(ctx: ContractContext): void {
  describe('recording runs', () => {
    it('reads back every field of a run as it was inserted', async () => {
      const run = makeRun({
        trigger: 'schedule',
        status: 'running',
        scheduledFor: T0 - MINUTE,
        notBefore: T0 + 5,
        startedAt: T0 + 10,
        parameters: { symbols: ['AAPL', 'MSFT'], horizon: { days: 7 }, dryRun: false },
        result: { ok: true, values: [1.5, null, 'x'] },
        error: 'upstream timeout',
        reason: 'attempt 1 of 3',
        owner: 'inst-b',
        progress: 0.25,
        progressMessage: 'fetched 1 of 4 symbols',
        slaBreached: true,
      });
      await ctx.store.insertRuns([run]);
      assert.deepEqual(await ctx.store.getRun(run.id), run);
    });

    it('reads back an undefined result as null', async () => {
      const run = makeRun({ result: undefined });
      await ctx.store.insertRuns([run]);
      assert.equal((await ctx.store.getRun(run.id))?.result, null);
    });

    it('answers null for a run it does not have', async () => {
      assert.equal(await ctx.store.getRun(makeRun().id), null);
    });

    it('records a slot once when one call inserts it twice', async () => {
      const a = scheduledRun(T0);
      const b = scheduledRun(T0);
      assert.deepEqual(await ctx.store.insertRuns([a, b]), { inserted: [a.id] });
      assert.deepEqual((await ctx.store.listRuns({ task: DATA_SYNC })).map((r) => r.id), [a.id]);
    });

    it('records a slot once when two inserts of it are in flight together', async () => {
      const a = scheduledRun(T0);
      const b = scheduledRun(T0);
      const [ra, rb] = await Promise.all([ctx.store.insertRuns([a]), ctx.store.insertRuns([b])]);
      assert.deepEqual([...ra.inserted, ...rb.inserted], [a.id]);
      assert.equal((await ctx.store.listRuns({ task: DATA_SYNC })).length, 1);
    });

    it('records a slot once across separate commits, and says the second was not inserted', async () => {
      const a = scheduledRun(T0);
      await ctx.store.insertRuns([a]);
      const again = await ctx.store.insertRuns([scheduledRun(T0), scheduledRun(T0 + MINUTE)]);
      assert.equal(again.inserted.length, 1);
      const slots = (await ctx.store.listRuns({ task: DATA_SYNC })).map((r) => r.scheduledFor).sort();
      assert.deepEqual(slots, [T0, T0 + MINUTE]);
    });

    it('records the same slot once for each task', async () => {
      const a = scheduledRun(T0, { task: DATA_SYNC });
      const b = scheduledRun(T0, { task: RISK });
      assert.deepEqual(await ctx.store.insertRuns([a, b]), { inserted: [a.id, b.id] });
    });

    it('never treats runs without a slot as the same run', async () => {
      const runs = [makeRun(), makeRun(), makeRun()];
      assert.deepEqual((await ctx.store.insertRuns(runs)).inserted, runs.map((r) => r.id));
    });

    it('records every retry of a scheduled run, each reading back the slot of its chain', async () => {
      const first = scheduledRun(T0, { status: 'failed', finishedAt: T0 + 1000 });
      const second = retryRun(first, { status: 'failed', finishedAt: T0 + 2 * MINUTE });
      const third = retryRun(second);
      await ctx.store.insertRuns([first]);
      assert.deepEqual(await ctx.store.insertRuns([second, third]), { inserted: [second.id, third.id] });
      const read = await ctx.store.getRun(third.id);
      assert.equal(read?.scheduledFor, T0);
      assert.equal(read?.chainId, first.id);
      assert.equal(read?.attempt, 3);
      // The slot itself is still taken: a new first attempt for it is not recorded.
      assert.deepEqual(await ctx.store.insertRuns([scheduledRun(T0)]), { inserted: [] });
    });

    it('persists the next fire time with the insert, creating the task state when missing', async () => {
      await ctx.store.insertRuns([scheduledRun(T0)], [{ task: DATA_SYNC, at: T0 + MINUTE, scheduleKey: 'every:1m' }]);
      let state = await ctx.store.getTaskState(DATA_SYNC);
      assert.equal(state?.nextFireAt, T0 + MINUTE);
      assert.equal(state?.scheduleKey, 'every:1m');
      // Still advanced when the slot was already recorded (a restart replaying a fire).
      await ctx.store.insertRuns([scheduledRun(T0)], [{ task: DATA_SYNC, at: T0 + 2 * MINUTE, scheduleKey: 'every:1m' }]);
      state = await ctx.store.getTaskState(DATA_SYNC);
      assert.equal(state?.nextFireAt, T0 + 2 * MINUTE);
      await ctx.store.insertRuns([], [{ task: DATA_SYNC, at: null, scheduleKey: 'manual' }]);
      assert.equal((await ctx.store.getTaskState(DATA_SYNC))?.nextFireAt, null);
    });
  });

  describe('transitions', () => {
    it('moves a run from one of the given statuses and applies the patch', async () => {
      const run = makeRun();
      await ctx.store.insertRuns([run]);
      const patch = { status: 'skipped', finishedAt: T0 + 1, reason: 'condition market_hours was false' } as const;
      assert.equal(await ctx.store.transitionRun(run.id, ['waiting', 'queued'], patch), true);
      const read = await ctx.store.getRun(run.id);
      assert.deepEqual([read?.status, read?.finishedAt, read?.reason], ['skipped', T0 + 1, patch.reason]);
      assert.equal(read?.queuedAt, run.queuedAt, 'fields not in the patch are kept');
    });

    it('claims a run: owner and start time are written with the status', async () => {
      const run = makeRun();
      await ctx.store.insertRuns([run]);
      assert.equal(await ctx.store.transitionRun(run.id, ['queued'], { status: 'running', startedAt: T0 + 1, owner: 'inst-b' }), true);
      const read = await ctx.store.getRun(run.id);
      assert.deepEqual([read?.status, read?.startedAt, read?.owner], ['running', T0 + 1, 'inst-b']);
    });

    it('lets a second transition from queued lose and change nothing', async () => {
      const run = makeRun();
      await ctx.store.insertRuns([run]);
      assert.equal(await ctx.store.transitionRun(run.id, ['queued'], { status: 'running', owner: 'inst-a' }), true);
      assert.equal(await ctx.store.transitionRun(run.id, ['queued'], { status: 'running', owner: 'inst-b' }), false);
      assert.equal((await ctx.store.getRun(run.id))?.owner, 'inst-a');
    });

    it('lets exactly one of two concurrent claims win', async () => {
      const run = makeRun();
      await ctx.store.insertRuns([run]);
      const outcomes = await Promise.all([
        ctx.store.transitionRun(run.id, ['queued'], { status: 'running', owner: 'inst-a' }),
        ctx.store.transitionRun(run.id, ['queued'], { status: 'cancelled', finishedAt: T0 }),
      ]);
      assert.deepEqual(outcomes.sort(), [false, true]);
    });

    it('answers false for a run it does not have', async () => {
      assert.equal(await ctx.store.transitionRun(makeRun().id, ['queued'], { status: 'running' }), false);
    });

    it('rejects an illegal transition instead of refusing it quietly', async () => {
      const run = makeRun({ status: 'succeeded', finishedAt: T0 });
      await ctx.store.insertRuns([run]);
      await assert.rejects(ctx.store.transitionRun(run.id, ['succeeded'], { status: 'running' }), /illegal run transition/);
      assert.equal((await ctx.store.getRun(run.id))?.status, 'succeeded');
    });

    it('refuses a second exclusive running run of a task until the first finishes', async () => {
      const [a, b] = [makeRun(), makeRun()];
      await ctx.store.insertRuns([a, b]);
      assert.equal(await ctx.store.transitionRun(a.id, ['queued'], { status: 'running' }, { exclusive: true }), true);
      assert.equal(await ctx.store.transitionRun(b.id, ['queued'], { status: 'running' }, { exclusive: true }), false);
      assert.equal((await ctx.store.getRun(b.id))?.status, 'queued');
      await ctx.store.transitionRun(a.id, ['running'], { status: 'succeeded', finishedAt: T0 + 1 });
      assert.equal(await ctx.store.transitionRun(b.id, ['queued'], { status: 'running' }, { exclusive: true }), true);
    });

    it('lets exactly one of two concurrent exclusive claims of a task win', async () => {
      const [a, b] = [makeRun(), makeRun()];
      await ctx.store.insertRuns([a, b]);
      const outcomes = await Promise.all([a, b].map((r) => ctx.store.transitionRun(r.id, ['queued'], { status: 'running' }, { exclusive: true })));
      assert.deepEqual(outcomes.sort(), [false, true]);
      assert.equal((await ctx.store.listRuns({ status: 'running' })).length, 1);
    });

    it('limits neither non-exclusive claims nor exclusive claims of another task', async () => {
      const [a, b, c] = [makeRun(), makeRun(), makeRun({ task: RISK })];
      await ctx.store.insertRuns([a, b, c]);
      assert.equal(await ctx.store.transitionRun(a.id, ['queued'], { status: 'running' }, { exclusive: true }), true);
      assert.equal(await ctx.store.transitionRun(b.id, ['queued'], { status: 'running' }), true);
      assert.equal(await ctx.store.transitionRun(c.id, ['queued'], { status: 'running' }, { exclusive: true }), true);
    });

    it('patches progress and other fields of a running run without touching its status', async () => {
      const run = makeRun();
      await ctx.store.insertRuns([run]);
      await ctx.store.transitionRun(run.id, ['queued'], { status: 'running', owner: ORIGIN });
      await ctx.store.patchRun(run.id, { progress: 0.5, progressMessage: 'half way', slaBreached: true });
      const read = await ctx.store.getRun(run.id);
      assert.deepEqual(
        { status: read?.status, progress: read?.progress, message: read?.progressMessage, sla: read?.slaBreached, owner: read?.owner },
        { status: 'running', progress: 0.5, message: 'half way', sla: true, owner: ORIGIN },
      );
    });
  });
}
