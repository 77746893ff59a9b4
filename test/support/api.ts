/**
 * An orchestrator (fake clock, real SQLite) with its HTTP API listening on 127.0.0.1 port 0, and
 * a small client for it that uses real `fetch`. The server is stopped when the test file ends.
 */
import { after } from 'node:test';
import { createApiServer, type ApiServer, type ApiServerOptions } from '../../src/api/server.js';
import type { AgentLike } from '../../src/agents/agent.js';
import { harness, type Harness } from './harness.js';

export interface ApiResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON (undefined when it is not JSON). */
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read response fields freely
}

export interface RequestOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface ApiFixture extends Harness {
  server: ApiServer;
  url: string;
  request(method: string, path: string, options?: RequestOptions): Promise<ApiResponse>;
  get(path: string, options?: RequestOptions): Promise<ApiResponse>;
  post(path: string, options?: RequestOptions): Promise<ApiResponse>;
}

export interface FixtureOptions {
  agents?: Record<string, AgentLike>;
  /** Start the orchestrator (default true). */
  start?: boolean;
  server?: ApiServerOptions;
}

export async function apiFixture(yaml: string, options: FixtureOptions = {}): Promise<ApiFixture> {
  const h = harness(yaml);
  for (const [name, agent] of Object.entries(options.agents ?? {})) h.orchestrator.registerAgent(name, agent);
  if (options.start !== false) await h.orchestrator.start();
  const server = await createApiServer(h.orchestrator, { port: 0, environ: {}, ...options.server });
  after(() => server.stop({ graceMs: 0 }));
  const url = await server.listenConfigured();
  const request = (method: string, path: string, opts: RequestOptions = {}): Promise<ApiResponse> => call(url, method, path, opts);
  return Object.assign(h, {
    server,
    url,
    request,
    get: (path: string, opts?: RequestOptions) => request('GET', path, opts),
    post: (path: string, opts?: RequestOptions) => request('POST', path, opts),
  });
}

export async function call(url: string, method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined) headers['authorization'] = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(`${url}${path}`, { method, headers, body });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: response.status, headers: response.headers, text, body: parsed };
}

/** Polls `probe` until it returns a value (real time: for what happens on sockets). */
export async function eventually<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
