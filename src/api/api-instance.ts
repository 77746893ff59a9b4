/**
 * The server's fastify type (zod type provider) and what it adds to fastify's types: the route
 * `config` keys the auth hook reads and the caller on the request. Routes import this, not the
 * server, so there is no import cycle.
 */
import type { FastifyBaseLogger, FastifyInstance, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiRole, Principal } from './auth.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route: `public` (no token), or the least role. Default viewer. */
    access?: ApiRole | 'public';
    /** Health probes: never rate-limited. */
    probe?: boolean;
  }
  interface FastifyRequest {
    /** The caller, once authenticated (null on public routes). */
    principal: Principal | null;
  }
}

export type ApiInstance = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, ZodTypeProvider>;
