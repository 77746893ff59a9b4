/**
 * The HTTP API (fastify): `createApiServer(orchestrator, options)` builds a server that is ready
 * to listen; `server.listenConfigured()` listens on the configured address and returns its URL.
 * `server.stop()` (or fastify's `close()`, or `await using`) ends the event streams first, then
 * stops following the engine's events; the orchestrator itself is the caller's to stop.
 *
 * Request path: authenticate (bearer token → principal, or `local` in open mode), rate-limit per
 * token (per address without a valid one, so guessing tokens is limited too), authorize the
 * route's role, validate with the route's zod schemas, handle, serialize through the response
 * schema (an allowlist: keys it does not name never leave).
 */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { LogController, type FastifyBaseLogger } from 'fastify';
import { createJsonSchemaTransform, createJsonSchemaTransformObject, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ApiTokenConfig } from '../config/types.js';
import type { TaskOrchestrator } from '../engine/orchestrator.js';
import type { EvolvePlatform } from '../platform/evolve-platform.js';
import { EvolveError, describeError } from '../errors.js';
import type { Logger } from '../logging/logger.js';
import type { ApiInstance } from './api-instance.js';
import { assertSafeBinding, TokenTable, tokensFromEnvironment } from './auth.js';
import { errorBody, replyWithError } from './error-reply.js';
import { EventLog } from './event-log.js';
import { EventStreams } from './event-stream.js';
import { ApiMetrics } from './metrics.js';
import { guardRequests } from './request-guard.js';
import { registerRoutes, type ApiContext } from './routes/index.js';
import { SecretFilter } from './secret-filter.js';

export interface ApiServerOptions {
  /** Listen address; default `api.host` (127.0.0.1). A non-loopback one needs tokens. */
  host?: string;
  /** Default `api.port` (8700); 0 picks a free port. */
  port?: number;
  /** Instead of `api.tokens`; `EVOLVE_API_TOKENS` from `environ` is added to either. */
  tokens?: readonly ApiTokenConfig[];
  /** `EVOLVE_API_TOKENS`, and the secret values kept out of responses. Default process.env. */
  environ?: NodeJS.ProcessEnv;
  /** Default `api.body_limit_kb`. */
  bodyLimitBytes?: number;
  /** Requests a minute per token (per address without one); 0: none. Default `api.rate_limit_per_minute`. */
  rateLimitPerMinute?: number;
  /** A comment line on every event stream this often. Default 15 s. */
  heartbeatMs?: number;
  /** Events held for clients that reconnect with Last-Event-ID. Default 1,000. */
  eventBufferSize?: number;
  /** Default: the orchestrator's logger. */
  logger?: Logger;
  /** The reference platform attached to the orchestrator (integrated mode): adds the read-only /platform views. */
  platform?: EvolvePlatform | null;
}

export type ApiServer = ApiInstance & {
  /** Listens on the configured host and port; resolves with the URL (the real port when 0 was asked). */
  listenConfigured(): Promise<string>;
  /**
   * Closes: event streams end at once, requests in flight get `graceMs` (default 2 s) to finish,
   * then their connections are cut (a system command can wait minutes for its run). Idempotent.
   */
  stop(options?: { graceMs?: number }): Promise<void>;
};

const DOCS_PREFIX = '/docs';
const HEARTBEAT_MS = 15_000;
const EVENT_BUFFER = 1_000;
const STOP_GRACE_MS = 2_000;

