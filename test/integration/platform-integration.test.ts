import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { startIntegratedSystem, type EvolveSystemIntegration } from '../../src/platform/integration.js';
import { ROOT } from '../support/evolve-cli.js';
import { tempDir } from '../support/temp-dir.js';

describe('startIntegratedSystem', () => {
  let integration: EvolveSystemIntegration | null = null;
  after(() => integration?.stop());

  it("registers an agent for every task of the shipped schedule and the platform's conditions, and answers commands", async () => {
    integration = await startIntegratedSystem({ configPath: join(ROOT, 'config', 'task_schedule.yaml'), dataDir: tempDir('evolve-platform-') });
    const { orchestrator } = integration;
    const agents = new Map(orchestrator.agents.list().map((a) => [a.name, a.source.kind]));
    for (const task of orchestrator.tasks()) assert.equal(agents.get(task.agent), 'platform', `${task.name} runs on ${task.agent}`);
    for (const name of ['market_volatility', 'news_events', 'position_count', 'pending_orders', 'new_trades', 'trading_activity', 'low_activity']) {
      assert.ok(orchestrator.conditions.has(name), `condition ${name}`);
    }
    const status = await integration.getSystemStatus();
    assert.equal(status.totalTasks, 16);
    const outcome = await integration.executeSystemCommand('forecast AAPL 7d');
    assert.equal(outcome.kind, 'task');
    const forecast = outcome.result as { points: unknown[]; model: string };
    assert.equal(forecast.points.length, 7);
    const sentiment = await integration.executeSystemCommand('sentiment msft');
    assert.equal(sentiment.kind === 'task' && sentiment.run.status, 'succeeded');
    const backtest = await integration.executeSystemCommand('backtest momentum AAPL 1y');
    assert.equal(backtest.kind === 'task' && backtest.run.status, 'succeeded', JSON.stringify(backtest.kind === 'task' ? backtest.run.error : null));
  });
});
