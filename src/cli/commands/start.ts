/**
 * `evolve start [--standalone]` (the original `--standalone`): runs the orchestrator until SIGINT
 * or SIGTERM.
 *
 * Shutdown: the first signal calls stop() with the configured grace period (running runs may
 * finish; the rest end interrupted and are retried at the next start where attempts remain), then
 * `main` returns 0. A second signal during the grace period stops waiting: the runs still going
 * are interrupted at once (recorded `interrupted`, their next attempt recorded for the next start)
 * and `main` returns 130. A third signal gets Node's default handling (the handlers are removed),
 * which ends the process; the next start then recovers whatever was still running.
 */
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import type { ResolvedConfig } from '../../config/types.js';
import type { TaskOrchestrator } from '../../engine/orchestrator.js';
import type { CliContext } from '../cli-context.js';
import type { CommandHost } from '../command-host.js';
import { humanDuration, plural } from '../format.js';
import { parsePort, startWithApi, type ApiStartOptions, type StartedApi } from '../start-api.js';
import { EvolveError } from '../../errors.js';

interface StartOptions extends ApiStartOptions {
  standalone?: boolean;
  integrated?: boolean;
}

/** Exit code when a second signal cut the grace period short (128 + SIGINT). */
export const FORCED_EXIT_CODE = 130;

/** Counts SIGINT/SIGTERM from the moment it is made, so a signal during start() is not lost. */
class SignalWatch {
  readonly #received: NodeJS.Signals[] = [];
  readonly #waiters: { n: number; resolve: (signal: NodeJS.Signals) => void }[] = [];
  readonly #handler = (signal: NodeJS.Signals): void => {
    this.#received.push(signal);
    for (const waiter of this.#waiters.filter((w) => w.n <= this.#received.length)) {
      this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
      waiter.resolve(signal);
    }
  };

  constructor() {
    process.on('SIGINT', this.#handler);
    process.on('SIGTERM', this.#handler);
  }

  /** Resolves with the n-th signal received (1 for the first). */
  nth(n: number): Promise<NodeJS.Signals> {
    const received = this.#received[n - 1];
    if (received) return Promise.resolve(received);
    return new Promise((resolve) => this.#waiters.push({ n, resolve }));
  }

  dispose(): void {
    process.off('SIGINT', this.#handler);
    process.off('SIGTERM', this.#handler);
  }
}

function locations(orchestrator: TaskOrchestrator, config: ResolvedConfig) {
  return {
    pid: process.pid,
    config: config.sourcePath,
    environment: config.environment,
    dataDir: orchestrator.dataDir,
    database: join(orchestrator.dataDir, 'evolve.db'),
    logFile: config.logging.file === null ? null : resolve(config.logging.file),
    reports: join(orchestrator.dataDir, 'reports'),
  };
}

function printLocations(ctx: CliContext, where: ReturnType<typeof locations> & { mode: 'standalone' | 'integrated' }, api: StartedApi | null): void {
  ctx.out.line(`evolve orchestrator (${where.mode}${where.mode === 'integrated' ? ': with the reference Evolve platform' : ''}), pid ${where.pid}`);
  ctx.out.line(`  config:      ${where.config ?? '(built in code)'}`);
  ctx.out.line(`  environment: ${where.environment ?? '(none)'}`);
  ctx.out.line(`  database:    ${where.database}`);
  ctx.out.line(`  logs:        ${where.logFile ?? '(console only)'}`);
  ctx.out.line(`  reports:     ${where.reports}`);
  ctx.out.line(`  api:         ${api ? `${api.url} (docs at ${api.url}/docs)` : '(off)'}`);
}

async function start(ctx: CliContext, options: StartOptions): Promise<number> {
  if (options.integrated && options.standalone) throw new EvolveError('EVOLVE_USAGE', '--standalone and --integrated contradict each other: give one');
  const config = ctx.loadConfig();
  const integrated = options.integrated === true || (config.platform !== null && options.standalone !== true);
  const orchestrator = await ctx.orchestrator(config, 'work', { integrated, standalone: !integrated });
  const where = { ...locations(orchestrator, config), mode: integrated ? ('integrated' as const) : ('standalone' as const) };
  let interrupted = 0;
  orchestrator.events.on('orchestrator:stopped', (event) => (interrupted = event.interrupted));
  const signals = new SignalWatch();
  const api = await startWithApi(ctx, orchestrator, config, options).catch((error: unknown) => {
    signals.dispose();
    throw error;
  });
  const tasks = orchestrator.tasks();
  const enabled = tasks.filter((t) => t.enabled).length;
  if (ctx.json) {
    ctx.out.line(JSON.stringify({ event: 'started', ...where, api: api?.url ?? null, tasks: tasks.length, enabledTasks: enabled }));
  } else {
    printLocations(ctx, where, api);
    ctx.out.line(`started: ${plural(tasks.length, 'task')} (${enabled} enabled); press Ctrl+C to stop`);
  }

  // The engine's timers are unref'd (they never keep a process alive by themselves); this one does.
  const keepAlive = setInterval(() => undefined, 1 << 30);
  try {
    const signal = await signals.nth(1);
    const graceMs = config.orchestrator.shutdownGraceMs;
    if (!ctx.json) ctx.out.line(`${signal}: stopping (grace period ${humanDuration(graceMs)}; send it again to quit at once)`);
    // The API goes first: its event streams end, and nothing new is asked of a stopping engine.
    await api?.close();
    const stopped = orchestrator.stop({ graceMs }).then(() => 'stopped' as const);
    const outcome = await Promise.race([stopped, signals.nth(2).then(() => 'forced' as const)]);
    if (outcome === 'forced') {
      ctx.out.error('second signal: interrupting the runs still going; they are retried at the next start where attempts remain');
      signals.dispose(); // a third signal ends the process the default way
      await orchestrator.stop({ graceMs: 0 });
      ctx.close();
      return FORCED_EXIT_CODE;
    }
    ctx.close();
    if (ctx.json) ctx.out.line(JSON.stringify({ event: 'stopped', interrupted }));
    else ctx.out.line(`stopped${interrupted > 0 ? ` (${plural(interrupted, 'run')} interrupted, retried at the next start where attempts remain)` : ''}`);
    return 0;
  } finally {
    clearInterval(keepAlive);
    signals.dispose();
  }
}

export function startCommand(host: CommandHost): Command {
  return new Command('start')
    .description('run the orchestrator until SIGINT/SIGTERM (exit 3 when another process holds the store)')
    .option('--standalone', "the orchestrator only, without the reference platform's agents (the default for a configuration without a platform: section)")
    .option('--integrated', "with the reference Evolve trading platform's agents and conditions (the default when the configuration has a platform: section)")
    .option('--host <address>', 'address the HTTP API listens on (default: api.host, 127.0.0.1)')
    .option('--port <n>', 'port of the HTTP API; 0 picks a free one (default: api.port, 8700)', parsePort)
    .option('--no-api', 'serve no HTTP API')
    .action(host.action(start));
}
