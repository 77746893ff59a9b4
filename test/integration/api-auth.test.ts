/**
 * API security over real HTTP: bearer tokens from the YAML (hashed) and EVOLVE_API_TOKENS, the
 * roles viewer < operator < admin, the refusal to serve beyond loopback without tokens, body
 * size and rate limits, and secrets kept out of responses and logs.
 */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import pino from 'pino';
import { hashToken } from '../../src/api/auth.js';
import { createApiServer } from '../../src/api/server.js';
import { ConfigError, EvolveError } from '../../src/errors.js';
import { apiFixture } from '../support/api.js';
import { harness } from '../support/harness.js';

const VIEWER = 'viewer-token-4f1c2b';
const OPERATOR = 'operator-token-9a7d3e';
const ADMIN = 'admin-token-c5e8f0';

const YAML = `
api:
  tokens:
    - { name: dashboard, role: viewer, token_sha256: ${hashToken(VIEWER)} }
    - { name: ops-bot, role: operator, token_sha256: ${hashToken(OPERATOR).toUpperCase()} }
    - { name: root, role: Admin, token_sha256: ${hashToken(ADMIN)} }
tasks:
  report: { agent: echo, manual: true, retry_count: 0 }
`;
const agents = { echo: () => ({ ok: true }) };

describe('tokens and roles', () => {
  it('refuses a request without a token, or with an unknown one, with 401', async () => {
    const api = await apiFixture(YAML, { agents });
    const none = await api.get('/orchestrator/status');
    assert.equal(none.status, 401);
    assert.equal(none.body.error.code, 'EVOLVE_API_UNAUTHORIZED');
    assert.match(none.body.error.message, /Authorization: Bearer <token>/);
    assert.equal((await api.get('/orchestrator/status', { token: 'guess' })).status, 401);
    assert.equal((await api.get('/orchestrator/status', { headers: { authorization: `Basic ${VIEWER}` } })).status, 401);
    assert.equal((await api.get('/metrics')).status, 401, 'metrics need a token too');
  });

  it('lets a viewer read but not act, naming the role needed', async () => {
    const api = await apiFixture(YAML, { agents });
    assert.equal((await api.get('/orchestrator/status', { token: VIEWER })).status, 200);
    assert.equal((await api.get('/orchestrator/runs', { token: VIEWER })).status, 200);
    const run = await api.post('/orchestrator/tasks/report/run', { token: VIEWER });
    assert.equal(run.status, 403);
    assert.equal(run.body.error.code, 'EVOLVE_API_FORBIDDEN');
    assert.match(run.body.error.message, /needs the operator role; the token 'dashboard' has viewer/);
    assert.equal((await api.post('/orchestrator/execute', { token: VIEWER, body: { command: 'help' } })).status, 403);
  });

  it('lets an operator act but not change the configuration, which needs an admin', async () => {
    const api = await apiFixture(YAML, { agents });
    const run = await api.post('/orchestrator/tasks/report/run', { token: OPERATOR });
    assert.equal(run.status, 202, run.text);
    const disable = await api.post('/orchestrator/tasks/report/disable', { token: OPERATOR, body: { reason: 'test' } });
    assert.equal(disable.status, 200);
    assert.match(disable.body.task.disabledReason, /^disabled by api:ops-bot \(operator\): test/);
    const patch = await api.request('PATCH', '/orchestrator/tasks/report', { token: OPERATOR, body: { retry_count: 2 } });
    assert.equal(patch.status, 403);
    assert.match(patch.body.error.message, /needs the admin role/);
    const admin = await api.request('PATCH', '/orchestrator/tasks/report', { token: ADMIN, body: { retry_count: 2 } });
    assert.equal(admin.status, 200, admin.text);
    const audit = await api.orchestrator.store.listAudit({ limit: 10 });
    assert.deepEqual(audit.map((a) => [a.action, a.actor]).reverse(), [
      ['task.run', 'api:ops-bot (operator)'],
      ['task.disable', 'api:ops-bot (operator)'],
      ['task.update', 'api:root (admin)'],
    ]);
  });

  it('needs no token for the probes and the documentation', async () => {
    const api = await apiFixture(YAML, { agents });
    assert.equal((await api.get('/healthz')).status, 200);
    assert.equal((await api.get('/readyz')).status, 200);
    assert.equal((await api.get('/openapi.json')).status, 200);
    assert.equal((await api.get('/docs')).status, 200);
  });

  it('takes role:token pairs from EVOLVE_API_TOKENS besides the configured tokens', async () => {
    const api = await apiFixture(YAML, { agents, server: { environ: { EVOLVE_API_TOKENS: 'operator:env-op-token-1, viewer:env-view-token-2' } } });
    assert.equal((await api.post('/orchestrator/tasks/report/disable', { token: 'env-op-token-1' })).status, 200);
    assert.equal((await api.post('/orchestrator/tasks/report/enable', { token: 'env-view-token-2' })).status, 403);
    assert.equal((await api.get('/orchestrator/status', { token: VIEWER })).status, 200);
    const audit = await api.orchestrator.store.listAudit({ limit: 1 });
    assert.equal(audit[0]?.actor, 'api:env-operator (operator)');
  });

  it('rejects a malformed EVOLVE_API_TOKENS naming the pair, never the token', async () => {
    const h = harness('tasks: {}');
    const error = await createApiServer(h.orchestrator, { port: 0, environ: { EVOLVE_API_TOKENS: 'admin:fine-token,root:very-secret-value' } }).then(
      () => assert.fail('accepted a bad role'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof ConfigError);
    assert.match(error.message, /pair 2 has the role 'root'; roles are viewer, operator, admin/);
    assert.doesNotMatch(error.message, /very-secret-value|fine-token/);
  });
});

describe('where the API listens', () => {
  it('refuses a non-loopback address without tokens, naming the fixes', async () => {
    const h = harness('tasks: {}');
    for (const host of ['0.0.0.0', '::', '192.168.1.20']) {
      const error = await createApiServer(h.orchestrator, { host, environ: {} }).then(
        () => assert.fail(`listening on ${host} without tokens was allowed`),
        (e: unknown) => e,
      );
      assert.ok(error instanceof EvolveError);
      assert.equal(error.code, 'EVOLVE_API_INSECURE');
      assert.match(error.message, new RegExp(`listen on ${host.replace(/\./g, '\\.')}, which other machines can reach, without any token`));
      assert.match(error.message, /api\.tokens.*EVOLVE_API_TOKENS.*127\.0\.0\.1.*--no-api/);
    }
  });

  it('allows a non-loopback address once there are tokens, and loopback ones without', async () => {
    const h = harness('tasks: {}');
    const withTokens = await createApiServer(h.orchestrator, { host: '0.0.0.0', environ: { EVOLVE_API_TOKENS: 'viewer:some-token-123' } });
    await withTokens.stop();
    for (const host of ['127.0.0.1', 'localhost', '::1', '127.0.0.2']) {
      const server = await createApiServer(h.orchestrator, { host, environ: {} });
      await server.stop();
    }
  });
});

describe('limits', () => {
  it('answers 413 to a body over the limit', async () => {
    const api = await apiFixture('tasks: {}', { server: { bodyLimitBytes: 1024 } });
    const res = await api.post('/orchestrator/execute', { body: { command: 'help', parameters: { padding: 'x'.repeat(2048) } } });
    assert.equal(res.status, 413);
    assert.equal(res.body.error.code, 'EVOLVE_API_BODY_TOO_LARGE');
    assert.match(res.body.error.message, /api\.body_limit_kb/);
  });

  it('answers 429 past the rate limit, per token, and never limits the probes', async () => {
    const api = await apiFixture(YAML, { agents, server: { rateLimitPerMinute: 3 } });
    for (let i = 0; i < 3; i++) assert.equal((await api.get('/orchestrator/tasks', { token: VIEWER })).status, 200);
    const limited = await api.get('/orchestrator/tasks', { token: VIEWER });
    assert.equal(limited.status, 429);
    assert.equal(limited.body.error.code, 'EVOLVE_API_RATE_LIMITED');
    assert.match(limited.body.error.message, /more than 3 requests a minute/);
    assert.ok(Number(limited.headers.get('retry-after')) > 0);
    assert.equal((await api.get('/orchestrator/tasks', { token: OPERATOR })).status, 200, 'another token has its own budget');
    for (let i = 0; i < 5; i++) assert.equal((await api.get('/healthz')).status, 200);
  });

  it('counts requests without a valid token by address, so guessing tokens is limited too', async () => {
    const api = await apiFixture(YAML, { agents, server: { rateLimitPerMinute: 2 } });
    assert.equal((await api.get('/orchestrator/status', { token: 'guess-1' })).status, 401);
    assert.equal((await api.get('/orchestrator/status', { token: 'guess-2' })).status, 401);
    assert.equal((await api.get('/orchestrator/status', { token: 'guess-3' })).status, 429);
  });
});

describe('secrets', () => {
  const SECRET_YAML = `
tasks:
  broker_sync:
    agent: { http: { url: "http://127.0.0.1:9/agent", headers: { Authorization: "Bearer header-secret-1" } } }
    manual: true
    parameters: { api_key: param-secret-2, max_tokens: 512, url: "https://user:url-secret-5@broker.example/feed", note: "account env-secret-value-3" }
  local:
    agent: { command: [node, "-e", "0"], env: { BROKER_PASSWORD: env-secret-4 } }
    manual: true
`;

  it('keeps agent headers and env, secret parameters and secret variable values out of responses', async () => {
    const api = await apiFixture(SECRET_YAML, { server: { environ: { BROKER_PASSWORD: 'env-secret-value-3' } } });
    const texts = [
      (await api.get('/orchestrator/tasks/broker_sync')).text,
      (await api.get('/orchestrator/tasks/local')).text,
      (await api.get('/orchestrator/status')).text,
      (await api.get('/orchestrator/tasks')).text,
    ];
    for (const text of texts) assert.doesNotMatch(text, /secret-\d/, text);
    const config = (await api.get('/orchestrator/tasks/broker_sync')).body.config;
    assert.deepEqual(config.agent.http.headers, { Authorization: '[redacted]' });
    assert.equal(config.parameters.api_key, '[redacted]');
    assert.equal(config.parameters.max_tokens, 512, 'max_tokens is not a token');
    assert.equal(config.parameters.url, 'https://user:[redacted]@broker.example/feed');
    assert.equal(config.parameters.note, 'account ***', 'the value of BROKER_PASSWORD in the server\'s environment');
    assert.deepEqual((await api.get('/orchestrator/tasks/local')).body.config.agent.env, { BROKER_PASSWORD: '[redacted]' });
  });

  it('writes no token or Authorization header to the log', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const api = await apiFixture(YAML, { agents, server: { logger: pino({ level: 'trace' }, sink) } });
    await api.get('/orchestrator/status', { token: ADMIN });
    await api.get('/orchestrator/status', { token: 'wrong-token-value' });
    await api.get('/orchestrator/nothing', { token: OPERATOR });
    const log = lines.join('');
    assert.match(log, /API request/, 'requests are logged');
    assert.doesNotMatch(log, new RegExp(`${ADMIN}|${OPERATOR}|wrong-token-value|authorization`, 'i'));
  });
});
