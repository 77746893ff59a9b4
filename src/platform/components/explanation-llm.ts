/**
 * The optional LLM hook of the ExplainerAgent: POST { kind, subject, symbol, summary, facts, text }
 * as JSON to the configured URL and read back { text }. Any failure — unreachable, slower than
 * the timeout, a status outside 2xx, a body that is not { text: non-empty string } — rejects with
 * an Error naming the URL and the cause; the caller falls back to the template and logs it.
 */
import { z } from 'zod';

export interface LlmRequest {
  kind: string;
  subject: string;
  symbol: string | null;
  summary: string;
  facts: Readonly<Record<string, unknown>>;
  /** The template explanation, for the model to rewrite. */
  text: string;
}

const LlmResponse = z.object({ text: z.string().trim().min(1).max(4_000) });

/** Largest response body read, in bytes. */
const MAX_BODY_BYTES = 64 * 1024;

export async function rewriteExplanation(url: string, request: LlmRequest, options: { timeoutMs: number; signal?: AbortSignal }): Promise<string> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal === undefined ? timeout : AbortSignal.any([options.signal, timeout]);
  let body: string;
  try {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request), signal });
    body = await response.text();
    if (!response.ok) throw new Error(`HTTP ${response.status}: ${body.slice(0, 200)}`);
  } catch (error) {
    const why = timeout.aborted ? `no answer within ${options.timeoutMs} ms` : (error as Error).message;
    throw new Error(`the explanation LLM at ${url} failed: ${why}`, { cause: error });
  }
  if (body.length > MAX_BODY_BYTES) throw new Error(`the explanation LLM at ${url} answered ${body.length} bytes, more than ${MAX_BODY_BYTES}`);
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    throw new Error(`the explanation LLM at ${url} answered with something other than JSON: ${body.slice(0, 120)}`, { cause: error });
  }
  const parsed = LlmResponse.safeParse(json);
  if (!parsed.success) throw new Error(`the explanation LLM at ${url} must answer { "text": "…" }, got ${body.slice(0, 120)}`);
  return parsed.data.text;
}
