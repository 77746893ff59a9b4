/**
 * Runs the built `evolve` command as a real process (node bin/evolve.js …), building dist/ first
 * when it is missing or older than the sources.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin', 'evolve.js');
const ENTRY = join(ROOT, 'dist', 'cli', 'main.js');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds dist/ (tsc -p tsconfig.build.json) unless it is newer than every file under src/. */
export function ensureBuilt(): void {
  if (existsSync(ENTRY) && statSync(ENTRY).mtimeMs >= newestMtime(join(ROOT, 'src'))) return;
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: ROOT, encoding: 'utf8' });
  // tsc still emits when other parts of the tree have type errors; the CLI tests need only the JS.
  if (!existsSync(ENTRY)) throw new Error(`npm run build did not produce dist/cli/main.js:\n${result.stdout}${result.stderr}`);
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

function childEnv(extra: NodeJS.ProcessEnv | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...extra };
  delete env.EVOLVE_ENV;
  if (extra?.EVOLVE_ENV !== undefined) env.EVOLVE_ENV = extra.EVOLVE_ENV;
  return env;
}

/** An `evolve` process left running (for `start`), its output collected as it comes. */
export class RunningEvolve {
  readonly child: ChildProcess;
  stdout = '';
  stderr = '';
  readonly #waiters = new Set<() => void>();
  readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(args: readonly string[], options: CliOptions = {}) {
    this.child = spawnEvolve(args, options);
    this.child.stdout?.setEncoding('utf8').on('data', (chunk: string) => this.#add('stdout', chunk));
    this.child.stderr?.setEncoding('utf8').on('data', (chunk: string) => this.#add('stderr', chunk));
    this.exit = new Promise((resolve) => this.child.once('close', (code, signal) => resolve({ code, signal })));
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  #add(stream: 'stdout' | 'stderr', chunk: string): void {
    this[stream] += chunk;
    for (const waiter of [...this.#waiters]) waiter();
  }

  /** Resolves once `pattern` appears on stdout; rejects when the process ends first or after the timeout. */
  waitFor(pattern: RegExp, timeoutMs = 30_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const fail = (why: string): void => {
        cleanup();
        reject(new Error(`${why} waiting for ${pattern}\nstdout:\n${this.stdout}\nstderr:\n${this.stderr}`));
      };
      const check = (): void => {
        if (pattern.test(this.stdout)) {
          cleanup();
          resolve();
        }
      };
      const timer = setTimeout(() => fail('timed out'), timeoutMs);
      void this.exit.then(({ code }) => fail(`evolve exited (${code})`));
      const cleanup = (): void => {
        clearTimeout(timer);
        this.#waiters.delete(check);
      };
      this.#waiters.add(check);
      check();
    });
  }
}

/** Starts `evolve …` and leaves it running. */
export function spawnEvolve(args: readonly string[], options: CliOptions = {}): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], { cwd: options.cwd ?? ROOT, env: childEnv(options.env), stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Runs `evolve …` to completion. */
export function evolve(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  const child = spawnEvolve(args, options);
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}
