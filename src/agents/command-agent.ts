/**
 * A command agent: a subprocess in any language, spoken to over stdin/stdout
 * (docs/agent-protocol.md has the full protocol, for agent authors).
 *
 * - The command is spawned without a shell, in `cwd`, as the leader of its own process group,
 *   with only PATH, HOME, LANG (when set), the `passEnv` variables present in the orchestrator's
 *   environment and `env`.
 * - stdin gets one JSON line, `{task, runId, attempt, idempotencyKey, parameters, deadline,
 *   trigger}` (deadline as ISO-8601 UTC), then is closed. An agent that never reads it is fine.
 * - stdout is JSON lines: any number of `{"progress": 0..1, "message"?}` and `{"log", "level"?}`,
 *   then exactly one `{"result": <JSON>}` or `{"error": "…"}`; after it only log and blank
 *   lines. Anything else stops the agent and fails the run, quoting the line and its number.
 * - stderr lines are logged at warn; the last ones are quoted when the run fails.
 * - Success is exit code 0 plus a result line; everything else fails the run.
 * - At most `maxOutputBytes` of stdout and 1 MiB per line, else the agent is stopped.
 * - On abort (timeout, cancel, shutdown) the whole group gets SIGTERM, then SIGKILL after
 *   `killGraceMs`; the promise rejects with `signal.reason` once nothing of the group runs. When
 *   the agent exits, processes it left behind in its group are stopped the same way.
 * - Values of `env`/`passEnv` variables named like a secret (SECRET, TOKEN, PASSWORD, KEY,
 *   CREDENTIAL) are replaced by *** in logs, progress and errors; a result containing one fails.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { EvolveError, describeError, type ErrorCode } from '../errors.js';
import type { Agent, AgentContext } from './agent.js';
import { agentRequest } from './agent-request.js';
import { parseAgentLine, type AgentLine } from './command-protocol.js';
import { LineSplitter } from './line-splitter.js';
import { ProcessGroup } from './process-group.js';
import { Redactor } from './redactor.js';

export interface CommandAgentOptions {
  /** Program and arguments, run without a shell. A program with a `/` is relative to `cwd`; otherwise it is looked up on PATH. */
  command: readonly string[];
  /** Working directory of the agent. */
  cwd: string;
  /** Variables set for the agent, values already resolved. They override inherited ones. */
  env: Readonly<Record<string, string>>;
  /** Names of variables copied from the orchestrator's environment, when set there. */
  passEnv: readonly string[];
  /** Milliseconds between SIGTERM and SIGKILL when the agent is stopped. Default 5000. */
  killGraceMs?: number;
  /** Bytes of stdout an agent may write in one run before it is stopped. Default 2 MiB. */
  maxOutputBytes?: number;
}

export const DEFAULT_KILL_GRACE_MS = 5_000;
export const DEFAULT_MAX_OUTPUT_BYTES = 2 * 1024 * 1024;
/** A result line is at most this long: results are stored up to 1 MiB (MAX_RESULT_BYTES). */
export const MAX_LINE_BYTES = 1024 * 1024;
const STDERR_LINE_CHARS = 4 * 1024;
const STDERR_TAIL_LINES = 20;
const STDERR_TAIL_CHARS = 8 * 1024;
const QUOTE_CHARS = 200;
/** After the group is gone, how long stdout/stderr may stay open (held by a process that left the group) before we stop reading. */
const STDIO_DRAIN_MS = 1_000;
const INHERITED = ['PATH', 'HOME', 'LANG'] as const;

interface Settings {
  command: readonly string[];
  cwd: string;
  env: Readonly<Record<string, string>>;
  passEnv: readonly string[];
  killGraceMs: number;
  maxOutputBytes: number;
}

export class CommandAgent implements Agent {
  readonly #settings: Settings;

