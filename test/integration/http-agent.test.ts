import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, describe, it } from 'node:test';
import { HttpAgent, type HttpAgentOptions } from '../../src/agents/http-agent.js';
import { RunAbort } from '../../src/engine/executor.js';
import { EvolveError } from '../../src/errors.js';
import { deferred } from '../support/harness.js';
import { agentContext, rejection } from '../support/agent-context.js';

const API_KEY = 'key-5772156649';

/** An AgentContext as the executor makes one, with its log lines kept. */
function makeContext() {
  return agentContext({ trigger: 'schedule', idempotencyKey: 'idem-http-1', parameters: { symbol: 'AAPL' } });
}

/** A real HTTP server on a free port, closed when the test file ends; returns the agent URL. */
async function serve(handler: RequestListener): Promise<string> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/agents/model`;
}

async function readBody(request: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of request) body += String(chunk);
  return body;
}

function agent(url: string, options: Partial<HttpAgentOptions> = {}): HttpAgent {
  return new HttpAgent({ url, headers: { 'x-api-key': API_KEY }, timeoutMs: 5_000, ...options });
}


const json = (status: number, body: unknown): RequestListener => (_request, response) => {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
};

describe('HttpAgent', () => {
  it('POSTs the run request as JSON with its headers and returns the JSON body', async () => {
    let seen: { method?: string; headers: IncomingHttpHeaders; body: unknown } | undefined;
    const url = await serve((request, response) => {
      void readBody(request).then((body) => {
        seen = { method: request.method, headers: request.headers, body: JSON.parse(body) };
        json(200, { best_model: 'holt', rmse: 1.5 })(request, response);
      });
    });
    const { context, controller, logText } = makeContext();

    assert.deepEqual(await agent(url).run(context), { best_model: 'holt', rmse: 1.5 });

    assert.equal(seen?.method, 'POST');
    assert.equal(seen.headers['content-type'], 'application/json');
    assert.equal(seen.headers['x-api-key'], API_KEY);
    assert.equal(seen.headers['idempotency-key'], 'idem-http-1');
    assert.deepEqual(seen.body, {
      task: 'model_innovation',
      runId: context.runId,
      attempt: 1,
      idempotencyKey: 'idem-http-1',
      parameters: { symbol: 'AAPL' },
      deadline: '2030-01-02T03:04:05.000Z',
      trigger: 'schedule',
    });
    assert.ok(!logText().includes(API_KEY));
    assert.equal(getEventListeners(controller.signal, 'abort').length, 0, 'no abort listener is left behind');
  });

  it('unwraps a body that is only {"result": x}, keeps other bodies whole, and gives null for 204', async () => {
    assert.deepEqual(await agent(await serve(json(200, { result: [1, 2] }))).run(makeContext().context), [1, 2]);
    assert.deepEqual(await agent(await serve(json(201, { result: 1, model: 'ses' }))).run(makeContext().context), { result: 1, model: 'ses' });
    assert.equal(await agent(await serve((_q, r) => r.writeHead(204).end())).run(makeContext().context), null);
  });

  it('fails with the message of an {"error": …} body', async () => {
    const error = await rejection(agent(await serve(json(200, { error: 'quota exceeded' }))).run(makeContext().context));
    assert.ok(error instanceof EvolveError);
    assert.match(error.message, /^POST http:\/\/127\.0\.0\.1:\d+\/agents\/model reported an error: quota exceeded$/);
  });

  it('fails on a non-2xx status with a bounded snippet of the body, never showing header values', async () => {
    const url = await serve((request, response) => {
      response.writeHead(500, { 'content-type': 'text/plain' }).end(`upstream refused key ${String(request.headers['x-api-key'])}\n${'y'.repeat(100_000)}`);
    });
    const error = await rejection(agent(url).run(makeContext().context));
    assert.match(error.message, /answered 500 Internal Server Error: "upstream refused key \*\*\*\\ny+"…$/);
    assert.ok(!error.message.includes(API_KEY));
    assert.ok(error.message.length < 700, `the snippet is bounded (${error.message.length} characters)`);
  });

  it('does not follow a redirect, and hides the query string of the URL', async () => {
    const url = await serve((_request, response) => response.writeHead(302, { location: 'http://elsewhere.test/model' }).end());
    const error = await rejection(agent(`${url}?api_key=query-secret`).run(makeContext().context));
    assert.match(error.message, /\/agents\/model\?… answered 302 Found \(to http:\/\/elsewhere\.test\/model\); redirects are not followed/);
    assert.ok(!error.message.includes('query-secret'));
  });

  it('fails on a body that is not JSON, naming the content-type', async () => {
    const url = await serve((_request, response) => response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<html>maintenance</html>'));
    const error = await rejection(agent(url).run(makeContext().context));
    assert.match(error.message, /answered 200 with a body that is not JSON \(content-type text\/html; charset=utf-8\): "<html>maintenance<\/html>"/);
  });

  it('stops reading a body larger than maxResponseBytes and closes the connection', async () => {
    const closed = deferred();
    const url = await serve((_request, response) => {
      response.on('close', () => closed.resolve());
      response.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const flood = (): void => {
        while (!response.destroyed && response.write(chunk));
        if (!response.destroyed) response.once('drain', flood);
      };
      flood();
    });
    const error = await rejection(agent(url, { maxResponseBytes: 256 * 1024 }).run(makeContext().context));
    assert.match(error.message, /the response body exceeded 262144 bytes \(maxResponseBytes; stopped reading\)/);
    await closed.promise; // the endless body ended only because the agent hung up
  });

  it('refuses a body whose declared length is over the limit without reading it', async () => {
    const url = await serve((_request, response) => response.writeHead(200, { 'content-length': String(10 * 1024 * 1024) }).write('{'));
    const error = await rejection(agent(url, { maxResponseBytes: 1024 }).run(makeContext().context));
    assert.match(error.message, /exceeded 1024 bytes \(maxResponseBytes; 10485760 bytes declared\)/);
  });

  it('rejects with the abort reason when the run is aborted while the server hangs', async () => {
    const arrived = deferred();
    const hungUp = deferred();
    const url = await serve((request) => {
      request.socket.on('close', () => hungUp.resolve());
      arrived.resolve();
    });
    const { context, controller } = makeContext();
    const running = agent(url, { timeoutMs: null }).run(context);
    await arrived.promise;
    const reason = new RunAbort('cancel', 'cancelled by a test');
    controller.abort(reason);
    assert.equal(await rejection(running), reason);
    await hungUp.promise;
  });

  it('fails after timeoutMs when the server does not answer', async () => {
    const url = await serve(() => undefined);
    const error = await rejection(agent(url, { timeoutMs: 200 }).run(makeContext().context));
    assert.ok(error instanceof EvolveError);
    assert.equal(error.code, 'EVOLVE_AGENT_TIMEOUT');
    assert.match(error.message, /did not complete within 200 ms \(timeoutMs\)/);
  });

  it('names the URL and the cause when the connection is refused', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const error = await rejection(agent(`http://127.0.0.1:${port}/agents/model`).run(makeContext().context));
    assert.match(error.message, new RegExp(`^POST http://127\\.0\\.0\\.1:${port}/agents/model failed: .*ECONNREFUSED.*: check that the service is running`));
  });

  it('names the cause when the host does not resolve', async () => {
    const error = await rejection(agent('http://evolve-agent.invalid/run').run(makeContext().context));
    assert.match(error.message, /^POST http:\/\/evolve-agent\.invalid\/run failed: .*(ENOTFOUND|EAI_AGAIN)/);
  });

  it('refuses URLs it cannot use safely', () => {
    assert.throws(() => agent('http://user:pw@127.0.0.1/x'), /must not contain credentials: pass them in headers/);
    assert.throws(() => agent('ftp://127.0.0.1/x'), /must be http:\/\/ or https:\/\//);
    assert.throws(() => agent('not a url'), /invalid agent URL/);
  });
});
