/**
 * For machines: `GET /healthz` (the process answers), `GET /readyz` (the orchestrator runs and
 * its store answers; 503 otherwise), `GET /metrics` (Prometheus text; viewer role) and
 * `GET /openapi.json`. The probes need no token and are never rate-limited.
 */
import { describeError } from '../../errors.js';
import { HealthzResponse, ReadyzResponse } from '../response-schemas.js';
import type { ApiInstance } from '../api-instance.js';
import type { ApiContext } from './index.js';

/** A store that has not answered in this long is not ready. */
const STORE_TIMEOUT_MS = 2_000;

export function probeRoutes(app: ApiInstance, { orchestrator, streams, metrics, startedAt }: ApiContext): void {
  const tags = ['probes'];
  app.get(
    '/healthz',
    { config: { access: 'public', probe: true }, schema: { summary: 'The process is alive', tags, security: [], response: { 200: HealthzResponse } } },
    async () => ({ status: 'ok' as const, uptimeSeconds: Math.round((Date.now() - startedAt) / 1000) }),
  );

  app.get(
    '/readyz',
    {
      config: { access: 'public', probe: true },
      schema: { summary: 'The orchestrator runs and its store answers (else 503)', tags, security: [], response: { 200: ReadyzResponse, 503: ReadyzResponse } },
    },
    async (request, reply) => {
      const running = orchestrator.isRunning;
      let store = 'ok';
      try {
        await withTimeout(orchestrator.leaseHolder(), STORE_TIMEOUT_MS);
      } catch (error) {
        request.log.warn({ error: describeError(error) }, 'readiness: the store did not answer');
        store = 'unreachable';
      }
      const ready = running && store === 'ok';
      return reply.code(ready ? 200 : 503).send({ ready, checks: { orchestrator: running ? 'running' : 'not running', store } });
    },
  );

  app.get(
    '/metrics',
    { schema: { summary: 'Prometheus metrics (text exposition format; needs the viewer role)', tags, produces: ['text/plain'] } },
    async (_request, reply) => {
      const text = await metrics.render(await orchestrator.getSystemStatus(), streams.size);
      return reply.type(metrics.contentType).send(text);
    },
  );

  app.get('/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => app.swagger());
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
