/** An agent's log lines are kept with its run: captured from ctx.logger, buffered, bounded, written with the run. */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import pino from 'pino';
import type { AgentContext } from '../../src/agents/agent.js';
import { CommandAgent } from '../../src/agents/command-agent.js';
import { parseConfig } from '../../src/config/load-config.js';
import { TaskOrchestrator } from '../../src/engine/orchestrator.js';
import { RUN_LOG_FLUSH_MS } from '../../src/engine/run-logs.js';
import { EvolveError } from '../../src/errors.js';
import { parseRunId } from '../../src/model/ids.js';
import { RUN_LOG_MAX_LINES } from '../../src/store/run-log-limits.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { RunLog } from '../../src/store/store.js';
import { FakeClock, settle } from '../support/fake-clock.js';
import { deferred, harness } from '../support/harness.js';
import { tempDir } from '../support/temp-dir.js';

const MIN = 60_000;

const messages = (log: RunLog): string[] => log.lines.map((line) => line.message);

/** Counts the log writes a store is asked for. */
class CountingStore extends SqliteStore {
  appends = 0;
  override appendRunLog(...args: Parameters<SqliteStore['appendRunLog']>): Promise<void> {
    this.appends++;
    return super.appendRunLog(...args);
  }
}

/** An orchestrator with a logger that records every line it prints, and a store the test holds. */
async function withLogger(yaml: string, level: pino.Level) {
  const dataDir = tempDir();
  const printed: Record<string, unknown>[] = [];
  const logger = pino({ level }, { write: (line: string) => void printed.push(JSON.parse(line) as Record<string, unknown>) });
  const clock = new FakeClock();
  const store = new CountingStore({ path: join(dataDir, 'evolve.db') });
  const orchestrator = new TaskOrchestrator({ config: parseConfig(yaml, 'test.yaml', { dataDir, environ: {} }), clock, logger, store });
  after(async () => {
    await orchestrator.stop({ graceMs: 0 });
    await store.close();
  });
  return { orchestrator, clock, store, printed };
}

