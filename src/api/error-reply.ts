/**
 * Every error the API answers, as `{ error: { code, message }, issues? }`: the status comes from
 * the EvolveError catalogue (src/errors.ts). Request validation names the field; a ConfigError
 * (a PATCH the YAML rules refuse) lists its issues with the key and the fix. A 5xx never carries
 * a stack trace or an unexpected error's message: those go to the log, with the request id.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ConfigError, EvolveError, type ErrorCode } from '../errors.js';

export interface ApiIssue {
  in: 'body' | 'query' | 'params' | 'headers';
  path: string;
  message: string;
  fix: string | null;
}

export interface ErrorBody {
  error: { code: string; message: string };
  issues?: ApiIssue[];
}

const PARTS: Readonly<Record<string, ApiIssue['in']>> = { body: 'body', querystring: 'query', params: 'params', headers: 'headers' };

/** Fastify's own request errors, by its code. */
const FASTIFY_CODES: Readonly<Record<string, { code: ErrorCode; message: string }>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'EVOLVE_API_BODY_TOO_LARGE', message: 'the request body is larger than the limit (api.body_limit_kb)' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'EVOLVE_API_UNSUPPORTED_MEDIA_TYPE', message: 'send the body as JSON with Content-Type: application/json' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'EVOLVE_API_INVALID_REQUEST', message: 'the Content-Length header does not match the body' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'EVOLVE_API_INVALID_REQUEST', message: 'the body is empty but Content-Type says JSON: send {} or leave out the Content-Type header' },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'EVOLVE_API_INVALID_REQUEST', message: 'the body is not valid JSON' },
};

export function errorBody(code: string, message: string, issues?: ApiIssue[]): ErrorBody {
  return issues === undefined ? { error: { code, message } } : { error: { code, message }, issues };
}

/** The status and body for anything thrown while handling a request. */
export function describeFailure(error: unknown, request: FastifyRequest): { status: number; body: ErrorBody } {
  if (error instanceof ConfigError) {
    const prefix = /^tasks\.[^.]+\./;
    const issues = error.issues.map((i) => ({ in: 'body' as const, path: i.path.replace(prefix, ''), message: i.message, fix: i.fix }));
    const count = issues.length === 1 ? 'one key is' : `${issues.length} keys are`;
    return { status: error.httpStatus, body: errorBody(error.code, `${count} invalid: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues) };
  }
  if (error instanceof EvolveError) return { status: error.httpStatus, body: errorBody(error.code, error.message) };
  if (hasZodFastifySchemaValidationErrors(error)) {
    const part = PARTS[(error as { validationContext?: string }).validationContext ?? 'body'] ?? 'body';
    const issues = error.validation.map((v) => validationIssue(part, v.instancePath, v.message ?? 'invalid', v.keyword, v.params));
    const first = issues[0]!;
    return { status: 400, body: errorBody('EVOLVE_API_INVALID_REQUEST', `${first.in} ${first.path === '' ? '' : `field '${first.path}' `}is invalid: ${first.message}`, issues) };
  }
  const fastify = error as Partial<FastifyError>;
  const known = fastify.code === undefined ? undefined : FASTIFY_CODES[fastify.code];
  if (known) return { status: new EvolveError(known.code, known.message).httpStatus, body: errorBody(known.code, known.message) };
  const status = typeof fastify.statusCode === 'number' ? fastify.statusCode : 500;
  if (status >= 400 && status < 500) return { status, body: errorBody('EVOLVE_API_INVALID_REQUEST', fastify.message ?? 'the request is invalid') };
  return { status: 500, body: errorBody('EVOLVE_INTERNAL', `an unexpected error happened; the server log has the details under request id ${request.id}`) };
}

export function replyWithError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const { status, body } = describeFailure(error, request);
  if (status >= 500) request.log.error({ err: error, url: request.routeOptions.url, method: request.method }, 'API request failed');
  else request.log.debug({ code: body.error.code, status }, 'API request refused');
  return reply.code(status).type('application/json; charset=utf-8').send(body);
}

function validationIssue(part: ApiIssue['in'], instancePath: string, message: string, keyword: string, params: unknown): ApiIssue {
  const path = instancePath.replace(/^\//, '').split('/').filter((s) => s !== '').join('.');
  const keys = keyword === 'unrecognized_keys' ? ((params as { keys?: unknown }).keys as string[] | undefined) : undefined;
  if (keys !== undefined && keys.length > 0) {
    const where = path === '' ? keys.join(', ') : keys.map((k) => `${path}.${k}`).join(', ');
    return { in: part, path: path === '' ? keys[0]! : `${path}.${keys[0]!}`, message: `unknown ${keys.length === 1 ? 'field' : 'fields'} ${where}`, fix: 'remove it, or check its spelling against the API documentation (/docs)' };
  }
  return { in: part, path, message, fix: null };
}
