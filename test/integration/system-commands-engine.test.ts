import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EvolveError } from '../../src/errors.js';
import type { AgentContext } from '../../src/agents/agent.js';
import { harness } from '../support/harness.js';

const YAML = `
tasks:
  market_analysis: { agent: analyst, manual: true, retry_count: 1, retry_delay_minutes: 0 }
  data_sync: { agent: sync, manual: true }
`;

describe('executeSystemCommand', () => {
  it('runs the mapped task with typed parameters as a recorded command run, and returns its result', async () => {
    const h = harness(YAML);
    const seen: AgentContext[] = [];
    h.orchestrator.registerAgent('analyst', (ctx: AgentContext) => {
      seen.push(ctx);
      const { symbol, horizonDays } = ctx.parameters as { symbol: string; horizonDays: number };
      return { symbol, points: horizonDays };
    });
    h.orchestrator.registerAgent('sync', (ctx: AgentContext) => ({ synced: ctx.parameters['symbols'] }));
    await h.orchestrator.start();
    const outcome = await h.orchestrator.executeSystemCommand('forecast aapl 2w', { source: 'api' });
    assert.equal(outcome.kind, 'task');
    assert.equal(outcome.command, 'forecast AAPL 2w');
    assert.deepEqual(outcome.result, { symbol: 'AAPL', points: 14 });
    if (outcome.kind !== 'task') return;
    assert.equal(outcome.run.trigger, 'command');
    assert.equal(outcome.run.task, 'market_analysis');
    assert.deepEqual(seen[0]!.parameters, { command: 'forecast', symbol: 'AAPL', horizon: '2w', horizonDays: 14, source: 'api' });
    const sync = await h.orchestrator.executeSystemCommand('sync MSFT aapl');
    assert.deepEqual(sync.result, { synced: ['MSFT', 'AAPL'] });
    const history = await h.history();
    assert.deepEqual(history.map((r) => `${r.task}:${r.trigger}:${r.status}`).sort(), ['data_sync:command:succeeded', 'market_analysis:command:succeeded']);
  });

  it('returns a failed run after its retries, with no result', async () => {
    const h = harness(YAML);
    h.orchestrator.registerAgent('analyst', () => {
      throw new Error('no data for ZZZZ');
    });
    h.orchestrator.registerAgent('sync', () => null);
    await h.orchestrator.start();
    const pending = h.orchestrator.executeSystemCommand('analyze ZZZZ');
    await h.clock.advance(1_000);
    const outcome = await pending;
    assert.equal(outcome.kind, 'task');
    if (outcome.kind !== 'task') return;
    assert.equal(outcome.run.status, 'failed');
    assert.equal(outcome.run.attempt, 2);
    assert.equal(outcome.result, null);
    assert.match(outcome.run.error!, /no data for ZZZZ/);
  });

  it('answers status and help without a run, and refuses bad commands recording nothing', async () => {
    const h = harness(YAML);
    h.orchestrator.registerAgent('analyst', () => null);
    h.orchestrator.registerAgent('sync', () => null);
    await h.orchestrator.start();
    const status = await h.orchestrator.executeSystemCommand('status');
    assert.equal(status.kind, 'status');
    assert.equal(status.kind === 'status' && status.result.totalTasks, 2);
    const help = await h.orchestrator.executeSystemCommand('HELP');
    assert.match(String(help.result), /forecast <SYMBOL> <horizon/);
    const refusals: [string, RegExp][] = [
      ['forcast AAPL 7d', /unknown command 'forcast' \(did you mean 'forecast'\?\)[\s\S]*valid commands:\n  forecast <SYMBOL>/],
      ['forecast AAPL', /usage: forecast <SYMBOL> <horizon/],
      ['forecast AAPL 0d', /horizon/],
      ['risk', /'risk' runs the task 'risk_management', which this configuration does not define/],
    ];
    for (const [text, message] of refusals) {
      await assert.rejects(h.orchestrator.executeSystemCommand(text), (error: unknown) => error instanceof EvolveError && message.test(error.message), text);
    }
    assert.deepEqual(await h.history(), [], 'no run is recorded for status, help or a refused command');
  });
});