export async function createApiServer(orchestrator: TaskOrchestrator, options: ApiServerOptions = {}): Promise<ApiServer> {
  const settings = orchestrator.config.api;
  const environ = options.environ ?? process.env;
  const host = options.host ?? settings.host;
  const port = options.port ?? settings.port;
  const tokens = [...(options.tokens ?? settings.tokens), ...tokensFromEnvironment(environ['EVOLVE_API_TOKENS'])];
  assertSafeBinding(host, tokens);
  const table = new TokenTable(tokens);
  const logger = options.logger ?? orchestrator.logger.child({ component: 'api' });
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    // One debug line per request (onResponse below) instead of fastify's two info lines.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: options.bodyLimitBytes ?? settings.bodyLimitBytes,
    forceCloseConnections: 'idle',
    return503OnClosing: true,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler((error, request, reply) => replyWithError(error, request, reply));
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send(errorBody('EVOLVE_API_ROUTE_NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0] ?? ''}: the routes are listed at ${DOCS_PREFIX} and /openapi.json`)),
  );

  const secrets = new SecretFilter(environ);
  const events = new EventLog(orchestrator.events, secrets, {
    capacity: options.eventBufferSize ?? EVENT_BUFFER,
    startMs: orchestrator.clock.now(),
    onError: (error, event) => logger.error({ err: error, event }, 'event stream: an event could not be sent'),
  });
  const streams = new EventStreams(events, { heartbeatMs: options.heartbeatMs ?? HEARTBEAT_MS });
  const metrics = new ApiMetrics(orchestrator.events);
  app.addHook('preClose', async () => streams.closeAll());
  app.addHook('onClose', async () => {
    events.close();
    metrics.close();
  });

  await guardRequests(app, { tokens: table, limitPerMinute: options.rateLimitPerMinute ?? settings.rateLimitPerMinute, publicPrefix: DOCS_PREFIX });
  app.addHook('onResponse', async (request, reply) => {
    const seconds = reply.elapsedTime / 1000;
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.observeRequest(request.method, route, reply.statusCode, seconds);
    request.log.debug({ method: request.method, route, status: reply.statusCode, ms: Math.round(seconds * 1e4) / 10, caller: request.principal?.name }, 'API request');
  });

  await registerDocs(app);
  const context: ApiContext = { orchestrator, secrets, streams, metrics, startedAt: Date.now(), platform: options.platform ?? null };
  await app.register(async (scope) => registerRoutes(scope, context));

  return withLifecycle(app, host, port);
}

/** Adds listenConfigured() and stop() to the instance. */
function withLifecycle(app: ApiInstance, host: string, port: number): ApiServer {
  const server = app as ApiServer;
  server.listenConfigured = async () => {
    try {
      await app.listen({ host, port });
    } catch (error) {
      throw listenError(error, host, port);
    }
    return urlOf(app, host);
  };
  let stopping: Promise<void> | null = null;
  server.stop = ({ graceMs = STOP_GRACE_MS } = {}) => {
    stopping ??= (async () => {
      const cut = setTimeout(() => app.server.closeAllConnections(), graceMs);
      try {
        await app.close();
      } finally {
        clearTimeout(cut);
      }
    })();
    return stopping;
  };
  return server;
}

async function registerDocs(app: ApiInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Evolve Orchestrator API',
        version: '1',
        description: 'Status, tasks, runs, actions, live events and metrics of an Evolve orchestrator. docs/api.md describes tokens and roles.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'An API token (api.tokens or EVOLVE_API_TOKENS)' } } },
      security: [{ bearer: [] }],
    },
    transform: createJsonSchemaTransform({ skipList: [] }),
    transformObject: createJsonSchemaTransformObject({}),
  });
  await app.register(swaggerUi, { routePrefix: DOCS_PREFIX });
}

function urlOf(app: ApiInstance, host: string): string {
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const shown = host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${port}`;
}

function listenError(error: unknown, host: string, port: number): EvolveError {
  const code = (error as NodeJS.ErrnoException).code;
  const fix = 'choose another with --port <n> (--port 0 takes any free port) or api.port in the YAML, or start without the API (--no-api)';
  const why =
    code === 'EADDRINUSE'
      ? `port ${port} on ${host} is in use (another evolve start, or another program): ${fix}`
      : code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND'
        ? `${host} is not an address of this machine: use --host 127.0.0.1 or a local address (api.host)`
        : code === 'EACCES'
          ? `port ${port} needs privileges: ${fix}`
          : `the API cannot listen on ${host}:${port}: ${describeError(error)}`;
  return new EvolveError('EVOLVE_API_LISTEN_FAILED', why, { cause: error });
}
