/**
 * The first thing every request meets (one onRequest hook): who is calling (bearer token →
 * principal, `local` in open mode), the rate limit keyed by that caller (by address when the
 * token is missing or unknown, so guessing tokens is limited too), then whether the caller's role
 * allows the route (`config.access`, viewer by default: a route is never public by omission).
 */
import rateLimit from '@fastify/rate-limit';
import { EvolveError } from '../errors.js';
import type { ApiInstance } from './api-instance.js';
import { allows, type TokenTable } from './auth.js';

export interface GuardOptions {
  tokens: TokenTable;
  /** 0: no limit. */
  limitPerMinute: number;
  /** Routes under this prefix (the interactive docs, added by a plugin) are public. */
  publicPrefix: string;
}

export async function guardRequests(app: ApiInstance, options: GuardOptions): Promise<void> {
  const { tokens } = options;
  app.decorateRequest('principal', null);
  await app.register(rateLimit, { global: false, hook: 'onRequest' });
  const limiter =
    options.limitPerMinute > 0
      ? app.rateLimit({
          max: options.limitPerMinute,
          timeWindow: 60_000,
          keyGenerator: (request) => (request.principal && !tokens.open ? `token:${request.principal.name}` : `ip:${request.ip}`),
          errorResponseBuilder: (_request, context) =>
            new EvolveError('EVOLVE_API_RATE_LIMITED', `more than ${context.max} requests a minute (api.rate_limit_per_minute): retry in ${context.after}`),
        })
      : null;
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith(options.publicPrefix)) route.config = { ...route.config, access: 'public' };
  });
  app.addHook('onRequest', async (request, reply) => {
    const config = request.routeOptions.config;
    const access = config.access ?? 'viewer';
    request.principal = access === 'public' ? null : tokens.authenticate(request.headers.authorization);
    if (limiter && config.probe !== true) await limiter.call(app, request, reply);
    if (access === 'public') return;
    if (request.principal === null) {
      throw new EvolveError('EVOLVE_API_UNAUTHORIZED', 'send a valid token as "Authorization: Bearer <token>" (the tokens are api.tokens in the configuration and EVOLVE_API_TOKENS)');
    }
    if (!allows(request.principal, access)) {
      throw new EvolveError('EVOLVE_API_FORBIDDEN', `${request.method} ${request.routeOptions.url ?? request.url} needs the ${access} role; the token '${request.principal.name}' has ${request.principal.role}`);
    }
  });
}
