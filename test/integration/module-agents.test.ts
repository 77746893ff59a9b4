import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { TaskOrchestrator } from '../../src/engine/orchestrator.js';
import { ConfigError } from '../../src/errors.js';
import { tempDir } from '../support/temp-dir.js';

function setUp(agentKey: string): TaskOrchestrator {
  const dir = tempDir();
  writeFileSync(
    join(dir, 'agents.mjs'),
    `export class CustomAgent {
       async customMethod(params, ctx) { return { status: 'success', symbol: params.symbol, attempt: ctx.attempt }; }
     }
     export const objectAgent = { run: (ctx) => ({ task: ctx.task }) };
     export default (ctx) => ({ fn: ctx.parameters.symbol });
     export const notAnAgent = 42;`,
  );
  writeFileSync(join(dir, 'schedule.yaml'), `store: { data_dir: ${join(dir, 'data')} }\ntasks:\n  custom_task:\n    manual: true\n    parameters: { symbol: AAPL }\n    agent: ${agentKey}\n`);
  const orchestrator = new TaskOrchestrator({ configPath: join(dir, 'schedule.yaml') });
  after(() => orchestrator.stop({ graceMs: 0 }));
  return orchestrator;
}

describe('agents loaded from modules named in the YAML', () => {
  const cases: [string, string, unknown][] = [
    ['a class and its method', '{ module: ./agents.mjs, export: CustomAgent, method: customMethod }', { status: 'success', symbol: 'AAPL', attempt: 1 }],
    ['an object with run(ctx)', '{ module: ./agents.mjs, export: objectAgent }', { task: 'custom_task' }],
    ['a default-exported function', '{ module: ./agents.mjs }', { fn: 'AAPL' }],
  ];
  for (const [what, key, expected] of cases) {
    it(`runs ${what}, with the path relative to the configuration file`, async () => {
      const orchestrator = setUp(key);
      await orchestrator.start();
      const run = await orchestrator.executeTaskNow('custom_task');
      assert.equal(run.status, 'succeeded', run.error ?? '');
      assert.deepEqual(run.result, expected);
      const listed = orchestrator.agents.list().find((a) => a.name === './agents.mjs#' + (key.match(/export: (\w+)/)?.[1] ?? 'default'));
      assert.equal(listed?.source.kind, 'module');
    });
  }

  it('refuses to start when the export is missing, naming the closest one', async () => {
    const orchestrator = setUp('{ module: ./agents.mjs, export: CustomAgnt }');
    await assert.rejects(orchestrator.start(), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.match(error.message, /tasks\.custom_task\.agent\.module: agent module \.\/agents\.mjs could not be loaded: \.\/agents\.mjs has no export 'CustomAgnt': did you mean 'CustomAgent'\?/);
      return true;
    });
  });

  it('refuses an export that is not an agent, and a module that does not exist', async () => {
    await assert.rejects(setUp('{ module: ./agents.mjs, export: notAnAgent }').start(), /notAnAgent is a number: export a class, an object with run\(ctx\), or a function/);
    await assert.rejects(setUp('{ module: ./missing.mjs }').start(), /agent module \.\/missing\.mjs does not exist/);
  });
});
