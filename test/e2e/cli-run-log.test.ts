/** `evolve history --run <id> [--log]` after `evolve run <task>`: one run in full and the lines its agent logged. */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { ensureBuilt, evolve, type CliResult } from '../support/evolve-cli.js';
import { tempDir } from '../support/temp-dir.js';

const AGENT = `export function talker(ctx) {
  ctx.logger.info({ rows: 120 }, 'loaded %d rows', 120);
  ctx.logger.warn('the feed was slow');
  return { rows: 120, symbols: ['AAPL'] };
}
`;

const CONFIG = `logging: { level: warn, file: null }
tasks:
  talker:
    agent: { module: ./agents.mjs, export: talker }
    manual: true
`;

function show(result: CliResult): string {
  return `exit ${result.code}\n--- stdout ---\n${result.stdout}\n--- stderr ---\n${result.stderr}`;
}

before(() => ensureBuilt());

describe('evolve history --run', () => {
  const dir = tempDir('evolve-cli-log-');
  writeFileSync(join(dir, 'agents.mjs'), AGENT);
  writeFileSync(join(dir, 'task_schedule.yaml'), CONFIG);
  const base = ['--config', join(dir, 'task_schedule.yaml'), '--data-dir', join(dir, 'data')];
  let runId = '';

  before(async () => {
    const result = await evolve(['run', 'talker', '--json', ...base]);
    assert.equal(result.code, 0, show(result));
    runId = (JSON.parse(result.stdout) as { run: { id: string } }).run.id;
  });

  it('shows the run in full and the lines its agent logged, one a row', async () => {
    const result = await evolve(['history', '--run', runId, '--log', ...base]);
    assert.equal(result.code, 0, show(result));
    assert.match(result.stdout, new RegExp(`^run {9}${runId}$`, 'm'));
    assert.match(result.stdout, /^task {8}talker$/m);
    assert.match(result.stdout, /^trigger {5}manual$/m);
    assert.match(result.stdout, /^status {6}✔ succeeded$/m);
    assert.match(result.stdout, /^attempt {5}1 of 1$/m);
    assert.match(result.stdout, /^started {5}\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/m);
    assert.match(result.stdout, /^idempotency talker:/m);
    assert.match(result.stdout, /^result:\n\{\n {2}"rows": 120,/m);
    assert.match(result.stdout, /^log \(2 lines, times in UTC\):$/m);
    assert.match(result.stdout, /^\d\d:\d\d:\d\d\.\d{3} INFO  loaded 120 rows \{"rows":120\}\n\d\d:\d\d:\d\d\.\d{3} WARN  the feed was slow$/m);
  });

  it('says how many lines the run kept without --log, and gives { run, log } with --json', async () => {
    const text = await evolve(['history', '--run', runId, ...base]);
    assert.equal(text.code, 0, show(text));
    assert.match(text.stdout, /^log {9}2 lines kept: add --log to show them$/m);
    assert.doesNotMatch(text.stdout, /loaded 120 rows/);

    const json = await evolve(['history', '--run', runId, '--log', '--json', ...base]);
    assert.equal(json.code, 0, show(json));
    const { run, log } = JSON.parse(json.stdout) as { run: { id: string; status: string }; log: { total: number; dropped: number; lines: { level: string; message: string; fields?: unknown }[] } };
    assert.deepEqual([run.id, run.status], [runId, 'succeeded']);
    assert.deepEqual([log.total, log.dropped], [2, 0]);
    assert.deepEqual(log.lines.map((l) => [l.level, l.message, l.fields]), [['info', 'loaded 120 rows', { rows: 120 }], ['warn', 'the feed was slow', undefined]]);
  });

  it('exits 2 naming the id when no run has it, and for an id that is not one', async () => {
    const unknown = await evolve(['history', '--run', 'r_0m5x8k2a1000a1b2c3d4', '--log', ...base]);
    assert.equal(unknown.code, 2, show(unknown));
    assert.match(unknown.stderr, /no run has id 'r_0m5x8k2a1000a1b2c3d4' in the store .*evolve\.db/);

    const malformed = await evolve(['history', '--run', 'nope', ...base]);
    assert.equal(malformed.code, 2, show(malformed));
    assert.match(malformed.stderr, /--run <id>.*'nope' is invalid/);

    const noRun = await evolve(['history', '--log', ...base]);
    assert.equal(noRun.code, 2, show(noRun));
    assert.match(noRun.stderr, /--log shows the log of one run: name it with --run <id>/);
  });
});