describe('run logs', () => {
  it('keeps what an agent logs with its run, and still prints it in the orchestrator’s log', async () => {
    const h = await withLogger(`tasks: { report: { agent: talker, manual: true } }`, 'debug');
    h.orchestrator.registerAgent('talker', (ctx: AgentContext) => {
      ctx.logger.info({ rows: 120 }, 'loaded %d rows from %s', 120, 'the feed');
      ctx.logger.child({ step: 'fit' }).warn('slow fit');
      ctx.logger.debug('kept because the orchestrator logs debug');
      ctx.logger.trace('below the orchestrator’s level: neither printed nor kept');
      ctx.logger.error(new Error('one symbol failed'));
      return { ok: true };
    });
    await h.orchestrator.start();
    const run = await h.orchestrator.executeTaskNow('report');
    // Read from the store itself: the lines were written with the run's finish, not on reading.
    const log = await h.store.getRunLog(parseRunId(run.id));

    assert.deepEqual(
      log.lines.map((l) => [l.seq, l.level, l.message, l.at]),
      [
        [1, 'info', 'loaded 120 rows from the feed', h.clock.now()],
        [2, 'warn', 'slow fit', h.clock.now()],
        [3, 'debug', 'kept because the orchestrator logs debug', h.clock.now()],
        [4, 'error', 'one symbol failed', h.clock.now()],
      ],
    );
    assert.deepEqual(log.lines[0]!.fields, { rows: 120 }, 'no pid, hostname, time, task or runId');
    assert.deepEqual(log.lines[1]!.fields, { step: 'fit' });
    assert.equal(log.lines[2]!.fields, undefined);
    assert.match(String((log.lines[3]!.fields?.['err'] as { stack?: unknown }).stack), /^Error: one symbol failed\n/);
    const printed = h.printed.filter((line) => line['runId'] === run.id).map((line) => [line['msg'], line['task'], line['attempt']]);
    assert.deepEqual(printed, [
      ['loaded 120 rows from the feed', 'report', 1],
      ['slow fit', 'report', 1],
      ['kept because the orchestrator logs debug', 'report', 1],
      ['one symbol failed', 'report', 1],
    ]);
  });

  it('keeps info and above when the orchestrator logs nothing, with secrets redacted as in the log', async () => {
    const h = harness(`tasks: { quiet: { agent: quiet, manual: true } }`);
    h.orchestrator.registerAgent('quiet', (ctx: AgentContext) => {
      ctx.logger.debug('not kept');
      ctx.logger.info({ feed: { url: 'https://feed', token: 's3cret' } }, 'kept');
    });
    await h.orchestrator.start();
    const run = await h.orchestrator.executeTaskNow('quiet');
    const log = await h.orchestrator.getRunLog(run.id);
    assert.deepEqual(log.lines.map((l) => [l.message, l.fields]), [['kept', { feed: { url: 'https://feed', token: '[redacted]' } }]]);
  });

  it('writes nothing, and leaves no timer, for runs whose agent does not log', async () => {
    const h = await withLogger(`tasks: { noop: { agent: noop, manual: true } }`, 'info');
    h.orchestrator.registerAgent('noop', () => ({ ok: true }));
    await h.orchestrator.start();
    const timers = h.clock.pendingTimers;
    const runs = [];
    for (let i = 0; i < 20; i++) runs.push(await h.orchestrator.executeTaskNow('noop'));
    assert.equal(h.store.appends, 0);
    assert.equal(h.clock.pendingTimers, timers);
    assert.deepEqual(await h.orchestrator.getRunLog(runs[0]!.id), { lines: [], total: 0, dropped: 0 });
  });

  it('keeps each attempt’s lines with that attempt, and notes the retry on the failed one', async () => {
    const h = harness(`tasks: { flaky: { agent: flaky, manual: true, retry_count: 1, retry_delay_minutes: 1 } }`);
    h.orchestrator.registerAgent('flaky', (ctx: AgentContext) => {
      ctx.logger.info(`attempt ${ctx.attempt} starts`);
      if (ctx.attempt === 1) throw new Error('feed down');
      return 'ok';
    });
    await h.orchestrator.start();
    const t0 = h.clock.now();
    const done = h.orchestrator.executeTaskNow('flaky');
    await h.clock.advance(MIN);
    const final = await done;
    const [first, second] = (await h.history('flaky')).reverse();
    assert.deepEqual([first?.status, second?.id], ['failed', final.id]);
    assert.deepEqual(messages(await h.orchestrator.store.getRunLog(first!.id)), [
      'attempt 1 starts',
      `retry scheduled: attempt 2 of 2 at ${new Date(t0 + MIN).toISOString()} (run ${final.id})`,
    ]);
    assert.deepEqual(messages(await h.orchestrator.getRunLog(final.id)), ['attempt 2 starts']);
  });

  it('writes a running run’s lines after a second, or at once when 50 wait, and the rest when it finishes', async () => {
    const h = harness(`tasks: { long: { agent: long, manual: true, timeout_minutes: 10 } }`);
    const more = deferred();
    const finish = deferred();
    h.orchestrator.registerAgent('long', async (ctx: AgentContext) => {
      for (let i = 1; i <= 3; i++) ctx.logger.info(`line ${i}`);
      await more.promise;
      for (let i = 4; i <= 63; i++) ctx.logger.info(`line ${i}`);
      await finish.promise;
      ctx.logger.info('done');
    });
    await h.orchestrator.start();
    const run = await h.orchestrator.executeTaskNow('long', {}, { wait: false });
    const id = parseRunId(run.id);
    await settle();
    assert.equal((await h.orchestrator.store.getRunLog(id)).total, 0, 'buffered for now');
    await h.clock.advance(RUN_LOG_FLUSH_MS);
    assert.equal((await h.orchestrator.store.getRunLog(id)).total, 3, 'written a second later');
    more.resolve();
    await settle();
    assert.equal((await h.orchestrator.store.getRunLog(id)).total, 53, 'the 50 waiting lines are written at once');
    assert.equal((await h.orchestrator.getRunLog(id)).total, 63, 'reading through the orchestrator writes the buffer first');
    const finished = h.orchestrator.events.next('run:finished', (e) => e.run.id === id);
    finish.resolve();
    await finished;
    assert.deepEqual(messages(await h.orchestrator.store.getRunLog(id)), [...Array.from({ length: 63 }, (_, i) => `line ${i + 1}`), 'done']);
  });

  it(`keeps the newest ${RUN_LOG_MAX_LINES} lines of a flood and says how many were dropped`, async () => {
    const h = harness(`tasks: { flood: { agent: flood, manual: true } }`);
    h.orchestrator.registerAgent('flood', (ctx: AgentContext) => {
      for (let i = 1; i <= 1_200; i++) ctx.logger.info(`line ${i}`);
    });
    await h.orchestrator.start();
    const run = await h.orchestrator.executeTaskNow('flood');
    const log = await h.orchestrator.store.getRunLog(parseRunId(run.id));
    assert.equal(log.lines.length, RUN_LOG_MAX_LINES);
    assert.deepEqual([log.total, log.dropped, log.lines[0]?.message, log.lines.at(-1)?.message], [1_200, 700, 'line 701', 'line 1200']);
  });

  it('notes a breached SLA and a timeout in the run’s log, and keeps what the agent logs after it', async () => {
    const h = harness(`tasks: { hang: { agent: hang, manual: true, timeout_minutes: 2, max_duration_minutes: 1, retry_count: 0 } }`);
    let context: AgentContext | null = null;
    h.orchestrator.registerAgent('hang', (ctx: AgentContext) => {
      context = ctx;
      ctx.logger.info('started');
      return new Promise(() => undefined);
    });
    await h.orchestrator.start();
    const done = h.orchestrator.executeTaskNow('hang');
    await h.clock.advance(2 * MIN);
    const run = await done;
    assert.equal(run.status, 'timed_out');
    (context as AgentContext | null)?.logger.warn('cleaning up after the abort');
    await h.clock.advance(RUN_LOG_FLUSH_MS);
    const log = await h.orchestrator.store.getRunLog(parseRunId(run.id));
    assert.deepEqual(log.lines.map((l) => [l.level, l.message]), [
      ['info', 'started'],
      ['warn', 'running longer than max_duration_minutes (1 min); the run is not stopped'],
      ['error', 'timed out after 2 min (timeout_minutes)'],
      ['warn', 'cleaning up after the abort'],
    ]);
  });

  it('keeps a command agent’s stderr and {"log": …} lines with its run', async () => {
    const h = harness(`tasks: { model: { agent: model, manual: true } }`);
    const script = join(h.dataDir, 'model-agent.mjs');
    writeFileSync(
      script,
      `const out = (line) => process.stdout.write(JSON.stringify(line) + '\\n');
process.stderr.write('warming up the model\\n');
out({ log: 'loaded 120 rows' });
out({ log: 'fit diverged once', level: 'WARNING' });
out({ progress: 0.5, message: 'half way' });
out({ result: { ok: true } });
`,
    );
    h.orchestrator.registerAgent('model', new CommandAgent({ command: [process.execPath, script], cwd: h.dataDir, env: {}, passEnv: [] }));
    await h.orchestrator.start();
    const run = await h.orchestrator.executeTaskNow('model');
    assert.equal(run.status, 'succeeded', run.error ?? '');
    const lines = (await h.orchestrator.getRunLog(run.id)).lines.map((l) => [l.level, l.message, l.fields]);
    // stdout and stderr are separate pipes: their lines may interleave either way.
    assert.deepEqual(lines.filter((l) => l[2] !== undefined && (l[2] as { stream?: string }).stream === 'stdout'), [
      ['info', 'loaded 120 rows', { stream: 'stdout' }],
      ['warn', 'fit diverged once', { stream: 'stdout' }],
    ]);
    assert.deepEqual(lines.filter((l) => (l[2] as { stream?: string } | undefined)?.stream === 'stderr'), [['warn', 'warming up the model', { stream: 'stderr' }]]);
  });

  it('reads a run’s log without start() and refuses an unknown run id with EVOLVE_RUN_NOT_FOUND', async () => {
    const h = harness(`tasks: { report: { agent: talker, manual: true } }`);
    h.orchestrator.registerAgent('talker', (ctx: AgentContext) => void ctx.logger.info('done'));
    await h.orchestrator.start();
    const run = await h.orchestrator.executeTaskNow('report');
    await h.orchestrator.stop();
    const reader = h.restart();
    assert.deepEqual(messages(await reader.getRunLog(run.id)), ['done']);
    for (const id of ['r_0m5x8k2a1000a1b2c3d4', 'nope']) {
      await assert.rejects(reader.getRunLog(id), (error: unknown) => {
        assert.ok(error instanceof EvolveError);
        assert.equal(error.code, 'EVOLVE_RUN_NOT_FOUND');
        assert.equal(error.httpStatus, 404);
        assert.match(error.message, new RegExp(`no run has id '${id}'`));
        return true;
      });
    }
  });
});
