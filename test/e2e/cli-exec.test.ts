import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { ensureBuilt, evolve } from '../support/evolve-cli.js';
import { tempDir } from '../support/temp-dir.js';

function project(): string[] {
  const dir = tempDir();
  writeFileSync(
    join(dir, 'forecast.js'),
    `export default function forecast(ctx) {
  const { symbol, horizonDays } = ctx.parameters;
  return { symbol, path: Array.from({ length: horizonDays }, (_, i) => 100 + i) };
}
`,
  );
  writeFileSync(join(dir, 'tasks.yaml'), 'tasks:\n  market_analysis: { manual: true, agent: { module: ./forecast.js } }\n');
  return ['--config', join(dir, 'tasks.yaml'), '--data-dir', join(dir, 'data')];
}

describe('evolve exec', () => {
  before(() => ensureBuilt());

  it('runs "forecast AAPL 3d" as a command run of market_analysis and prints its result', async () => {
    const base = project();
    const result = await evolve([...base, '--json', 'exec', 'forecast aapl 3d']);
    assert.equal(result.code, 0, result.stderr);
    const outcome = JSON.parse(result.stdout) as { command: string; task: string; run: { trigger: string; status: string }; result: unknown };
    assert.equal(outcome.command, 'forecast AAPL 3d');
    assert.equal(outcome.task, 'market_analysis');
    assert.equal(outcome.run.trigger, 'command');
    assert.deepEqual(outcome.result, { symbol: 'AAPL', path: [100, 101, 102] });
    const history = await evolve([...base, '--json', 'history', 'market_analysis']);
    assert.equal((JSON.parse(history.stdout) as unknown[]).length, 1);
  });

  it('exits 2 with the valid forms and the closest command for an unknown one, recording nothing', async () => {
    const base = project();
    const result = await evolve([...base, 'exec', 'forcast', 'AAPL', '7d']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /unknown command 'forcast' \(did you mean 'forecast'\?\)/);
    assert.match(result.stderr, /valid commands:\n\s+forecast <SYMBOL> <horizon/);
    const history = await evolve([...base, '--json', 'history']);
    assert.deepEqual(JSON.parse(history.stdout), []);
  });

  it('prints the command reference for help', async () => {
    const result = await evolve([...project(), 'exec', 'help']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /backtest <momentum\|mean_reversion\|buy_and_hold> <SYMBOL>/);
  });
});
