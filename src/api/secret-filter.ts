/**
 * Keeps secrets out of API responses. Configuration views, run parameters and results may hold
 * them: an HTTP agent's headers, a command agent's env, a parameter such as `api_key`, or a value
 * interpolated from `${BROKER_PASSWORD}`. Two rules, both applied to every value passed through:
 *   - by key: the values under `headers` and `env`, and under any key that names a secret
 *     (token, password, secret, key, credential, authorization, cookie), are replaced;
 *   - by value: any text containing the value of a process variable whose name is a secret's
 *     (the agents' SECRET_NAME rule) has that value replaced, and so has the password of a URL
 *     (`https://user:…@host`).
 */
import { Redactor, SECRET_NAME } from '../agents/redactor.js';

export const REDACTED = '[redacted]';

/** Words of a key (`apiKey`, `auth_token`, `X-Api-Key`) that make its value a secret, whatever is in it. */
const SECRET_WORDS = new Set(['secret', 'token', 'password', 'passwd', 'passphrase', 'credential', 'credentials', 'authorization', 'cookie', 'apikey']);
/** `api_key`, `private_key`, `access_key`, `signing_key` (but not `key` alone: `key: AAPL`). */
const SECRET_KEY_PAIR = /(^|_)(api|private|access|signing|secret)_key$/;

/** Whether a key names a secret; `max_tokens` does not (whole words only). */
export function isSecretKey(key: string): boolean {
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase().split(/[^a-z0-9]+/).filter((w) => w !== '');
  return words.some((w) => SECRET_WORDS.has(w)) || SECRET_KEY_PAIR.test(words.join('_'));
}

/** `https://user:password@host`: the password of a URL's user info. */
const URL_PASSWORD = /([a-z][a-z0-9+.-]*:\/\/[^/\s:@]*):[^@\s/]+@/gi;

function hideUrlPassword(text: string): string {
  return text.includes('@') ? text.replace(URL_PASSWORD, `$1:${REDACTED}@`) : text;
}

/** Shorter variable values are not treated as secrets by value: `DEBUG_TOKEN=1` must not hide every 1. */
const MIN_SECRET_LENGTH = 6;
/** Keys holding a mapping of names to secret-or-not values: every value is hidden, the names kept. */
const SECRET_MAPPING = new Set(['headers', 'env']);

export class SecretFilter {
  readonly #values: Redactor;

  constructor(environ: NodeJS.ProcessEnv = process.env) {
    const secrets = Object.entries(environ).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && SECRET_NAME.test(entry[0]) && entry[1].length >= MIN_SECRET_LENGTH);
    this.#values = new Redactor(secrets);
  }

  /** A copy of `value` with secrets replaced (plain data in, plain data out). */
  scrub<T>(value: T): T {
    return this.#walk(value, 0) as T;
  }

  #walk(value: unknown, depth: number): unknown {
    if (typeof value === 'string') return hideUrlPassword(this.#values.size > 0 ? this.#values.redact(value) : value);
    if (value === null || typeof value !== 'object' || depth > 64) return value;
    if (Array.isArray(value)) return value.map((item: unknown) => this.#walk(item, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (SECRET_MAPPING.has(key.toLowerCase()) && item !== null && typeof item === 'object' && !Array.isArray(item)) {
        out[key] = Object.fromEntries(Object.keys(item).map((name) => [name, REDACTED]));
      } else if (isSecretKey(key) && item !== null && item !== undefined && item !== '') {
        out[key] = REDACTED;
      } else out[key] = this.#walk(item, depth + 1);
    }
    return out;
  }
}
