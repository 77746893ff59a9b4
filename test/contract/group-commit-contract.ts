/** Contract: durability and ordering of writes in flight together, failures, close, and a slot property. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { RunId, TaskName } from '../../src/model/ids.js';
import { DATA_SYNC, ids, makeRun, MINUTE, ORIGIN, RISK, scheduledRun, T0 } from './fixtures.js';
import type { ContractContext } from './store-contract.js';

export function groupCommitContract(ctx: ContractContext): void {
  describe('writes in flight together', () => {
    it('resolves many concurrent writes and shows every one of them', async () => {
      const runs = Array.from({ length: 1_200 }, (_, i) => makeRun({ task: i % 2 === 0 ? DATA_SYNC : RISK }));
      const writes = [
        ...runs.map((run) => ctx.store.insertRuns([run])),
        ...Array.from({ length: 300 }, (_, i) => ctx.store.appendAudit({ at: T0 + i, actor: 'engine', action: 'test', task: null, details: { i } })),
      ];
      await Promise.all(writes);
      assert.equal((await ctx.store.listRuns({ limit: 10_000 })).length, 1_200);
      assert.equal((await ctx.store.listAudit({ limit: 10_000 })).length, 300);
    });

    it('lets a read see the writes called before it, without awaiting them', async () => {
      const run = makeRun();
      void ctx.store.insertRuns([run]);
      void ctx.store.transitionRun(run.id, ['queued'], { status: 'running', owner: ORIGIN });
      void ctx.store.patchRun(run.id, { progress: 0.75 });
      const read = await ctx.store.getRun(run.id);
      assert.deepEqual([read?.status, read?.progress], ['running', 0.75]);
      assert.deepEqual(ids(await ctx.store.listRuns({ status: 'running' })), [run.id]);
    });

    it('lets a write see a run inserted just before it in the same turn', async () => {
      const run = makeRun();
      const [inserted, claimed, finished] = await Promise.all([
        ctx.store.insertRuns([run]),
        ctx.store.transitionRun(run.id, ['queued'], { status: 'running' }, { exclusive: true }),
        ctx.store.transitionRun(run.id, ['running'], { status: 'succeeded', finishedAt: T0 + 1 }),
      ]);
      assert.deepEqual([inserted.inserted, claimed, finished], [[run.id], true, true]);
      assert.deepEqual((await ctx.store.taskStats(DATA_SYNC, 5)).totals, { succeeded: 1 });
    });

    it('rejects a failing write and keeps what was committed before it', async () => {
      const run = makeRun({ parameters: { symbol: 'AAPL' } });
      await ctx.store.insertRuns([run]);
      // A second run with the same id is a bug in the caller, not a duplicate slot: it must fail.
      const duplicate = ctx.store.insertRuns([{ ...run, task: RISK, parameters: { symbol: 'MSFT' } }]);
      await assert.rejects(duplicate);
      assert.deepEqual(await ctx.store.getRun(run.id), run);
      const later = makeRun();
      assert.deepEqual(await ctx.store.insertRuns([later]), { inserted: [later.id] });
    });

    it('rejects a result that cannot be stored as JSON and changes nothing', async () => {
      const run = makeRun();
      await ctx.store.insertRuns([run]);
      await ctx.store.transitionRun(run.id, ['queued'], { status: 'running' });
      await assert.rejects(ctx.store.transitionRun(run.id, ['running'], { status: 'succeeded', result: { big: 10n } }), /JSON/);
      assert.equal((await ctx.store.getRun(run.id))?.status, 'running');
      assert.equal(await ctx.store.transitionRun(run.id, ['running'], { status: 'succeeded', result: { big: '10' } }), true);
    });

    it('commits queued writes on close, and closes only once', async () => {
      const run = makeRun();
      const pending = ctx.store.insertRuns([run]);
      await ctx.store.close();
      assert.deepEqual(await pending, { inserted: [run.id] });
      await ctx.store.close();
    });

    it('records each slot once, whatever the interleaving of overlapping inserts (property)', async () => {
      const call = fc.record({
        task: fc.constantFrom<TaskName>(DATA_SYNC, RISK),
        slots: fc.array(fc.integer({ min: 0, max: 11 }), { maxLength: 6 }),
        /** Wait for this insert to commit before the next call (otherwise they may share a commit). */
        settle: fc.boolean(),
      });
      await fc.assert(
        fc.asyncProperty(fc.array(call, { minLength: 1, maxLength: 12 }), async (calls) => {
          const store = await ctx.makeStore();
          try {
            const results: Promise<{ inserted: RunId[] }>[] = [];
            for (const c of calls) {
              const insert = store.insertRuns(c.slots.map((slot) => scheduledRun(T0 + slot * MINUTE, { task: c.task })));
              results.push(insert);
              if (c.settle) await insert;
            }
            const inserted = (await Promise.all(results)).flatMap((r) => r.inserted);
            assert.equal(new Set(inserted).size, inserted.length, 'an id is reported inserted once');
            let union = 0;
            for (const task of [DATA_SYNC, RISK]) {
              const expected = [...new Set(calls.filter((c) => c.task === task).flatMap((c) => c.slots))].map((s) => T0 + s * MINUTE);
              const recorded = (await store.listRuns({ task, limit: 10_000 })).map((r) => r.scheduledFor);
              const byTime = (x: number | null, y: number | null): number => (x ?? 0) - (y ?? 0);
              assert.deepEqual(recorded.sort(byTime), expected.sort(byTime));
              union += expected.length;
            }
            assert.equal(inserted.length, union);
          } finally {
            await store.close();
          }
        }),
        { numRuns: 40 },
      );
    });
  });
}
