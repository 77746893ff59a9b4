/**
 * An HTTP agent: the run's request (the same JSON a command agent reads on stdin, see
 * docs/agent-protocol.md) is POSTed to `url`, and the response is the result.
 *
 * - 2xx with a JSON body: the body is the result; a body `{"result": x}` (that key only) gives x,
 *   a body with a string `error` and no `result` fails the run with that message; 204 gives null.
 * - Anything else fails the run: a non-2xx status (with a bounded snippet of the body), a redirect
 *   (not followed: the headers would go to another address), a body that is not JSON, a body over
 *   `maxResponseBytes` (reading stops there), a connection or DNS failure, `timeoutMs` passing.
 * - On abort (timeout, cancel, shutdown) the request is cancelled and the promise rejects with
 *   `signal.reason`.
 * - Header values are secrets: they never appear in logs or errors, even when the server echoes
 *   them. The URL is shown without its query string, which may carry a key.
 */
import { EvolveError, describeError, type ErrorCode } from '../errors.js';
import type { Agent, AgentContext } from './agent.js';
import { agentRequest } from './agent-request.js';
import { Redactor } from './redactor.js';

export interface HttpAgentOptions {
  /** http: or https: URL the request is POSTed to. */
  url: string;
  /** Request headers (authorization, API keys). They override the defaults (content-type, accept, idempotency-key). */
  headers: Readonly<Record<string, string>>;
  /** Milliseconds the whole exchange may take; null: only the run's own timeout applies. */
  timeoutMs: number | null;
  /** Largest response body read, in bytes. Default 2 MiB. */
  maxResponseBytes?: number;
}

export const DEFAULT_MAX_RESPONSE_BYTES = 2 * 1024 * 1024;
/** How much of a failed response's body is read and quoted. */
const SNIPPET_BYTES = 4 * 1024;
const SNIPPET_CHARS = 500;

interface Body {
  data: Buffer;
  /** False when reading stopped at the limit. */
  complete: boolean;
}

export class HttpAgent implements Agent {
  readonly #url: string;
  readonly #label: string;
  readonly #headers: Readonly<Record<string, string>>;
  readonly #timeoutMs: number | null;
  readonly #maxResponseBytes: number;
  readonly #redactor: Redactor;