  constructor(options: CommandAgentOptions) {
    const { command, killGraceMs = DEFAULT_KILL_GRACE_MS, maxOutputBytes = DEFAULT_MAX_OUTPUT_BYTES } = options;
    if (command.length === 0 || command[0] === '') throw new TypeError('a command agent needs a command: give at least the program, e.g. ["python3", "agent.py"]');
    if (!Number.isFinite(killGraceMs) || killGraceMs < 0) throw new RangeError(`killGraceMs must be a number of milliseconds >= 0, got ${killGraceMs}`);
    if (!Number.isSafeInteger(maxOutputBytes) || maxOutputBytes <= 0) throw new RangeError(`maxOutputBytes must be a positive integer, got ${maxOutputBytes}`);
    this.#settings = Object.freeze({
      command: Object.freeze([...command]),
      cwd: options.cwd,
      env: Object.freeze({ ...options.env }),
      passEnv: Object.freeze([...options.passEnv]),
      killGraceMs,
      maxOutputBytes,
    });
  }

  /** The environment the agent gets, given the orchestrator's. */
  environment(parent: NodeJS.ProcessEnv = process.env): Record<string, string> {
    const env: Record<string, string> = {};
    for (const name of [...INHERITED, ...this.#settings.passEnv]) {
      const value = parent[name];
      if (value !== undefined) env[name] = value;
    }
    return Object.assign(env, this.#settings.env);
  }

  run(context: AgentContext): Promise<unknown> {
    return new CommandRun(this.#settings, this.environment(), context).start();
  }
}

type Terminal = { kind: 'result'; value: unknown; line: number } | { kind: 'error'; message: string; line: number };

/** One run of the command: a promise settled once the process has exited, its group is gone and its output is read. */
class CommandRun {
  readonly #settings: Settings;
  readonly #env: Record<string, string>;
  readonly #context: AgentContext;
  readonly #redactor: Redactor;
  readonly #label: string;
  readonly #stdout: LineSplitter;
  readonly #stderr: LineSplitter;
  #child: ChildProcessWithoutNullStreams | undefined;
  #group: ProcessGroup | undefined;
  #resolve: (value: unknown) => void = () => undefined;
  #reject: (error: unknown) => void = () => undefined;
  #lineNumber = 0;
  #stdoutBytes = 0;
  #terminal: Terminal | undefined;
  /** The first reason the run failed before the process exited (bad output, abort); later ones are ignored. */
  #failure: { error: unknown } | undefined;
  #exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  #stopping = false;
  #stopped = false;
  #openStreams = 2;
  #drainTimer: NodeJS.Timeout | undefined;
  #settled = false;
  readonly #stderrTail: string[] = [];
  #stderrTailChars = 0;
  #stderrLoggedChars = 0;

  constructor(settings: Settings, env: Record<string, string>, context: AgentContext) {
    this.#settings = settings;
    this.#env = env;
    this.#context = context;
    this.#redactor = Redactor.forEnvironment(env);
    const shown = settings.command.join(' ');
    this.#label = `command \`${shown.length > QUOTE_CHARS ? `${shown.slice(0, QUOTE_CHARS)}…` : shown}\``;
    this.#stdout = new LineSplitter(MAX_LINE_BYTES, (line, dropped) => this.#onStdoutLine(line, dropped));
    // Keep enough past the cut to redact a secret that straddles it.
    this.#stderr = new LineSplitter(STDERR_LINE_CHARS + 4 * this.#redactor.longest, (line, dropped) => this.#onStderrLine(line, dropped));
  }

  start(): Promise<unknown> {
    const { signal } = this.#context;
    if (signal.aborted) return Promise.reject(signal.reason as unknown);
    const input = `${JSON.stringify(agentRequest(this.#context))}\n`;
    return new Promise((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
      this.#spawn(input);
    });
  }

  #spawn(input: string): void {
    const [program = '', ...args] = this.#settings.command;
    let child: ChildProcessWithoutNullStreams;
    try {
      child = spawn(program, args, { cwd: this.#settings.cwd, env: this.#env, detached: true, stdio: 'pipe' });
    } catch (error) {
      this.#settle({ error: this.#spawnFailure(error) });
      return;
    }
    this.#child = child;
    child.on('error', (error) => {
      // Without a pid the process never started (ENOENT, EACCES): no exit event follows.
      if (child.pid === undefined) this.#settle(this.#failure ?? { error: this.#spawnFailure(error) });
      else this.#context.logger.warn({ err: error }, `${this.#label}: ${this.#redactor.redact(describeError(error))}`);
    });
    if (child.pid !== undefined) this.#group = new ProcessGroup(child.pid);
    // EPIPE/ECONNRESET when the agent exits without reading its request: harmless, the exit code decides.
    child.stdin.on('error', (error) => this.#context.logger.debug({ err: error }, `${this.#label} did not read its request`));
    child.stdin.end(input);
    child.stdout.on('data', (chunk: Buffer) => this.#onStdout(chunk));
    child.stderr.on('data', (chunk: Buffer) => this.#stderr.push(chunk));
    child.stdout.on('close', () => this.#onStreamClosed(this.#stdout));
    child.stderr.on('close', () => this.#onStreamClosed(this.#stderr));
    child.on('exit', (code, signal) => this.#onExit(code, signal));
    this.#context.signal.addEventListener('abort', this.#onAbort, { once: true });
    if (child.pid !== undefined) this.#context.logger.debug(`${this.#label} started, pid ${child.pid}`);
  }

  readonly #onAbort = (): void => {
    this.#fail({ error: this.#context.signal.reason });
  };

  /** Records why the run failed (first reason wins) and stops the process group. */
  #fail(failure: { error: unknown }): void {
    this.#failure ??= failure;
    this.#stop();
  }

  #stop(): void {
    if (this.#stopping || !this.#group) return;
    this.#stopping = true;
    const group = this.#group;
    group
      .terminate(this.#settings.killGraceMs)
      .then(
        (stopped) => {
          if (!stopped) this.#context.logger.error(`${this.#label}: a process of group ${group.id} survived SIGKILL (uninterruptible I/O?)`);
        },
        (error: unknown) => this.#context.logger.error({ err: error }, `${this.#label}: could not signal process group ${group.id}`),
      )
      .finally(() => {
        this.#stopped = true;
        this.#maybeFinish();
      });
  }

  #onExit(code: number | null, signal: NodeJS.Signals | null): void {
    this.#exit = { code, signal };
    this.#context.logger.debug(`${this.#label} exited ${signal ? `on ${signal}` : `with code ${code}`}`);
    // Whatever it left running in its group is stopped too: nothing outlives the run.
    this.#stop();
    this.#maybeFinish();
  }

  #onStreamClosed(splitter: LineSplitter): void {
    splitter.end();
    this.#openStreams -= 1;
    this.#maybeFinish();
  }

  #maybeFinish(): void {
    if (this.#settled || !this.#exit || !this.#stopped) return;
    if (this.#openStreams > 0) {
      // A process that left the group (setsid) may hold the pipes open forever: stop reading.
      this.#drainTimer ??= setTimeout(() => {
        this.#child?.stdout.destroy();
        this.#child?.stderr.destroy();
      }, STDIO_DRAIN_MS);
      return;
    }
    this.#settle(this.#failure ?? this.#outcome(this.#exit));
  }

  #outcome({ code, signal }: { code: number | null; signal: NodeJS.Signals | null }): { error: unknown } | { value: unknown } {
    const terminal = this.#terminal;
    const exitNote = code === 0 ? '' : signal ? ` (killed by ${signal})` : ` (exit code ${code})`;
    if (terminal?.kind === 'error') return this.#error('EVOLVE_AGENT_FAILED', `${this.#label} reported an error: ${terminal.message}${exitNote}`);
    if (signal) return this.#error('EVOLVE_AGENT_FAILED', `${this.#label} was killed by signal ${signal}`);
    if (code !== 0) {
      const after = terminal ? ' after writing its result line; a non-zero exit code means failure' : '';
      return this.#error('EVOLVE_AGENT_FAILED', `${this.#label} exited with code ${code}${after}`);
    }
    if (!terminal) return this.#error('EVOLVE_AGENT_FAILED', `${this.#label} exited 0 without writing a {"result": …} line on stdout`);
    const secret = this.#redactor.findIn(terminal.value);
    if (secret !== null) {
      return this.#error('EVOLVE_AGENT_BAD_RESULT', `the result of ${this.#label} contains the value of secret variable ${secret}: it was not stored`);
    }
    return { value: terminal.value };
  }

  /** A failure, redacted, with the end of stderr. */
  #error(code: ErrorCode, message: string): { error: EvolveError } {
    const tail = this.#stderrTail.length > 0 ? `\n--- last lines of stderr ---\n${this.#stderrTail.join('\n')}` : '';
    return { error: new EvolveError(code, this.#redactor.redact(message) + tail) };
  }

  #settle(outcome: { error: unknown } | { value: unknown }): void {
    if (this.#settled) return;
    this.#settled = true;
    clearTimeout(this.#drainTimer);
    this.#context.signal.removeEventListener('abort', this.#onAbort);
    if ('value' in outcome) this.#resolve(outcome.value);
    else this.#reject(outcome.error);
  }

  #spawnFailure(error: unknown): EvolveError {
    const { cwd, command } = this.#settings;
    const program = command[0] ?? '';
    const code = (error as NodeJS.ErrnoException).code;
    let why: string;
    if (code === 'ENOENT' && !existsSync(cwd)) why = `its working directory does not exist: create it or fix the agent's cwd`;
    else if (code === 'ENOENT') {
      const where = program.includes('/') ? `relative to ${cwd}` : `on PATH (${this.#env['PATH'] ?? 'PATH is not set'})`;
      why = `${program} was not found ${where} (ENOENT): install it, give an absolute path, or add its folder to PATH`;
    } else if (code === 'EACCES') {
      why = `${program} is not executable (EACCES): chmod +x it, or run it through its interpreter, e.g. ["python3", "${program}"]`;
    } else why = describeError(error);
    return this.#error('EVOLVE_AGENT_FAILED', `cannot start ${this.#label} in ${cwd}: ${why}`).error;
  }

  #onStdout(chunk: Buffer): void {
    if (this.#failure) return; // the run has failed; drain and discard
    this.#stdoutBytes += chunk.length;
    const max = this.#settings.maxOutputBytes;
    if (this.#stdoutBytes > max) {
      this.#fail(this.#error('EVOLVE_AGENT_FAILED', `${this.#label} wrote more than ${max} bytes on stdout (maxOutputBytes): output exceeded ${max} bytes, so it was stopped`));
      return;
    }
    this.#stdout.push(chunk);
    if (this.#stdout.pendingBytes > MAX_LINE_BYTES) this.#lineTooLong(this.#lineNumber + 1);
  }

  #lineTooLong(line: number): void {
    this.#fail(this.#error('EVOLVE_AGENT_FAILED', `${this.#label}: stdout line ${line} exceeded ${MAX_LINE_BYTES} bytes (output exceeded ${MAX_LINE_BYTES} bytes in one line), so it was stopped: store large outputs elsewhere and return a reference`));
  }

  #onStdoutLine(text: string, dropped: number): void {
    if (this.#failure) return;
    const number = ++this.#lineNumber;
    if (dropped > 0) return this.#lineTooLong(number);
    if (text.trim() === '') return;
    const parsed = parseAgentLine(text);
    if (!parsed.ok) return this.#protocolError(number, `it ${parsed.problem}`, text);
    const line = parsed.line;
    if (this.#terminal && line.kind !== 'log') {
      return this.#protocolError(number, `a ${line.kind} line after the ${this.#terminal.kind} line on line ${this.#terminal.line}; write exactly one {"result": …} or {"error": …} line, last`, text);
    }
    this.#handle(line, number);
  }

  #handle(line: AgentLine, number: number): void {
    const redact = (text: string): string => this.#redactor.redact(text);
    switch (line.kind) {
      case 'progress':
        this.#context.progress(line.fraction, line.message === undefined ? undefined : redact(line.message));
        return;
      case 'log':
        this.#context.logger[line.level]({ stream: 'stdout' }, redact(line.message));
        return;
      case 'result':
        this.#terminal = { kind: 'result', value: line.value, line: number };
        return;
      case 'error':
        this.#terminal = { kind: 'error', message: line.message, line: number };
        return;
      default: {
        const exhaustive: never = line;
        return exhaustive;
      }
    }
  }

  #protocolError(number: number, problem: string, text: string): void {
    const redacted = this.#redactor.redact(text);
    const quoted = redacted.length <= QUOTE_CHARS ? JSON.stringify(redacted) : `${JSON.stringify(redacted.slice(0, QUOTE_CHARS))}… (${redacted.length} characters)`;
    this.#fail(this.#error('EVOLVE_AGENT_FAILED', `${this.#label} wrote an invalid line ${number} on stdout: ${problem}: ${quoted} (see docs/agent-protocol.md)`));
  }

  #onStderrLine(text: string, dropped: number): void {
    let line = this.#redactor.redact(text);
    if (line.trim() === '') return;
    if (line.length > STDERR_LINE_CHARS || dropped > 0) line = `${line.slice(0, STDERR_LINE_CHARS)}… [line cut, ${Buffer.byteLength(text) + dropped} bytes]`;
    this.#stderrTail.push(line);
    this.#stderrTailChars += line.length;
    while (this.#stderrTail.length > STDERR_TAIL_LINES || (this.#stderrTailChars > STDERR_TAIL_CHARS && this.#stderrTail.length > 1)) {
      this.#stderrTailChars -= this.#stderrTail.shift()?.length ?? 0;
    }
    // The log keeps as much stderr as stdout may hold; a flood past that is only in the tail.
    const budget = this.#settings.maxOutputBytes;
    if (this.#stderrLoggedChars <= budget) {
      this.#stderrLoggedChars += line.length;
      if (this.#stderrLoggedChars > budget) this.#context.logger.warn(`${this.#label} wrote more than ${budget} characters on stderr; further lines are not logged`);
      else this.#context.logger.warn({ stream: 'stderr' }, line);
    }
  }
}
