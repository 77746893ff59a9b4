import type { BarsResult, SessionCalendar } from './bar.js';
import { parseBarsCsv } from './csv-bars.js';
import { MarketDataError } from './market-data-error.js';

/**
 * CSV bars over HTTP(S) with Node's fetch: a bounded download (size and time), clear errors for
 * what went wrong on the wire, then the same parser and checks as files.
 */

export interface CsvHttpOptions {
  /** Give up after this long, headers and body together, in ms. Default 15 000. */
  readonly timeoutMs?: number;
  /** Largest body accepted, in bytes. Default 20 MiB (about 300 years of daily bars). */
  readonly maxBytes?: number;
  /** Cancels the download (e.g. the run's signal). */
  readonly signal?: AbortSignal;
  /** Extra request headers (an API key header, for instance). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Judge gaps against this calendar's sessions. */
  readonly calendar?: SessionCalendar;
}

export const DEFAULT_CSV_TIMEOUT_MS = 15_000;
export const DEFAULT_CSV_MAX_BYTES = 20 * 1024 * 1024;

/**
 * Content types a CSV may come with. Servers label CSV inconsistently (text/plain, Excel's
 * type, octet-stream), so only types that are clearly something else are refused: an HTML
 * page is nearly always a login wall or an error page served with status 200.
 */
const REFUSED_TYPES = ['text/html', 'application/xhtml+xml', 'application/json', 'application/xml', 'text/xml', 'image/', 'video/', 'audio/'];

/** The URL without its query and credentials, which may carry API keys, for messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}${parsed.search === '' ? '' : '?…'}`;
  } catch {
    return '(invalid URL)';
  }
}

function unavailable(message: string, cause?: unknown): MarketDataError {
  return new MarketDataError('EVOLVE_MARKET_DATA_UNAVAILABLE', message, cause === undefined ? undefined : { cause });
}

async function readBounded(response: Response, maxBytes: number, where: string): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel();
    throw unavailable(`${where} is ${declared} bytes, more than the limit of ${maxBytes}; raise maxBytes or fetch a shorter range`);
  }
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder('utf-8');
  let received = 0;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > maxBytes) {
      await reader.cancel();
      throw unavailable(`${where} sent more than the limit of ${maxBytes} bytes; raise maxBytes or fetch a shorter range`);
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

function describeFailure(error: unknown, where: string, timeoutMs: number, signal: AbortSignal | undefined): MarketDataError {
  if (error instanceof MarketDataError) return error;
  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError') return unavailable(`${where} did not answer within ${timeoutMs} ms`, error);
  if (name === 'AbortError' || signal?.aborted === true) return unavailable(`fetching ${where} was cancelled`, error);
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return unavailable(`cannot fetch ${where}${cause}`, error);
}

/** Fetches `url` and parses it as CSV bars; throws MarketDataError when nothing usable came. */
export async function fetchBarsCsv(url: string, options: CsvHttpOptions = {}): Promise<BarsResult> {
  const where = redactUrl(url);
  const timeoutMs = options.timeoutMs ?? DEFAULT_CSV_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? DEFAULT_CSV_MAX_BYTES;
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch (error) {
    throw new MarketDataError('EVOLVE_MARKET_DATA_INVALID', `"${url}" is not a URL`, { cause: error });
  }
  if (protocol !== 'http:' && protocol !== 'https:') {
    throw new MarketDataError('EVOLVE_MARKET_DATA_INVALID', `${where}: only http and https URLs are fetched`);
  }
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal === undefined ? timeout : AbortSignal.any([timeout, options.signal]);
  let text: string;
  try {
    const response = await fetch(url, { signal, headers: { accept: 'text/csv, text/plain;q=0.9, */*;q=0.1', ...options.headers }, redirect: 'follow' });
    if (!response.ok) {
      await response.body?.cancel();
      throw unavailable(`${where} answered HTTP ${response.status}${response.statusText === '' ? '' : ` ${response.statusText}`}`);
    }
    const type = (response.headers.get('content-type') ?? '').toLowerCase();
    if (REFUSED_TYPES.some((refused) => type.startsWith(refused))) {
      await response.body?.cancel();
      throw unavailable(`${where} sent ${type.split(';')[0] ?? type}, not CSV; check the URL (an HTML page is often a login or error page)`);
    }
    text = await readBounded(response, maxBytes, where);
  } catch (error) {
    throw describeFailure(error, where, timeoutMs, options.signal);
  }
  return parseBarsCsv(text, options.calendar === undefined ? {} : { calendar: options.calendar });
}