  constructor(options: HttpAgentOptions) {
    let url: URL;
    try {
      url = new URL(options.url);
    } catch {
      throw new TypeError(`invalid agent URL ${JSON.stringify(options.url)}: give an absolute http:// or https:// URL`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(`agent URL must be http:// or https://, got ${url.protocol}`);
    if (url.username !== '' || url.password !== '') throw new TypeError('agent URL must not contain credentials: pass them in headers (e.g. authorization)');
    const { timeoutMs, maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES } = options;
    if (timeoutMs !== null && (!Number.isFinite(timeoutMs) || timeoutMs <= 0)) throw new RangeError(`timeoutMs must be a positive number of milliseconds or null, got ${timeoutMs}`);
    if (!Number.isSafeInteger(maxResponseBytes) || maxResponseBytes <= 0) throw new RangeError(`maxResponseBytes must be a positive integer, got ${maxResponseBytes}`);
    this.#url = url.href;
    this.#label = `POST ${url.origin}${url.pathname}${url.search === '' ? '' : '?…'}`;
    this.#headers = Object.freeze({ ...options.headers });
    this.#timeoutMs = timeoutMs;
    this.#maxResponseBytes = maxResponseBytes;
    this.#redactor = new Redactor(Object.entries(options.headers));
  }

  async run(context: AgentContext): Promise<unknown> {
    const { signal } = context;
    signal.throwIfAborted();
    const controller = new AbortController();
    const onAbort = (): void => controller.abort(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    const timedOut = new Error('timeoutMs passed');
    const timer = this.#timeoutMs === null ? undefined : setTimeout(() => controller.abort(timedOut), this.#timeoutMs);
    try {
      return await this.#exchange(context, controller.signal);
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      if (controller.signal.reason === timedOut) throw this.#error(`${this.#label} did not complete within ${this.#timeoutMs} ms (timeoutMs)`, 'EVOLVE_AGENT_TIMEOUT');
      throw error;
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    }
  }

  async #exchange(context: AgentContext, signal: AbortSignal): Promise<unknown> {
    const headers = new Headers({ 'content-type': 'application/json', accept: 'application/json', 'idempotency-key': context.idempotencyKey });
    for (const [name, value] of Object.entries(this.#headers)) headers.set(name, value);
    let response: Response;
    try {
      response = await fetch(this.#url, { method: 'POST', headers, body: JSON.stringify(agentRequest(context)), signal, redirect: 'manual' });
    } catch (error) {
      if (signal.aborted) throw error;
      throw this.#error(`${this.#label} failed: ${describeCause(error)}: check that the service is running and that the URL is right`);
    }
    context.logger.debug(`${this.#label} answered ${response.status}`);
    if (response.status < 200 || response.status > 299) throw await this.#statusFailure(response);
    if (response.status === 204) return null;
    const declared = Number(response.headers.get('content-length'));
    if (declared > this.#maxResponseBytes) {
      await response.body?.cancel();
      throw this.#tooLarge(`${declared} bytes declared`);
    }
    const body = await readBody(response.body, this.#maxResponseBytes);
    if (!body.complete) throw this.#tooLarge('stopped reading');
    return this.#interpret(response, body.data);
  }

  #interpret(response: Response, data: Buffer): unknown {
    const text = data.toString('utf8');
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      const type = response.headers.get('content-type') ?? 'none';
      throw this.#error(`${this.#label} answered ${response.status} with a body that is not JSON (content-type ${type}): ${this.#snippet(text)}`, 'EVOLVE_AGENT_BAD_RESULT');
    }
    if (json === null || typeof json !== 'object' || Array.isArray(json)) return json;
    const object = json as Record<string, unknown>;
    const keys = Object.keys(object);
    if (typeof object['error'] === 'string' && !('result' in object)) throw this.#error(`${this.#label} reported an error: ${object['error']}`);
    if (keys.length === 1 && keys[0] === 'result') return object['result'];
    return json;
  }

  async #statusFailure(response: Response): Promise<EvolveError> {
    const status = `${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel();
      const location = response.headers.get('location');
      return this.#error(`${this.#label} answered ${status}${location ? ` (to ${location})` : ''}; redirects are not followed: set the agent's url to the final address`);
    }
    const body = await readBody(response.body, SNIPPET_BYTES);
    const snippet = body.data.length === 0 ? '(empty body)' : this.#snippet(body.data.toString('utf8'));
    return this.#error(`${this.#label} answered ${status}: ${snippet}`);
  }

  #tooLarge(detail: string): EvolveError {
    return this.#error(`${this.#label}: the response body exceeded ${this.#maxResponseBytes} bytes (maxResponseBytes; ${detail}): return a reference to large outputs instead`, 'EVOLVE_AGENT_BAD_RESULT');
  }

  #snippet(text: string): string {
    const redacted = this.#redactor.redact(text);
    return redacted.length <= SNIPPET_CHARS ? JSON.stringify(redacted) : `${JSON.stringify(redacted.slice(0, SNIPPET_CHARS))}…`;
  }

  #error(message: string, code: ErrorCode = 'EVOLVE_AGENT_FAILED'): EvolveError {
    return new EvolveError(code, this.#redactor.redact(message));
  }
}

/** Reads at most `limit` bytes of a body, then cancels the rest (closing the connection) rather than buffering it. */
async function readBody(stream: ReadableStream<Uint8Array> | null, limit: number): Promise<Body> {
  if (!stream) return { data: Buffer.alloc(0), complete: true };
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { data: Buffer.concat(chunks, size), complete: true };
      if (size + value.length > limit) {
        chunks.push(value.subarray(0, limit - size));
        await reader.cancel();
        return { data: Buffer.concat(chunks, limit), complete: false };
      }
      chunks.push(value);
      size += value.length;
    }
  } finally {
    reader.releaseLock();
  }
}

/** fetch's "fetch failed" says nothing: the cause has the code (ECONNREFUSED, ENOTFOUND) and address. */
function describeCause(error: unknown): string {
  const cause: unknown = error instanceof Error && error.cause !== undefined ? error.cause : error;
  if (cause instanceof AggregateError && cause.errors.length > 0) return cause.errors.map((e: unknown) => describeError(e)).join('; ');
  const code = (cause as { code?: unknown } | null)?.code;
  const message = describeError(cause);
  return typeof code === 'string' && !message.includes(code) ? `${code}: ${message}` : message;
}
