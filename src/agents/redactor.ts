/**
 * Keeps secret values out of what the orchestrator logs, stores and reports. Values are replaced by
 * `***` wherever they occur, also in their JSON-escaped form (a quoted protocol line shows `a\"b`
 * for the secret `a"b`). Only empty values are skipped: a very short secret over-redacts, which is
 * the safe way to be wrong.
 */

/** Variable names whose values are secrets. */
export const SECRET_NAME = /SECRET|TOKEN|PASSWORD|KEY|CREDENTIAL/i;

export const REDACTED = '***';

interface Secret {
  name: string;
  forms: string[];
}

export class Redactor {
  readonly #secrets: Secret[];

  /** Every pair is treated as a secret (for HTTP header values). */
  constructor(entries: Iterable<readonly [name: string, value: string]>) {
    this.#secrets = [...entries]
      .filter(([, value]) => value !== '')
      // Longest first, so a secret that contains another is replaced whole.
      .sort(([, a], [, b]) => b.length - a.length)
      .map(([name, value]) => {
        const escaped = JSON.stringify(value).slice(1, -1);
        return { name, forms: escaped === value ? [value] : [value, escaped] };
      });
  }

  /** The variables of `env` whose name matches SECRET_NAME. */
  static forEnvironment(env: Readonly<Record<string, string>>): Redactor {
    return new Redactor(Object.entries(env).filter(([name]) => SECRET_NAME.test(name)));
  }

  get size(): number {
    return this.#secrets.length;
  }

  /** Length of the longest secret, so a caller cutting text can keep enough to redact across the cut. */
  get longest(): number {
    return this.#secrets.reduce((max, s) => Math.max(max, ...s.forms.map((f) => f.length)), 0);
  }

  redact(text: string): string {
    let out = text;
    for (const secret of this.#secrets) {
      for (const form of secret.forms) if (out.includes(form)) out = out.split(form).join(REDACTED);
    }
    return out;
  }

  /** The name of the first secret whose value occurs in any string, key or number of `value`; null if none. */
  findIn(value: unknown): string | null {
    if (this.#secrets.length === 0) return null;
    const texts: string[] = [];
    collectStrings(value, texts);
    // The JSON text catches numbers and booleans; the collected strings catch escaped characters.
    texts.push(JSON.stringify(value) ?? '');
    for (const secret of this.#secrets) {
      if (texts.some((text) => secret.forms.some((form) => text.includes(form)))) return secret.name;
    }
    return null;
  }
}

function collectStrings(value: unknown, out: string[]): void {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const item of value) collectStrings(item, out);
  else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      out.push(key);
      collectStrings(item, out);
    }
  }
}
