import assert from 'node:assert/strict';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { ensureBuilt, evolve, ROOT, RunningEvolve } from '../support/evolve-cli.js';
import { tempDir } from '../support/temp-dir.js';

interface TaskRow {
  name: string;
  lastRun: { status: string; reason: string | null } | null;
}

describe('the integrated platform on the shipped configuration', () => {
  before(() => ensureBuilt());

  it('answers "forecast AAPL 7d" with seven session forecasts and intervals, from a fresh store', async () => {
    const dataDir = tempDir('evolve-integrated-');
    const result = await evolve(['--json', '--data-dir', dataDir, 'exec', 'forecast', 'AAPL', '7d'], { cwd: ROOT });
    assert.equal(result.code, 0, result.stderr);
    const outcome = JSON.parse(result.stdout) as { task: string; result: { symbol: string; points: { date: string; value: number; lower95: number; upper95: number }[] } };
    assert.equal(outcome.task, 'market_analysis');
    assert.equal(outcome.result.symbol, 'AAPL');
    assert.equal(outcome.result.points.length, 7);
    for (const p of outcome.result.points) assert.ok(p.lower95 < p.value && p.value < p.upper95, JSON.stringify(p));
  });

  describe('evolve start', () => {
    const dataDir = join(tempDir('evolve-integrated-'), 'data');
    let server: RunningEvolve | null = null;
    after(async () => {
      if (server?.running) server.child.kill('SIGKILL');
      await server?.exit;
    });

    it('runs every task of the default schedule on the platform, with real results, and fills orders', async () => {
      server = new RunningEvolve(['--log-level', 'warn', '--data-dir', dataDir, 'start', '--port', '0'], { cwd: ROOT });
      await server.waitFor(/started: 16 tasks/, 60_000);
      assert.match(server.stdout, /evolve orchestrator \(integrated: with the reference Evolve platform\)/);
      // Every interval task fires at start; execution fills the rebalance orders a minute later.
      const deadline = Date.now() + 150_000;
      let tasks: TaskRow[] = [];
      let filled = false;
      while (Date.now() < deadline) {
        await sleep(2_000);
        const status = await evolve(['--json', '--data-dir', dataDir, 'status'], { cwd: ROOT });
        tasks = (JSON.parse(status.stdout) as { tasks: TaskRow[] }).tasks;
        const execution = await evolve(['--json', '--data-dir', dataDir, 'history', 'execution', '--status', 'succeeded', '--limit', '1'], { cwd: ROOT });
        filled = (JSON.parse(execution.stdout) as { result: { filled: number } }[]).some((run) => run.result.filled > 0);
        if (filled && tasks.every((t) => t.lastRun !== null && t.lastRun.status !== 'running' && t.lastRun.status !== 'queued')) break;
      }
      for (const task of tasks) {
        assert.ok(task.lastRun !== null, `${task.name} never ran`);
        assert.ok(['succeeded', 'skipped'].includes(task.lastRun.status), `${task.name}: ${task.lastRun.status} ${task.lastRun.reason ?? ''}`);
        if (task.lastRun.status === 'skipped') assert.ok(task.lastRun.reason, `${task.name} was skipped without a reason`);
      }
      assert.ok(filled, 'the paper broker filled the rebalance orders');
      const forecasts = await evolve(['--json', '--data-dir', dataDir, 'history', 'market_analysis', '--limit', '1'], { cwd: ROOT });
      const analysis = JSON.parse(forecasts.stdout) as { result: { symbols: Record<string, { lastClose: number }> } }[];
      const closes = Object.values(analysis[0]!.result.symbols).map((s) => s.lastClose);
      assert.ok(closes.length >= 7 && new Set(closes).size === closes.length, `distinct closes per symbol: ${closes.join(', ')}`);
      server.child.kill('SIGINT');
      assert.equal((await server.exit).code, 0, server.stderr);
    });
  });
});
