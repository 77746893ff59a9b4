/** Contract: a run's log lines: kept in order with the run, bounded per run and per line, pruned with the run. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RUN_LOG_MAX_LINE_BYTES, RUN_LOG_MAX_LINES } from '../../src/store/run-log-limits.js';
import type { RunLogLine } from '../../src/store/store.js';
import { finishRun, makeRun, MINUTE, T0 } from './fixtures.js';
import type { ContractContext } from './store-contract.js';

/** `count` info lines `line 1` … at one ms apart, starting with number `from`. */
function lines(count: number, from = 1): RunLogLine[] {
  return Array.from({ length: count }, (_, i) => ({ at: T0 + from + i, level: 'info', message: `line ${from + i}` }));
}

export function runLogsContract(ctx: ContractContext): void {
  describe('run logs', () => {
    it('reads back a run’s lines oldest first, numbered from 1, with their levels and fields', async () => {
      const run = makeRun();
      await ctx.store.insertRuns([run]);
      await ctx.store.appendRunLog(run.id, [
        { at: T0 + 1, level: 'info', message: 'loaded 120 rows', fields: { rows: 120, symbols: ['AAPL', 'MSFT'], nested: { ok: true } } },
        { at: T0 + 2, level: 'warn', message: 'slow feed', fields: {} },
      ]);
      await ctx.store.appendRunLog(run.id, [{ at: T0 + 3, level: 'error', message: 'ünïcode ✓ and\na second line' }]);

      assert.deepEqual(await ctx.store.getRunLog(run.id), {
        lines: [
          { seq: 1, at: T0 + 1, level: 'info', message: 'loaded 120 rows', fields: { rows: 120, symbols: ['AAPL', 'MSFT'], nested: { ok: true } } },
          { seq: 2, at: T0 + 2, level: 'warn', message: 'slow feed' },
          { seq: 3, at: T0 + 3, level: 'error', message: 'ünïcode ✓ and\na second line' },
        ],
        total: 3,
        dropped: 0,
      });
    });

    it('keeps each run’s lines apart', async () => {
      const a = makeRun();
      const b = makeRun();
      await ctx.store.insertRuns([a, b]);
      await Promise.all([ctx.store.appendRunLog(a.id, lines(2)), ctx.store.appendRunLog(b.id, lines(1, 10))]);
      assert.deepEqual((await ctx.store.getRunLog(a.id)).lines.map((l) => l.message), ['line 1', 'line 2']);
      assert.deepEqual((await ctx.store.getRunLog(b.id)).lines.map((l) => [l.seq, l.message]), [[1, 'line 10']]);
    });

    it('returns the newest `limit` lines, and none for limit 0 with the count still given', async () => {
      const run = makeRun();
      await ctx.store.insertRuns([run]);
      await ctx.store.appendRunLog(run.id, lines(5));
      const tail = await ctx.store.getRunLog(run.id, { limit: 2 });
      assert.deepEqual(tail.lines.map((l) => l.seq), [4, 5]);
      assert.deepEqual([tail.total, tail.dropped], [5, 0]);
      assert.deepEqual(await ctx.store.getRunLog(run.id, { limit: 0 }), { lines: [], total: 5, dropped: 0 });
    });

    it(`keeps only a run’s newest ${RUN_LOG_MAX_LINES} lines and counts the ones it dropped`, async () => {
      const run = makeRun();
      await ctx.store.insertRuns([run]);
      await ctx.store.appendRunLog(run.id, lines(RUN_LOG_MAX_LINES - 10));
      await ctx.store.appendRunLog(run.id, lines(30, RUN_LOG_MAX_LINES - 9));
      const log = await ctx.store.getRunLog(run.id);
      assert.equal(log.lines.length, RUN_LOG_MAX_LINES);
      assert.deepEqual([log.total, log.dropped], [RUN_LOG_MAX_LINES + 20, 20]);
      assert.deepEqual([log.lines[0]!.seq, log.lines[0]!.message], [21, 'line 21']);
      assert.equal(log.lines.at(-1)!.message, `line ${RUN_LOG_MAX_LINES + 20}`);
      assert.equal((await ctx.store.getRunLog(run.id, { limit: 100_000 })).lines.length, RUN_LOG_MAX_LINES);
    });

    it('keeps the newest lines of one append larger than the bound, and counts lines the writer dropped', async () => {
      const run = makeRun();
      await ctx.store.insertRuns([run]);
      await ctx.store.appendRunLog(run.id, lines(RUN_LOG_MAX_LINES + 7));
      await ctx.store.appendRunLog(run.id, lines(1, 1000), { dropped: 3 });
      const log = await ctx.store.getRunLog(run.id, { limit: 2 });
      assert.deepEqual(log.lines.map((l) => [l.seq, l.message]), [[RUN_LOG_MAX_LINES + 7, `line ${RUN_LOG_MAX_LINES + 7}`], [RUN_LOG_MAX_LINES + 11, 'line 1000']]);
      assert.deepEqual([log.total, log.dropped], [RUN_LOG_MAX_LINES + 11, 11]);
    });

    it(`cuts a line to ${RUN_LOG_MAX_LINE_BYTES} bytes and says how long it was`, async () => {
      const run = makeRun();
      await ctx.store.insertRuns([run]);
      const long = 'é'.repeat(20_000); // 40,000 bytes: the cut must not split a character
      const fields = { rows: Array.from({ length: 5_000 }, (_, i) => i) };
      await ctx.store.appendRunLog(run.id, [
        { at: T0, level: 'info', message: long },
        { at: T0 + 1, level: 'info', message: 'big fields', fields },
        { at: T0 + 2, level: 'info', message: long, fields: { small: 1 } },
      ]);
      const [plain, bigFields, both] = (await ctx.store.getRunLog(run.id)).lines;
      const bytes = (line: RunLogLine): number => Buffer.byteLength(line.message) + (line.fields ? Buffer.byteLength(JSON.stringify(line.fields)) : 0);
      for (const line of [plain!, bigFields!, both!]) assert.ok(bytes(line) <= RUN_LOG_MAX_LINE_BYTES, `${bytes(line)} bytes`);
      assert.match(plain!.message, /^é+… \[cut, 40000 bytes\]$/);
      assert.ok(!plain!.message.includes('\uFFFD'));
      assert.equal(bigFields!.message, 'big fields');
      assert.equal(bigFields!.fields?.['fieldsBytes'], Buffer.byteLength(JSON.stringify(fields)));
      assert.match(String(bigFields!.fields?.['fieldsCut']), /^\{"rows":\[0,1,2,3,.*…$/);
      assert.deepEqual(both!.fields, { small: 1 });
      assert.match(both!.message, /… \[cut, 40000 bytes\]$/);
    });

    it('answers an empty log for a run without lines, and ignores lines of a run it does not have', async () => {
      const run = makeRun();
      const unknown = makeRun();
      await ctx.store.insertRuns([run]);
      assert.deepEqual(await ctx.store.getRunLog(run.id), { lines: [], total: 0, dropped: 0 });
      await ctx.store.appendRunLog(unknown.id, lines(2));
      await ctx.store.insertRuns([unknown]);
      assert.deepEqual(await ctx.store.getRunLog(unknown.id), { lines: [], total: 0, dropped: 0 });
    });

    it('deletes a run’s lines when pruning deletes the run, and only then', async () => {
      const old = await finishRun(ctx.store, 'failed', T0 - 10 * MINUTE);
      const recent = await finishRun(ctx.store, 'succeeded', T0 + MINUTE);
      const running = makeRun({ createdAt: T0 - 60 * MINUTE });
      await ctx.store.insertRuns([running]);
      await ctx.store.transitionRun(running.id, ['queued'], { status: 'running' });
      for (const run of [old, recent, running]) await ctx.store.appendRunLog(run.id, lines(3));

      assert.equal(await ctx.store.pruneRuns(T0), 1);
      assert.deepEqual(await ctx.store.getRunLog(old.id), { lines: [], total: 0, dropped: 0 });
      assert.equal((await ctx.store.getRunLog(recent.id)).total, 3);
      assert.equal((await ctx.store.getRunLog(running.id)).total, 3);
    });
  });
}
