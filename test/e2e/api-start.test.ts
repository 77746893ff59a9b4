/**
 * `evolve start` serves the HTTP API as a user runs it: a real process on `--port 0` prints the
 * URL it listens on, answers there, and stops cleanly; a non-loopback address without tokens is
 * refused before anything starts; `evolve api` makes and hashes tokens.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { hashToken } from '../../src/api/auth.js';
import { ensureBuilt, evolve, ROOT, RunningEvolve } from '../support/evolve-cli.js';
import { tempDir } from '../support/temp-dir.js';

const CONFIG = `
orchestrator: { shutdown_grace_seconds: 2 }
logging: { level: warn, file: null }
tasks:
  status_report: { manual: true }
`;

function fixture(yaml = CONFIG): string[] {
  const dir = tempDir('evolve-api-');
  writeFileSync(join(dir, 'schedule.yaml'), yaml);
  return ['--config', join(dir, 'schedule.yaml'), '--data-dir', join(dir, 'data')];
}

before(() => ensureBuilt());

describe('evolve start with the API', () => {
  const running: RunningEvolve[] = [];
  after(async () => {
    for (const p of running.filter((r) => r.running)) {
      p.child.kill('SIGKILL');
      await p.exit;
    }
  });

  it('prints the URL of --port 0 and answers GET /orchestrator/status there until SIGINT', async () => {
    const server = new RunningEvolve(['start', '--port', '0', ...fixture()]);
    running.push(server);
    await server.waitFor(/started: 1 task/);
    const url = /api:\s+(http:\/\/127\.0\.0\.1:\d+) \(docs at http:\/\/127\.0\.0\.1:\d+\/docs\)/.exec(server.stdout)?.[1];
    assert.ok(url, server.stdout);
    assert.doesNotMatch(url, /:0$/);
    const status = await fetch(`${url}/orchestrator/status`);
    assert.equal(status.status, 200);
    const body = (await status.json()) as { orchestratorRunning: boolean; instance: { pid: number } };
    assert.equal(body.orchestratorRunning, true);
    assert.equal(body.instance.pid, server.child.pid);
    const events = await fetch(`${url}/orchestrator/events`);
    assert.equal(events.status, 200);
    const reading = (async () => {
      for await (const chunk of events.body!) void chunk; // until the server ends the stream
    })();

    server.child.kill('SIGINT');
    const exit = await server.exit;
    assert.equal(exit.code, 0, `stdout:\n${server.stdout}\nstderr:\n${server.stderr}`);
    await reading;
    await assert.rejects(fetch(`${url}/healthz`), 'the API is gone after stop');
  });

  it('reports the URL in the --json start event, and none with --no-api', async () => {
    const server = new RunningEvolve(['--json', 'start', '--port', '0', ...fixture()]);
    running.push(server);
    await server.waitFor(/"event":"started"/);
    const started = JSON.parse(server.stdout.split('\n')[0]!) as { api: string };
    assert.match(started.api, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal((await fetch(`${started.api}/healthz`)).status, 200);
    server.child.kill('SIGTERM');
    assert.equal((await server.exit).code, 0);

    const off = new RunningEvolve(['start', '--no-api', ...fixture()]);
    running.push(off);
    await off.waitFor(/started: 1 task/);
    assert.match(off.stdout, /api:\s+\(off\)/);
    off.child.kill('SIGTERM');
    assert.equal((await off.exit).code, 0);
  });

  it('refuses to listen beyond loopback without tokens, exit 2, before taking the store', async () => {
    const result = await evolve(['start', '--host', '0.0.0.0', '--port', '0', ...fixture()]);
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /the API would listen on 0\.0\.0\.0, which other machines can reach, without any token/);
    assert.match(result.stderr, /--no-api/);
  });

  it('names the fix when the port is taken', async () => {
    const first = new RunningEvolve(['--json', 'start', '--port', '0', ...fixture()]);
    running.push(first);
    await first.waitFor(/"event":"started"/);
    const port = new URL((JSON.parse(first.stdout.split('\n')[0]!) as { api: string }).api).port;
    const second = await evolve(['start', '--port', port, ...fixture()]);
    assert.equal(second.code, 1, second.stderr);
    assert.match(second.stderr, new RegExp(`port ${port} on 127\\.0\\.0\\.1 is in use.*--port 0`));
    first.child.kill('SIGTERM');
    await first.exit;
  });
});

describe('evolve api', () => {
  it('hashes a token from stdin as sha256sum does', () => {
    const result = spawnSync(process.execPath, [join(ROOT, 'bin', 'evolve.js'), 'api', 'hash-token'], { input: 's3cret\n', encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout.trim(), hashToken('s3cret'));
  });

  it('makes a token and the api.tokens entry that accepts it', async () => {
    const result = await evolve(['--json', 'api', 'new-token', '--name', 'ci-bot', '--role', 'operator']);
    assert.equal(result.code, 0, result.stderr);
    const made = JSON.parse(result.stdout) as { name: string; role: string; token: string; token_sha256: string };
    assert.equal(made.name, 'ci-bot');
    assert.equal(made.role, 'operator');
    assert.match(made.token, /^evo_[A-Za-z0-9_-]{43}$/);
    assert.equal(made.token_sha256, hashToken(made.token));
    const text = await evolve(['api', 'new-token', '--name', 'ci-bot']);
    assert.match(text.stdout, /- \{ name: ci-bot, role: viewer, token_sha256: [0-9a-f]{64} \}/);
  });
});
