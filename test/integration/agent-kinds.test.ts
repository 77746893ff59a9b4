import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { TaskOrchestrator } from '../../src/engine/orchestrator.js';
import { ConfigError } from '../../src/errors.js';
import { ROOT } from '../support/evolve-cli.js';
import { tempDir } from '../support/temp-dir.js';

const EXAMPLE = join(ROOT, 'examples', 'agents', 'model_innovation.py');

function orchestratorFor(yaml: string, files: Record<string, string> = {}): { orchestrator: TaskOrchestrator; dir: string } {
  const dir = tempDir();
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  writeFileSync(join(dir, 'schedule.yaml'), `store: { data_dir: ${join(dir, 'data')} }\n${yaml}`);
  const orchestrator = new TaskOrchestrator({ configPath: join(dir, 'schedule.yaml') });
  after(() => orchestrator.stop({ graceMs: 0 }));
  return { orchestrator, dir };
}

describe('agent kinds from the YAML', () => {
  it('runs the Python example as a command agent, with its progress recorded on the run', async () => {
    const { orchestrator } = orchestratorFor(`
tasks:
  model_innovation:
    manual: true
    parameters: { seed: 7, length: 60 }
    agent: { command: ["python3", "${EXAMPLE}"], pass_env: [PYTHONHASHSEED], env: { MODEL_SET: basic } }
`);
    const progress: number[] = [];
    orchestrator.events.on('run:progress', (e) => progress.push(e.run.progress ?? -1));
    await orchestrator.start();
    const run = await orchestrator.executeTaskNow('model_innovation');
    assert.equal(run.status, 'succeeded', run.error ?? '');
    const result = run.result as { status: string; best_model: string; forecast: number[] };
    assert.equal(result.status, 'success');
    assert.ok(typeof result.best_model === 'string' && result.forecast.length > 0);
    assert.ok(progress.length >= 3 && progress.at(-1) === 1, `progress events: ${progress.join(', ')}`);
    assert.equal(run.progress, 1);
    assert.equal(orchestrator.agents.list().find((a) => a.name === 'model_innovation')?.source.kind, 'command');
  });

  it('times out a command agent through the engine and leaves no process behind', async () => {
    const { orchestrator, dir } = orchestratorFor(
      `
tasks:
  slow: { manual: true, timeout_minutes: 0.01, retry_count: 0, agent: { command: [python3, slow.py], kill_grace_seconds: 0.5 } }
`,
      {
        'slow.py': [
          'import os, signal, subprocess, sys, time',
          'child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])',
          'open("pids", "w").write(f"{os.getpid()} {child.pid}")',
          'signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a stubborn agent: SIGKILL must follow',
          'time.sleep(60)',
        ].join('\n'),
      },
    );
    await orchestrator.start();
    const run = await orchestrator.executeTaskNow('slow');
    assert.equal(run.status, 'timed_out');
    const pids = readFileSync(join(dir, 'pids'), 'utf8').split(' ').map(Number);
    const alive = (pid: number): boolean => {
      try {
        process.kill(pid, 0);
        return !readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.startsWith('Z');
      } catch {
        return false;
      }
    };
    for (let i = 0; i < 50 && pids.some(alive); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.deepEqual(pids.filter(alive), [], 'the agent and its child were killed');
  });

  it('POSTs the request to an HTTP agent with its headers and takes the JSON answer as the result', async () => {
    const seen: { headers: IncomingMessage['headers']; body: { task: string; parameters: unknown; idempotencyKey: string } }[] = [];
    const server = createServer((req, res) => {
      let text = '';
      req.on('data', (chunk: Buffer) => (text += chunk.toString()));
      req.on('end', () => {
        seen.push({ headers: req.headers, body: JSON.parse(text) as (typeof seen)[number]['body'] });
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ result: { sentiment: 0.42 } }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    after(() => server.close());
    const port = (server.address() as AddressInfo).port;
    const { orchestrator } = orchestratorFor(`
tasks:
  sentiment_fetch:
    manual: true
    parameters: { symbol: AAPL }
    agent: { http: { url: "http://127.0.0.1:${port}/agents/sentiment", headers: { Authorization: "Bearer t0ken" }, timeout_seconds: 5 } }
`);
    await orchestrator.start();
    const run = await orchestrator.executeTaskNow('sentiment_fetch');
    assert.equal(run.status, 'succeeded', run.error ?? '');
    assert.deepEqual(run.result, { sentiment: 0.42 });
    assert.equal(seen[0]!.headers.authorization, 'Bearer t0ken');
    assert.equal(seen[0]!.body.task, 'sentiment_fetch');
    assert.deepEqual(seen[0]!.body.parameters, { symbol: 'AAPL' });
    assert.equal(seen[0]!.body.idempotencyKey, run.idempotencyKey);
    const listed = orchestrator.agents.list().find((a) => a.name === 'sentiment_fetch');
    assert.deepEqual(listed?.source, { kind: 'http', detail: `POST http://127.0.0.1:${port}/agents/sentiment` });
  });

  it('loads a TypeScript module agent', async () => {
    const { orchestrator } = orchestratorFor('tasks:\n  custom_task: { manual: true, agent: { module: ./agents/custom.ts, export: CustomAgent, method: innovate } }\n', {
      'agents/custom.ts': `interface Params { symbol?: string }
export class CustomAgent {
  private readonly prefix: string = 'model';
  innovate(params: Params): { model: string } {
    return { model: \`\${this.prefix}-\${params.symbol ?? 'none'}\` };
  }
}
`,
    });
    await orchestrator.start();
    const run = await orchestrator.executeTaskNow('custom_task', { symbol: 'MSFT' });
    assert.equal(run.status, 'succeeded', run.error ?? '');
    assert.deepEqual(run.result, { model: 'model-MSFT' });
  });

  it('discovers agents in orchestrator.agents_dir by file name: modules and Python files', async () => {
    const { orchestrator } = orchestratorFor(
      `
orchestrator: { agents_dir: ./agents }
tasks:
  risk_management: { manual: true }
  echo_py: { manual: true, parameters: { x: 3 } }
`,
      {
        'agents/risk_management.js': 'export default class Risk { run(ctx) { return { var95: 0.021, task: ctx.task }; } }\n',
        'agents/echo_py.py': 'import json, sys\nreq = json.loads(sys.stdin.readline())\nprint(json.dumps({"result": {"x2": req["parameters"]["x"] * 2}}))\n',
        'agents/_helpers.js': 'throw new Error("not an agent: never imported");\n',
        'agents/unused.js': 'throw new Error("no task names this agent: never imported");\n',
      },
    );
    await orchestrator.start();
    assert.deepEqual((await orchestrator.executeTaskNow('risk_management')).result, { var95: 0.021, task: 'risk_management' });
    assert.deepEqual((await orchestrator.executeTaskNow('echo_py')).result, { x2: 6 });
    const sources = Object.fromEntries(orchestrator.agents.list().map((a) => [a.name, a.source]));
    assert.equal(sources['risk_management']?.kind, 'module');
    assert.match(sources['risk_management']!.detail, /agents\/risk_management\.js#default \(found in the agents folder\)$/);
    assert.equal(sources['echo_py']?.kind, 'command');
  });

  it("fails start with the guide's \"Agent 'x' not found\", the closest name and how to register one", async () => {
    const { orchestrator } = orchestratorFor('tasks:\n  reporting: { manual: true, agent: status_reprt }\n');
    await assert.rejects(orchestrator.start(), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.match(error.message, /Agent 'status_reprt' not found\. Did you mean 'status_report'\?/);
      assert.match(error.message, /registerAgent\('status_reprt', agent\)/);
      assert.match(error.message, /agents_dir/);
      return true;
    });
  });

  it('reports an agent that cannot be made: missing working folder, missing agents folder', async () => {
    const { orchestrator } = orchestratorFor('orchestrator: { agents_dir: ./nowhere }\ntasks:\n  job: { manual: true, agent: { command: ["python3", "x.py"], cwd: ./missing } }\n');
    await assert.rejects(orchestrator.start(), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.match(error.message, /orchestrator\.agents_dir: the agents folder .*nowhere does not exist/);
      assert.match(error.message, /tasks\.job\.agent: command agent "python3 x\.py" cannot run: its working folder .*missing does not exist/);
      return true;
    });
  });
});
