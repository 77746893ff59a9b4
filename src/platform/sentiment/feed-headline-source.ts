/**
 * Headlines from a JSON feed over HTTP(S): a JSON Feed 1.1 document (`items`, `date_published`),
 * an object with a `headlines` array, or a bare array of items. The whole feed fails (a
 * SentimentSourceError) when it cannot be read: unreachable, slower than timeoutMs, a status
 * outside 2xx, a body over maxBytes, not JSON, or no item list. Single bad items are skipped and
 * reported with their position and id, the others kept.
 *
 * The URL may contain `{from}` and `{to}`, replaced by the range's ISO instants, for feeds that
 * filter on the server; items are filtered to the range here in any case.
 */
import { checkRange, type HeadlineBatch, type HeadlineFetchOptions, type HeadlineSource } from './headline.js';
import { describeJsonShape, HeadlineCollector, itemsOf } from './headline-collector.js';
import { SentimentSourceError } from './sentiment-source-error.js';

export interface JsonFeedHeadlineSourceOptions {
  /** http(s) URL of the feed; `{from}` and `{to}` are replaced by the range's ISO instants. */
  url: string;
  /** Whole request, body included, in milliseconds. Default 10 000. */
  timeoutMs?: number;
  /** Largest body read, in bytes; a larger one fails the fetch. Default 5 MiB. */
  maxBytes?: number;
  /** Extra request headers (an API key, for instance). Default none. */
  headers?: Readonly<Record<string, string>>;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;
const SNIPPET_CHARS = 120;

export class JsonFeedHeadlineSource implements HeadlineSource {
  readonly description: string;
  readonly #url: string;
  readonly #timeoutMs: number;
  readonly #maxBytes: number;
  readonly #headers: Readonly<Record<string, string>>;

  constructor(options: JsonFeedHeadlineSourceOptions) {
    let parsed: URL;
    try {
      parsed = new URL(options.url.replaceAll('{from}', 'from').replaceAll('{to}', 'to'));
    } catch {
      throw new SentimentSourceError('bad_option', `the feed URL ${JSON.stringify(options.url)} is not a URL: write it like https://news.example.com/feed.json`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new SentimentSourceError('bad_option', `the feed URL must be http or https, got ${parsed.protocol.replace(/:$/, '')}: use a folder source for local files`);
    }
    this.#timeoutMs = positive('timeoutMs', options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    this.#maxBytes = positive('maxBytes', options.maxBytes ?? DEFAULT_MAX_BYTES);
    this.#url = options.url;
    this.#headers = { ...options.headers };
    this.description = `JSON feed ${parsed.origin}${parsed.pathname}`;
  }

  async headlines(fromMs: number, toMs: number, options: HeadlineFetchOptions = {}): Promise<HeadlineBatch> {
    checkRange(fromMs, toMs);
    const url = this.#url.replaceAll('{from}', encodeURIComponent(new Date(fromMs).toISOString())).replaceAll('{to}', encodeURIComponent(new Date(toMs).toISOString()));
    const timeout = AbortSignal.timeout(this.#timeoutMs);
    const signal = options.signal === undefined ? timeout : AbortSignal.any([options.signal, timeout]);
    let text: string;
    try {
      text = await this.#fetchText(url, signal);
    } catch (error) {
      if (options.signal?.aborted === true) throw options.signal.reason;
      if (timeout.aborted) throw new SentimentSourceError('timeout', `${this.description} did not answer within ${this.#timeoutMs} ms (timeoutMs): check the service or raise timeoutMs`, { cause: error });
      throw error;
    }
    return this.#collect(text, fromMs, toMs);
  }

  async #fetchText(url: string, signal: AbortSignal): Promise<string> {
    let response: Response;
    try {
      response = await fetch(url, { headers: { accept: 'application/feed+json, application/json', ...this.#headers }, signal });
    } catch (error) {
      if (signal.aborted) throw error;
      throw new SentimentSourceError('unreachable', `${this.description} cannot be reached: ${causeOf(error)}: check the URL and that the service is up`, { cause: error });
    }
    if (response.status < 200 || response.status > 299) {
      const body = await readBody(response, SNIPPET_CHARS * 4);
      throw new SentimentSourceError('http_status', `${this.description} answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}: ${snippet(body.text)}`);
    }
    const declared = Number(response.headers.get('content-length'));
    if (declared > this.#maxBytes) {
      await response.body?.cancel();
      throw this.#tooLarge(`${declared} bytes declared`);
    }
    const body = await readBody(response, this.#maxBytes);
    if (!body.complete) throw this.#tooLarge('stopped reading');
    return body.text;
  }

  #collect(text: string, fromMs: number, toMs: number): HeadlineBatch {
    let json: unknown;
    try {
      json = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch (error) {
      throw new SentimentSourceError('not_json', `${this.description} answered with a body that is not JSON (${(error as Error).message}): ${snippet(text)}`, { cause: error });
    }
    const list = itemsOf(json);
    if (list === null) {
      throw new SentimentSourceError('bad_shape', `${this.description} answered with ${describeJsonShape(json)}: a feed is an array of headlines or an object with an "items" array`);
    }
    const collector = new HeadlineCollector(fromMs, toMs);
    const defaultSource = list.title ?? new URL(this.#url.replaceAll('{from}', 'from').replaceAll('{to}', 'to')).hostname;
    list.items.forEach((item, index) => collector.add(item, { where: this.description, line: null, item: index + 1 }, defaultSource));
    return collector.batch();
  }

  #tooLarge(detail: string): SentimentSourceError {
    return new SentimentSourceError('too_large', `${this.description} sent more than ${this.#maxBytes} bytes (maxBytes; ${detail}): ask the feed for a shorter range or raise maxBytes`);
  }
}

function positive(name: string, value: number): number {
  if (!(Number.isInteger(value) && value > 0)) throw new SentimentSourceError('bad_option', `${name} must be a positive whole number, got ${value}`);
  return value;
}

/** Reads at most `limit` bytes, then cancels the rest rather than buffering it. */
async function readBody(response: Response, limit: number): Promise<{ text: string; complete: boolean }> {
  if (response.body === null) return { text: '', complete: true };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { text: Buffer.concat(chunks, size).toString('utf8'), complete: true };
      if (size + value.length > limit) {
        chunks.push(value.subarray(0, limit - size));
        await reader.cancel();
        return { text: Buffer.concat(chunks, limit).toString('utf8'), complete: false };
      }
      chunks.push(value);
      size += value.length;
    }
  } finally {
    reader.releaseLock();
  }
}

function snippet(text: string): string {
  if (text.length === 0) return '(empty body)';
  return text.length <= SNIPPET_CHARS ? JSON.stringify(text) : `${JSON.stringify(text.slice(0, SNIPPET_CHARS))}…`;
}

/** fetch's "fetch failed" says nothing; its cause has the code (ECONNREFUSED, ENOTFOUND). */
function causeOf(error: unknown): string {
  const cause: unknown = error instanceof Error && error.cause !== undefined ? error.cause : error;
  if (cause instanceof AggregateError && cause.errors.length > 0) return cause.errors.map((e: unknown) => (e instanceof Error ? e.message : String(e))).join('; ');
  const code = (cause as { code?: unknown } | null)?.code;
  const message = cause instanceof Error ? cause.message : String(cause);
  return typeof code === 'string' && !message.includes(code) ? `${code}: ${message}` : message;
}
