import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { getEventListeners } from 'node:events';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { CommandAgent, type CommandAgentOptions } from '../../src/agents/command-agent.js';
import { RunAbort } from '../../src/engine/executor.js';
import { EvolveError } from '../../src/errors.js';
import { agentContext, rejection } from '../support/agent-context.js';
import { tempDir } from '../support/temp-dir.js';

const EXAMPLE = fileURLToPath(new URL('../../examples/agents/model_innovation.py', import.meta.url));
const DEADLINE = Date.parse('2030-01-02T03:04:05.000Z');
const dir = tempDir('evolve-command-agent-');

/** An AgentContext as the executor makes one (second attempt), recording progress calls and log lines. */
function makeContext(options: { parameters?: Record<string, unknown>; onProgress?: (message: string | undefined) => void } = {}) {
  return agentContext({ attempt: 2, deadline: DEADLINE, ...options });
}

let fixtures = 0;
/** A Node script in the temp dir; `source` runs after `request` (the parsed stdin line) and `out(line)` are defined. */
function nodeAgent(source: string, options: Partial<CommandAgentOptions> & { readStdin?: boolean } = {}): CommandAgent {
  const path = join(dir, `agent-${++fixtures}.mjs`);
  const prelude =
    options.readStdin === false
      ? ''
      : `let input = ''; for await (const chunk of process.stdin) input += chunk; const request = JSON.parse(input);\n`;
  writeFileSync(
    path,
    `import { spawn } from 'node:child_process';\nconst out = (line) => process.stdout.write(JSON.stringify(line) + '\\n');\n${prelude}${source}\n`,
  );
  const { readStdin: _, ...rest } = options;
  return new CommandAgent({ command: [process.execPath, path], cwd: dir, env: {}, passEnv: [], ...rest });
}

