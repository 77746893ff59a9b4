/**
 * `evolve monitor` as a user runs it: a real process inside a pseudo-terminal (python3's pty
 * module), its screen output read back — the alternate screen entered and left, the task table
 * with a task's name and state, exit 0 — both starting the orchestrator itself and attached to a
 * running `evolve start` through `--url`; and plain output when stdout is a pipe.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseTaskName } from '../../src/model/ids.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { ensureBuilt, evolve, ROOT, RunningEvolve } from '../support/evolve-cli.js';
import { tempDir } from '../support/temp-dir.js';

const AGENTS = `
export async function crunch(ctx) {
  for (let i = 1; i <= 4; i++) {
    await new Promise((resolve) => setTimeout(resolve, 150));
    ctx.progress(i / 4, 'step ' + i + ' of 4');
  }
  return { ok: true };
}
`;

const CONFIG = `
orchestrator: { shutdown_grace_seconds: 2 }
logging: { level: warn, file: null }
api: { port: 0 }
tasks:
  crunch_numbers:
    agent: { module: ./agents.mjs, export: crunch }
    interval_minutes: 0.0166666667  # every second
  status_report: { manual: true }
`;

function fixture(): string[] {
  const dir = tempDir('evolve-monitor-');
  writeFileSync(join(dir, 'agents.mjs'), AGENTS);
  writeFileSync(join(dir, 'schedule.yaml'), CONFIG);
  return ['--config', join(dir, 'schedule.yaml'), '--data-dir', join(dir, 'data')];
}

const ENTER = '\u001b[?1049h';
const LEAVE = '\u001b[?1049l';

interface PtyResult {
  code: number | null;
  screen: string;
}

/** Runs `evolve …` inside a pseudo-terminal; `keys` are typed into it after `typeAfterMs`. */
function inPty(args: readonly string[], options: { keys?: string; typeAfterMs?: number } = {}): Promise<PtyResult> {
  const script = 'import os, pty, sys; sys.exit(os.waitstatus_to_exitcode(pty.spawn(sys.argv[1:])))';
  const child = spawn('python3', ['-c', script, process.execPath, join(ROOT, 'bin', 'evolve.js'), ...args], {
    cwd: ROOT,
    env: { ...process.env, TERM: 'xterm-256color', EVOLVE_API_TOKENS: '' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let screen = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (screen += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (screen += chunk));
  const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  if (options.keys !== undefined) {
    const keys = options.keys;
    setTimeout(() => child.stdin.write(keys), options.typeAfterMs ?? 0);
  }
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(killer);
      child.stdin.destroy();
      resolve({ code, screen });
    });
  });
}

function assertFullScreen(result: PtyResult): void {
  const { screen } = result;
  assert.equal(result.code, 0, screen);
  const entered = screen.indexOf(ENTER);
  const left = screen.lastIndexOf(LEAVE);
  assert.ok(entered >= 0, `entered the alternate screen:\n${screen}`);
  assert.ok(left > entered, `left the alternate screen after entering it:\n${screen}`);
  assert.ok(screen.lastIndexOf('\u001b[?25h') > entered, 'showed the cursor again');
  const drawn = screen.slice(entered, left);
  assert.match(drawn, /TASK +STATE +PROGRESS +NEXT +SUCCESS +HEALTH +LAST/);
  assert.match(drawn, /crunch_numbers +(idle|queued|running) /);
  assert.match(drawn, /status_report +idle /);
}

before(() => ensureBuilt());

describe('evolve monitor in a terminal', () => {
  it('starts the orchestrator in process when none answers, shows the task table and restores the screen after --duration', async () => {
    const started = Date.now();
    const result = await inPty(['monitor', '--duration', '0.05', ...fixture()]);
    assertFullScreen(result);
    assert.match(result.screen, /EVOLVE MONITOR {2}in-process orchestrator \(API http:\/\/127\.0\.0\.1:\d+\)/);
    assert.match(result.screen, /crunch_numbers succeeded in/, 'a finished run in the event list');
    assert.match(result.screen, /\[#+-*\] +\d+%/, 'a progress bar for the running run');
    assert.ok(Date.now() - started >= 3_000, 'ran for its 3 seconds');
  });

  it('ends on q before the duration, still restoring the terminal', async () => {
    const started = Date.now();
    const result = await inPty(['--monitor', '--duration', '5', ...fixture()], { keys: 'q', typeAfterMs: 2_500 });
    assertFullScreen(result);
    assert.ok(Date.now() - started < 20_000, 'ended on q, not after 5 minutes');
  });
});

describe('evolve monitor and the alerts recorded before it started', () => {
  it('lists an alert already in the store (in process, plain output)', async () => {
    const args = fixture();
    const dataDir = args[args.indexOf('--data-dir') + 1]!;
    const store = new SqliteStore({ path: join(dataDir, 'evolve.db') });
    await store.open();
    await store.appendAlert({ at: Date.now() - 3_600_000, kind: 'task_disabled', severity: 'critical', task: parseTaskName('crunch_numbers'), message: 'crunch_numbers disabled an hour ago', details: {} });
    await store.close();
    const result = await evolve(['monitor', '--duration', '0.04', ...args]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /critical +crunch_numbers: crunch_numbers disabled an hour ago/);
  });
});

describe('evolve monitor attached to evolve start', () => {
  let server: RunningEvolve | null = null;
  let url = '';
  before(async () => {
    server = new RunningEvolve(['start', '--port', '0', ...fixture()]);
    await server.waitFor(/started: 2 tasks/);
    url = /api:\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(server.stdout)?.[1] ?? '';
    assert.ok(url, server.stdout);
  });
  after(async () => {
    if (server?.running) {
      server.child.kill('SIGINT');
      assert.equal((await server.exit).code, 0);
    }
  });

  it('reads the API given by --url in a terminal and leaves the server running', async () => {
    const result = await inPty(['monitor', '--duration', '0.05', '--url', url]);
    assertFullScreen(result);
    assert.match(result.screen, new RegExp(`EVOLVE MONITOR {2}attached to ${url.replace(/\./g, '\\.')}`));
    assert.match(result.screen, new RegExp(`pid ${server!.child.pid}@`));
    assert.equal(server!.running, true);
    assert.equal((await fetch(`${url}/healthz`)).status, 200);
  });

  it('prints plain snapshots and event lines, without escape codes, when stdout is a pipe', async () => {
    const result = await evolve(['monitor', '--duration', '0.04', '--url', url]);
    assert.equal(result.code, 0, result.stderr);
    assert.doesNotMatch(result.stdout, /\u001b/);
    assert.match(result.stdout, /^EVOLVE MONITOR {2}attached to/);
    assert.match(result.stdout, /\n\d\d:\d\d:\d\d crunch_numbers (started|succeeded in \d+ms)\n/);
    assert.equal(result.stdout.match(/^TASK +STATE/gm)?.length, 2, 'a snapshot at the start and one at the end');
  });

  it('refuses a --url where no orchestrator answers, exit 2', async () => {
    const result = await evolve(['monitor', '--duration', '0.05', '--url', 'http://127.0.0.1:9']);
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /no orchestrator answers at http:\/\/127\.0\.0\.1:9/);
  });
});
