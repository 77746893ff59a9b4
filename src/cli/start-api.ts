/**
 * The HTTP API of `evolve start`: made before the orchestrator starts (so a refused address —
 * beyond loopback without tokens — fails before the store is taken), listening once it runs, and
 * closed before it stops (the event streams end first). The server code is imported only here,
 * so the other commands do not load fastify.
 */
import { InvalidArgumentError } from 'commander';
import type { ResolvedConfig } from '../config/types.js';
import type { TaskOrchestrator } from '../engine/orchestrator.js';
import type { EvolvePlatform } from '../platform/evolve-platform.js';
import type { CliContext } from './cli-context.js';

export interface ApiStartOptions {
  host?: string;
  port?: number;
  /** false with `--no-api`. */
  api?: boolean;
}

export interface StartedApi {
  url: string;
  close(): Promise<void>;
}

export interface PreparedApi {
  /** Listens; on failure the server is closed and the error says how to fix the address. */
  listen(): Promise<StartedApi>;
  close(): Promise<void>;
}

/** `--port`: 0 to 65535 (0 picks a free port). */
export function parsePort(value: string): number {
  const port = /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new InvalidArgumentError('expected a port from 0 to 65535 (0 picks a free one)');
  return port;
}

/**
 * The API server, or null when it is off: `--no-api`, or `api.enabled: false` without an explicit
 * `--host`/`--port` (asking for an address turns it on).
 */
export async function prepareApi(
  orchestrator: TaskOrchestrator,
  config: ResolvedConfig,
  options: ApiStartOptions,
  platform: EvolvePlatform | null = null,
): Promise<PreparedApi | null> {
  const asked = options.host !== undefined || options.port !== undefined;
  if (options.api === false || (!config.api.enabled && !asked)) return null;
  const { createApiServer } = await import('../api/server.js');
  const server = await createApiServer(orchestrator, { host: options.host, port: options.port, platform });
  const close = (): Promise<void> => server.stop();
  return {
    close,
    listen: async () => {
      try {
        return { url: await server.listenConfigured(), close };
      } catch (error) {
        await close();
        throw error;
      }
    },
  };
}

/**
 * Starts the orchestrator, then its API (`evolve start`, and `evolve monitor` when nothing runs).
 * The server is made first, so a refused address fails before the store is taken; when starting
 * or listening fails, what was started is stopped again and the error is rethrown.
 */
export async function startWithApi(ctx: CliContext, orchestrator: TaskOrchestrator, config: ResolvedConfig, options: ApiStartOptions): Promise<StartedApi | null> {
  const prepared = await prepareApi(orchestrator, config, options, ctx.platformOf(orchestrator));
  try {
    await orchestrator.start();
    return (await prepared?.listen()) ?? null;
  } catch (error) {
    await prepared?.close();
    await orchestrator.stop({ graceMs: 0 });
    ctx.close();
    throw error;
  }
}