/** Running = exists and is not a zombie (an orphan's zombie may wait a while for init to reap it). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  if (!existsSync('/proc')) return true;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

const spawned: number[] = [];
after(() => {
  for (const pid of spawned) if (isRunning(pid)) process.kill(pid, 'SIGKILL');
});


describe('CommandAgent', () => {
  it('writes the request on stdin, reports progress and logs, and returns the result line', async () => {
    const agent = nodeAgent(`
      out({ progress: 0.25, message: 'loading' });
      out({ log: 'halfway there', level: 'WARNING' });
      out({ progress: 0.75 });
      out({ result: { request, sum: request.parameters.a + request.parameters.b } });`);
    const { context, progress, logs } = makeContext({ parameters: { a: 2, b: 3 } });

    const result = (await agent.run(context)) as { request: Record<string, unknown>; sum: number };

    assert.equal(result.sum, 5);
    assert.deepEqual(result.request, {
      task: 'model_innovation',
      runId: context.runId,
      attempt: 2,
      idempotencyKey: 'idem-model-innovation-1',
      parameters: { a: 2, b: 3 },
      deadline: '2030-01-02T03:04:05.000Z',
      trigger: 'manual',
    });
    assert.deepEqual(progress, [
      [0.25, 'loading'],
      [0.75, undefined],
    ]);
    assert.ok(logs().some((l) => l.msg === 'halfway there' && l.level === 40), 'the log line is logged at warn');
    assert.equal(getEventListeners(context.signal, 'abort').length, 0, 'no abort listener is left behind');
  });

  it('runs the Python example, which picks the model with the lowest validation error', async () => {
    const agent = new CommandAgent({ command: ['python3', EXAMPLE], cwd: dir, env: {}, passEnv: [] });
    const series = Array.from({ length: 24 }, (_, t) => 10 + 2 * t);
    const { context, progress, logs } = makeContext({ parameters: { series, horizon: 4 } });

    const result = (await agent.run(context)) as { best_model: string; forecast: number[]; validation: { rmse: number }; run_id: string };

    assert.equal(result.best_model, 'linear_trend');
    assert.equal(result.validation.rmse, 0);
    assert.deepEqual(result.forecast, [58, 60, 62, 64]);
    assert.equal(result.run_id, context.runId);
    assert.deepEqual(progress.at(-1), [1, 'best model: linear_trend']);
    assert.ok(progress.every(([f], i) => i === 0 || f >= (progress[i - 1]?.[0] ?? 0)), 'progress only goes up');
    assert.ok(logs().some((l) => l.msg.startsWith('modelling 24 points from parameters.series')));
  });

  it('runs the Python example on a generated series and reports the best of its candidates', async () => {
    const agent = new CommandAgent({ command: ['python3', EXAMPLE], cwd: dir, env: {}, passEnv: [] });
    const result = (await agent.run(makeContext({ parameters: { seed: 11, length: 96 } }).context)) as {
      best_model: string;
      validation: { rmse: number };
      candidates: { model: string; rmse: number }[];
      forecast: number[];
    };
    assert.ok(result.candidates.length >= 5);
    assert.equal(result.best_model, result.candidates[0]?.model);
    assert.equal(result.validation.rmse, Math.min(...result.candidates.map((c) => c.rmse)));
    assert.equal(result.forecast.length, 19);
  });

  it('stops the Python example with SIGTERM on cancel, without waiting for SIGKILL', async () => {
    const agent = new CommandAgent({ command: ['python3', EXAMPLE], cwd: dir, env: {}, passEnv: [], killGraceMs: 30_000 });
    let started!: () => void;
    const ready = new Promise<void>((resolve) => (started = resolve));
    const { context, controller, logs } = makeContext({ parameters: { pause_seconds: 60 }, onProgress: () => started() });
    const running = agent.run(context);
    await ready;
    const reason = new RunAbort('cancel', 'cancelled by a test');
    const begun = Date.now();
    controller.abort(reason);

    assert.equal(await rejection(running as Promise<unknown>), reason);
    assert.ok(Date.now() - begun < 10_000, 'it exited on SIGTERM, long before the 30 s grace');
    assert.ok(logs().some((l) => l.stream === 'stderr' && l.msg === 'model_innovation: stopping on SIGTERM'));
  });

  it('fails on a line that is not JSON, quoting it with its line number, and stops the agent', async () => {
    const agent = nodeAgent(`out({ progress: 0.1 }); console.log('hello world'); setInterval(() => {}, 1000);`);
    const error = await rejection(agent.run(makeContext().context) as Promise<unknown>);
    assert.ok(error instanceof EvolveError);
    assert.match(error.message, /wrote an invalid line 2 on stdout: it is not JSON: "hello world"/);
  });

  it('fails on JSON of no known shape, and cuts a long offending line', async () => {
    const shape = await rejection(nodeAgent(`out({ foo: 1 });`).run(makeContext().context) as Promise<unknown>);
    assert.match(shape.message, /invalid line 1 on stdout: it must have exactly one of the keys progress, log, result, error \(it has none of them\): "\{\\"foo\\":1\}"/);

    const long = await rejection(nodeAgent(`console.log('x'.repeat(1000));`).run(makeContext().context) as Promise<unknown>);
    assert.match(long.message, /"x{200}"… \(1000 characters\)/);
    assert.ok(!long.message.includes('x'.repeat(201)));
  });

  it('fails on a progress fraction outside [0, 1], naming the line', async () => {
    const error = await rejection(nodeAgent(`out({ log: 'start' }); out({ progress: 1.5 }); out({ result: 1 });`).run(makeContext().context) as Promise<unknown>);
    assert.match(error.message, /invalid line 2 on stdout: it "progress" must be a number from 0 to 1, got 1\.5/);
  });

  it('fails when the agent exits 0 without a result line', async () => {
    const error = await rejection(nodeAgent(`out({ progress: 1 });`).run(makeContext().context) as Promise<unknown>);
    assert.match(error.message, /exited 0 without writing a \{"result": …\} line on stdout/);
  });

  it('fails with the message of an error line, even on exit 0', async () => {
    const zero = await rejection(nodeAgent(`out({ error: 'model diverged' });`).run(makeContext().context) as Promise<unknown>);
    assert.match(zero.message, /reported an error: model diverged$/);
    const one = await rejection(nodeAgent(`out({ error: 'model diverged' }); process.exitCode = 1;`).run(makeContext().context) as Promise<unknown>);
    assert.match(one.message, /reported an error: model diverged \(exit code 1\)/);
  });

  it('fails on a second result line, but accepts log lines after the result', async () => {
    const twice = await rejection(nodeAgent(`out({ result: 1 }); out({ result: 2 });`).run(makeContext().context) as Promise<unknown>);
    assert.match(twice.message, /invalid line 2 on stdout: a result line after the result line on line 1/);
    const { context, logs } = makeContext();
    assert.deepEqual(await nodeAgent(`out({ result: [1] }); out({ log: 'closing' }); console.log('');`).run(context), [1]);
    assert.ok(logs().some((l) => l.msg === 'closing'));
  });

  it('fails on a non-zero exit with the exit code and the end of stderr, which is also logged', async () => {
    const agent = nodeAgent(`
      out({ result: 'partial' });
      for (let i = 1; i <= 100; i++) console.error('noise ' + i);
      console.error('Traceback (most recent call last):\\nValueError: bad input');
      process.exitCode = 3;`);
    const { context, logs } = makeContext();
    const error = await rejection(agent.run(context) as Promise<unknown>);
    assert.match(error.message, /exited with code 3 after writing its result line; a non-zero exit code means failure/);
    assert.match(error.message, /--- last lines of stderr ---\n(.*\n)*ValueError: bad input$/);
    const tail = error.message.split('--- last lines of stderr ---\n')[1]?.split('\n') ?? [];
    assert.equal(tail.length, 20, 'the tail is bounded to 20 lines');
    assert.ok(!error.message.includes('noise 82\n'));
    assert.ok(logs().some((l) => l.level === 40 && l.stream === 'stderr' && l.msg === 'ValueError: bad input'));
  });

  it('fails naming the signal when the agent is killed by one', async () => {
    const error = await rejection(nodeAgent(`process.kill(process.pid, 'SIGKILL');`).run(makeContext().context) as Promise<unknown>);
    assert.match(error.message, /was killed by signal SIGKILL/);
  });

  it('stops an agent whose output exceeds maxOutputBytes, without buffering it', async () => {
    const agent = nodeAgent(
      `const line = JSON.stringify({ log: 'x'.repeat(1000) }) + '\\n';
       const flood = () => { while (process.stdout.write(line)); process.stdout.once('drain', flood); };
       flood();`,
      { maxOutputBytes: 64 * 1024 },
    );
    const { context, logs } = makeContext();
    const error = await rejection(agent.run(context) as Promise<unknown>);
    assert.match(error.message, /wrote more than 65536 bytes on stdout \(maxOutputBytes\): output exceeded 65536 bytes/);
    assert.ok(logs().length < 80, `at most the lines within the limit are logged, got ${logs().length}`);
  });

  it('stops an agent that writes a line over 1 MiB', async () => {
    const agent = nodeAgent(`process.stdout.write('{"result": "' + 'x'.repeat(1536 * 1024)); setInterval(() => {}, 1000);`);
    const error = await rejection(agent.run(makeContext().context) as Promise<unknown>);
    assert.match(error.message, /stdout line 1 exceeded 1048576 bytes/);
  });

  it('on abort sends SIGTERM, then SIGKILL to the whole group, and leaves no process behind', async () => {
    const agent = nodeAgent(
      `process.on('SIGTERM', () => {});
       const code = "process.on('SIGTERM', () => {}); process.stdout.write('up'); setInterval(() => {}, 1000);";
       const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'ignore'] });
       child.stdout.once('data', () => out({ progress: 0.1, message: JSON.stringify([process.pid, child.pid]) }));
       setInterval(() => {}, 1000);`,
      { killGraceMs: 300 },
    );
    let pids: number[] = [];
    let started!: () => void;
    const ready = new Promise<void>((resolve) => (started = resolve));
    const { context, controller } = makeContext({
      onProgress: (message) => {
        pids = JSON.parse(message ?? '[]') as number[];
        spawned.push(...pids);
        started();
      },
    });
    const running = agent.run(context) as Promise<unknown>;
    await ready;
    assert.equal(pids.length, 2);
    assert.ok(pids.every(isRunning));
    const reason = new RunAbort('timeout', 'timed out after 0.01 min (timeout_minutes)');
    const begun = Date.now();
    controller.abort(reason);

    assert.equal(await rejection(running), reason);
    assert.ok(Date.now() - begun >= 300, 'both ignored SIGTERM, so they got SIGKILL after killGraceMs');
    assert.deepEqual(pids.filter(isRunning), [], 'neither the agent nor its child is left running');
    assert.equal(getEventListeners(context.signal, 'abort').length, 0);
  });

  it('stops what the agent left running in its group when it exits, even if it holds stdout open', async () => {
    const agent = nodeAgent(
      `const child = spawn(process.execPath, ['-e', "console.error('up'); setInterval(() => {}, 1000)"], { stdio: ['ignore', 'inherit', 'pipe'] });
       await new Promise((resolve) => child.stderr.once('data', resolve));
       out({ result: { child: child.pid } });
       process.exit(0);`,
      { killGraceMs: 2_000 },
    );
    const result = (await agent.run(makeContext().context)) as { child: number };
    spawned.push(result.child);
    assert.equal(isRunning(result.child), false);
  });

  it('does not crash when the agent exits without reading a large request', async () => {
    const agent = nodeAgent(`out({ result: 'did not read' });`, { readStdin: false });
    assert.equal(await agent.run(makeContext({ parameters: { blob: 'x'.repeat(1 << 20) } }).context), 'did not read');
  });

  it('does not start when the run is already aborted', async () => {
    const marker = join(dir, 'started-marker');
    const agent = nodeAgent(`(await import('node:fs')).writeFileSync(${JSON.stringify(marker)}, 'x'); out({ result: 1 });`);
    const { context, controller } = makeContext();
    const reason = new RunAbort('shutdown', 'the orchestrator is stopping');
    controller.abort(reason);
    assert.equal(await rejection(agent.run(context) as Promise<unknown>), reason);
    assert.equal(existsSync(marker), false);
  });

  describe('environment', () => {
    it('passes only PATH, HOME, LANG, the passEnv names that are set and env', async () => {
      process.env['EVOLVE_TEST_UNLISTED'] = 'not for agents';
      process.env['EVOLVE_TEST_LISTED'] = 'for agents';
      after(() => {
        delete process.env['EVOLVE_TEST_UNLISTED'];
        delete process.env['EVOLVE_TEST_LISTED'];
      });
      const agent = nodeAgent(`out({ result: process.env });`, {
        passEnv: ['EVOLVE_TEST_LISTED', 'EVOLVE_TEST_NOT_SET'],
        env: { MODEL_DIR: '/models' },
      });
      const env = (await agent.run(makeContext().context)) as Record<string, string>;
      const inherited = ['PATH', 'HOME', 'LANG'].filter((name) => process.env[name] !== undefined);
      assert.deepEqual(Object.keys(env).sort(), [...inherited, 'EVOLVE_TEST_LISTED', 'MODEL_DIR'].sort());
      assert.equal(env['EVOLVE_TEST_LISTED'], 'for agents');
      assert.equal(env['MODEL_DIR'], '/models');
      assert.equal(env['PATH'], process.env['PATH']);
    });
  });

  describe('secrets', () => {
    const TOKEN = 'tok-3141592653';
    const PASSWORD = 'pw-2718281828';
    process.env['EVOLVE_TEST_DB_PASSWORD'] = PASSWORD;
    after(() => delete process.env['EVOLVE_TEST_DB_PASSWORD']);
    const secretAgent = (source: string): CommandAgent =>
      nodeAgent(source, { env: { API_TOKEN: TOKEN, MODEL_NAME: 'holt' }, passEnv: ['EVOLVE_TEST_DB_PASSWORD'] });

    it('replaces secret values with *** in logs and progress', async () => {
      const agent = secretAgent(`
        const { API_TOKEN, EVOLVE_TEST_DB_PASSWORD, MODEL_NAME } = process.env;
        console.error('connecting with token=' + API_TOKEN + ' password=' + EVOLVE_TEST_DB_PASSWORD);
        out({ log: 'model ' + MODEL_NAME + ' with ' + API_TOKEN });
        out({ progress: 0.5, message: 'authenticated as ' + API_TOKEN });
        out({ result: { ok: true } });`);
      const { context, logText, logs, progress } = makeContext();
      assert.deepEqual(await agent.run(context), { ok: true });
      assert.ok(!logText().includes(TOKEN) && !logText().includes(PASSWORD), 'no secret in the logs');
      assert.ok(logs().some((l) => l.msg === 'connecting with token=*** password=***'));
      assert.ok(logs().some((l) => l.msg === 'model holt with ***'), 'values of variables not named like a secret are kept');
      assert.deepEqual(progress, [[0.5, 'authenticated as ***']]);
    });

    it('fails a result that contains a secret without echoing it', async () => {
      const agent = secretAgent(`out({ result: { headers: { auth: 'Bearer ' + process.env.API_TOKEN } } });`);
      const error = await rejection(agent.run(makeContext().context) as Promise<unknown>);
      assert.ok(error instanceof EvolveError);
      assert.equal(error.code, 'EVOLVE_AGENT_BAD_RESULT');
      assert.match(error.message, /contains the value of secret variable API_TOKEN/);
      assert.ok(!error.message.includes(TOKEN));
    });

    it('keeps secrets out of error messages and the stderr tail', async () => {
      const agent = secretAgent(`
        console.error('login failed for ' + process.env.EVOLVE_TEST_DB_PASSWORD);
        out({ error: 'rejected token ' + process.env.API_TOKEN });`);
      const error = await rejection(agent.run(makeContext().context) as Promise<unknown>);
      assert.match(error.message, /reported an error: rejected token \*\*\*/);
      assert.match(error.message, /login failed for \*\*\*/);
      assert.ok(!error.message.includes(TOKEN) && !error.message.includes(PASSWORD));
      const quoted = await rejection(secretAgent(`console.log('oops ' + process.env.API_TOKEN);`).run(makeContext().context) as Promise<unknown>);
      assert.match(quoted.message, /it is not JSON: "oops \*\*\*"/);
    });
  });

  describe('when the command cannot start', () => {
    it('names a program that is not on PATH, and the working directory', async () => {
      const agent = new CommandAgent({ command: ['evolve-no-such-program'], cwd: dir, env: {}, passEnv: [] });
      const error = await rejection(agent.run(makeContext().context) as Promise<unknown>);
      assert.ok(error.message.startsWith(`cannot start command \`evolve-no-such-program\` in ${dir}: evolve-no-such-program was not found on PATH`));
      assert.match(error.message, /install it, give an absolute path, or add its folder to PATH/);
    });

    it('names a working directory that does not exist', async () => {
      const agent = new CommandAgent({ command: [process.execPath, '-v'], cwd: join(dir, 'missing'), env: {}, passEnv: [] });
      assert.match((await rejection(agent.run(makeContext().context) as Promise<unknown>)).message, /its working directory does not exist/);
    });

    it('says how to fix a script that is not executable', async () => {
      writeFileSync(join(dir, 'agent.sh'), '#!/bin/sh\necho \'{"result": 1}\'\n', { mode: 0o644 });
      const agent = new CommandAgent({ command: ['./agent.sh'], cwd: dir, env: {}, passEnv: [] });
      assert.match((await rejection(agent.run(makeContext().context) as Promise<unknown>)).message, /\.\/agent\.sh is not executable \(EACCES\): chmod \+x it/);
    });
  });
});
