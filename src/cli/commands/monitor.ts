/**
 * `evolve monitor [--duration MINUTES] [--url URL] [--token TOKEN]` (the original
 * `--monitor --duration N`): a live full-screen view of the orchestrator's tasks, runs, alerts
 * and events, refreshed about once a second, until the duration ends or q / Ctrl-C.
 *
 * Which orchestrator: the one whose API answers at `--url`, else at the configuration's
 * `api.host`/`api.port` (attached mode). When nothing answers at the configured address the
 * monitor starts the orchestrator in this process — with its API, as `evolve start` would — and
 * stops it at the end (in-process mode). An explicit `--url` that does not answer is an error:
 * the user named an orchestrator, and starting another one instead would be a surprise.
 *
 * stdout a terminal: full screen (see monitor-display.ts); piped: plain snapshots and event
 * lines. Exit 0 when it ends by the duration, q, Ctrl-C or SIGTERM.
 */
import { Command } from 'commander';
import type { ResolvedConfig } from '../../config/types.js';
import { EvolveError } from '../../errors.js';
import type { CliContext } from '../cli-context.js';
import type { CommandHost } from '../command-host.js';
import { ApiMonitorSource } from '../monitor/api-source.js';
import { LibraryMonitorSource } from '../monitor/library-source.js';
import { FullScreenDisplay, PlainDisplay, type MonitorDisplay } from '../monitor/monitor-display.js';
import { runMonitorSession } from '../monitor/monitor-session.js';
import type { MonitorSource } from '../monitor/monitor-source.js';
import { parsePositiveMinutes } from '../option-parsers.js';
import { startWithApi } from '../start-api.js';

interface MonitorOptions {
  duration?: number;
  url?: string;
  token?: string;
  standalone?: boolean;
  integrated?: boolean;
}

/** `--token`, else the first token of EVOLVE_API_TOKENS (`role:token,…`); any role may read. */
export function monitorToken(option: string | undefined, env: string | undefined): string | null {
  if (option !== undefined) return option;
  const first = env?.split(',')[0] ?? '';
  const token = first.slice(first.indexOf(':') + 1).trim();
  return first.includes(':') && token !== '' ? token : null;
}

/** The URL a client uses for a listen address: a wildcard address is reached on loopback. */
export function apiUrl(host: string, port: number): string {
  const reach = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `http://${reach.includes(':') ? `[${reach}]` : reach}:${port}`;
}

function parseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new EvolveError('EVOLVE_USAGE', `--url '${value}' is not a URL: give the API's address as \`evolve start\` prints it, such as http://127.0.0.1:8700`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new EvolveError('EVOLVE_USAGE', `--url '${value}' must start with http:// or https://`);
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** Starts the orchestrator here (and its API unless off), as `evolve start` does. */
async function startInProcess(ctx: CliContext, config: ResolvedConfig, options: MonitorOptions, screen: boolean): Promise<MonitorSource> {
  if (options.integrated && options.standalone) throw new EvolveError('EVOLVE_USAGE', '--standalone and --integrated contradict each other: give one');
  const orchestrator = await ctx.orchestrator(config, screen ? 'screen' : 'work', { standalone: options.standalone, integrated: options.integrated });
  const api = await startWithApi(ctx, orchestrator, config, {});
  const source = new LibraryMonitorSource(orchestrator, async () => {
    await api?.close();
    await orchestrator.stop({ graceMs: config.orchestrator.shutdownGraceMs });
    ctx.close();
  });
  source.label = api ? `API ${api.url}` : orchestrator.dataDir;
  return source;
}

async function openSource(ctx: CliContext, options: MonitorOptions, screen: boolean): Promise<MonitorSource> {
  const token = monitorToken(options.token, process.env.EVOLVE_API_TOKENS);
  if (options.url !== undefined) {
    const api = new ApiMonitorSource(parseUrl(options.url), token);
    if (await api.answers()) return api;
    throw new EvolveError('EVOLVE_USAGE', `no orchestrator answers at ${api.label}: start one there (\`evolve start\`), or leave out --url to monitor the configured one (started in this process when none runs)`);
  }
  const config = ctx.loadConfig();
  if (config.api.port !== 0) {
    const api = new ApiMonitorSource(apiUrl(config.api.host, config.api.port), token);
    if (await api.answers()) return api;
  }
  return startInProcess(ctx, config, options, screen);
}

/** SIGINT and SIGTERM end the monitor (and so restore the terminal) instead of the process. */
function onSignals(handler: () => void): () => void {
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}

async function monitor(ctx: CliContext, options: MonitorOptions): Promise<number> {
  const screen = process.stdout.isTTY === true;
  const quit = new AbortController();
  const endQuit = (): void => quit.abort();
  const offSignals = onSignals(endQuit);
  const keepAlive = setInterval(() => undefined, 1 << 30);
  let display: MonitorDisplay | null = null;
  const restoreOnExit = (): void => display?.restore();
  process.on('exit', restoreOnExit);
  try {
    const source = await openSource(ctx, options, screen);
    const now = Date.now();
    if (screen) {
      const full = new FullScreenDisplay(process.stdout, process.stdin, { onQuit: endQuit, now: Date.now });
      full.enter();
      display = full;
    } else {
      const columns = Number(process.env.COLUMNS);
      display = new PlainDisplay(process.stdout, { since: now, width: Number.isInteger(columns) && columns > 20 ? columns : undefined });
    }
    await runMonitorSession({ source, display, endsAt: options.duration === undefined ? null : now + options.duration * 60_000, quit: quit.signal, now: Date.now });
    return 0;
  } finally {
    display?.restore();
    process.off('exit', restoreOnExit);
    clearInterval(keepAlive);
    offSignals();
  }
}

export function monitorCommand(host: CommandHost): Command {
  return new Command('monitor')
    .description('live full-screen view of the tasks, runs, alerts and events (attaches to a running orchestrator through its API, or starts one here)')
    .option('--duration <minutes>', 'end after this many minutes (fractions allowed); default: until q or Ctrl-C', parsePositiveMinutes)
    .option('--url <url>', "the API of the orchestrator to watch (default: the configuration's api.host and api.port)")
    .option('--token <token>', 'API token (default: the first of EVOLVE_API_TOKENS)')
    .option('--standalone', 'when it starts the orchestrator here: without the reference platform')
    .option('--integrated', 'when it starts the orchestrator here: with the reference trading platform')
    .action(host.action(monitor));
}
