/**
 * Who is calling: bearer tokens from `api.tokens` (stored as SHA-256) and `EVOLVE_API_TOKENS`
 * (`role:token` pairs), each with a role. Roles are ordered viewer < operator < admin.
 *
 * A presented token is hashed and compared with every known hash in constant time (no early
 * exit), so neither the comparison nor the position of a match leaks through timing.
 *
 * Open mode: with no tokens at all, and only then, every request acts as the admin `local` —
 * which is allowed only when the server listens on a loopback address (see assertSafeBinding).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import { API_ROLES } from '../config/schema.js';
import type { ApiRole, ApiTokenConfig } from '../config/types.js';
import { ConfigError, EvolveError, type ConfigIssue } from '../errors.js';

export type { ApiRole };

const RANK: Readonly<Record<ApiRole, number>> = { viewer: 0, operator: 1, admin: 2 };

export interface Principal {
  /** The token's name; `local` in open mode. */
  name: string;
  role: ApiRole;
}

/** The audit trail's actor for a caller: `api:<name> (<role>)`. */
/** Who the audit trail says made a request: `api:<token name> (<role>)`, or `api` without tokens. */
export function actorOf(principal: Principal | null): string {
  return principal === null ? 'api' : `api:${principal.name} (${principal.role})`;
}

export function allows(principal: Principal, needed: ApiRole): boolean {
  return RANK[principal.role] >= RANK[needed];
}

/** Lower-case hex SHA-256 of a token, as `api.tokens[].token_sha256` stores it. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** 127.0.0.0/8, ::1 (also IPv4-mapped) and `localhost`: addresses no other machine can reach. */
export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost' || bare === '::1') return true;
  const v4 = bare.startsWith('::ffff:') ? bare.slice(7) : bare;
  return isIP(v4) === 4 && v4.startsWith('127.');
}

/** Refuses to serve beyond this machine without tokens: the API can run orders. */
export function assertSafeBinding(host: string, tokens: readonly ApiTokenConfig[]): void {
  if (tokens.length > 0 || isLoopback(host)) return;
  throw new EvolveError(
    'EVOLVE_API_INSECURE',
    `the API would listen on ${host}, which other machines can reach, without any token: anyone there could run and reconfigure tasks. ` +
      'Add tokens (api.tokens in the YAML, made with `evolve api new-token`, or EVOLVE_API_TOKENS=role:token,…), ' +
      'or listen on 127.0.0.1 (api.host or --host), or start without the API (--no-api).',
  );
}

/**
 * `EVOLVE_API_TOKENS`: `role:token` pairs separated by commas (`admin:s3cret,viewer:abc`). The
 * tokens are named `env-<role>` (then `env-<role>-2` …). Errors name the pair's position, never
 * the token.
 */
export function tokensFromEnvironment(value: string | undefined): ApiTokenConfig[] {
  if (value === undefined || value.trim() === '') return [];
  const issues: ConfigIssue[] = [];
  const tokens: ApiTokenConfig[] = [];
  const seen = new Map<string, number>();
  value.split(',').forEach((pair, index) => {
    const at = pair.indexOf(':');
    const role = pair.slice(0, at).trim().toLowerCase();
    const token = pair.slice(at + 1).trim();
    const issue = (message: string): void => {
      issues.push({ file: 'EVOLVE_API_TOKENS', line: null, column: null, path: `pair ${index + 1}`, message, fix: 'write role:token pairs separated by commas, e.g. EVOLVE_API_TOKENS=admin:<token>,viewer:<token>' });
    };
    if (at < 0 || token === '') return issue(`pair ${index + 1} is not role:token`);
    if (!(API_ROLES as readonly string[]).includes(role)) return issue(`pair ${index + 1} has the role '${role}'; roles are ${API_ROLES.join(', ')}`);
    const count = (seen.get(role) ?? 0) + 1;
    seen.set(role, count);
    tokens.push({ name: count === 1 ? `env-${role}` : `env-${role}-${count}`, role: role as ApiRole, sha256: hashToken(token) });
  });
  if (issues.length > 0) throw new ConfigError(issues);
  return tokens;
}

interface KnownToken {
  principal: Principal;
  digest: Buffer;
}

export class TokenTable {
  readonly #tokens: readonly KnownToken[];

  constructor(tokens: readonly ApiTokenConfig[]) {
    this.#tokens = tokens.map((t) => ({ principal: { name: t.name, role: t.role }, digest: Buffer.from(t.sha256, 'hex') }));
  }

  /** No tokens: every caller is the admin `local` (allowed on loopback only). */
  get open(): boolean {
    return this.#tokens.length === 0;
  }

  get size(): number {
    return this.#tokens.length;
  }

  /**
   * The caller of a request with this `Authorization` header: the token's principal, `local` in
   * open mode, or null for a missing, malformed or unknown token.
   */
  authenticate(authorization: string | undefined): Principal | null {
    if (this.open) return LOCAL;
    const token = bearerToken(authorization);
    if (token === null) return null;
    const digest = createHash('sha256').update(token, 'utf8').digest();
    let found: Principal | null = null;
    for (const known of this.#tokens) {
      if (timingSafeEqual(known.digest, digest) && found === null) found = known.principal;
    }
    return found;
  }
}

const LOCAL: Principal = Object.freeze({ name: 'local', role: 'admin' });

function bearerToken(header: string | undefined): string | null {
  if (header === undefined) return null;
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  return match?.[1] ?? null;
}
