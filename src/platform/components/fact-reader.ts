/**
 * Reads the facts of a journal entry by name for an explanation, remembering which it used, so
 * the numbers no sentence cited can still be listed, each written as its name suggests.
 */
import { formatBps, formatMoney, formatNumber, formatPercent, formatQuantity } from './figure-format.js';

/** Identifiers are not figures: `orderId`, `tradeId`, `id`. */
const IDENTIFIER = /(^id$|Id$|_id$)/;

export class FactReader {
  readonly #facts: Readonly<Record<string, unknown>>;
  readonly #used = new Set<string>();

  constructor(facts: Readonly<Record<string, unknown>>) {
    this.#facts = facts;
  }

  /** The first of `names` that is a finite number. */
  num(...names: string[]): number | null {
    for (const name of names) {
      const value = this.#facts[name];
      if (typeof value === 'number' && Number.isFinite(value)) {
        this.#used.add(name);
        return value;
      }
    }
    return null;
  }

  /** The first of `names` that is a non-blank string. */
  str(...names: string[]): string | null {
    for (const name of names) {
      const value = this.#facts[name];
      if (typeof value === 'string' && value.trim() !== '') {
        this.#used.add(name);
        return value.trim();
      }
    }
    return null;
  }

  /** The value as it is (an array, an object, a boolean), marked used. */
  raw(name: string): unknown {
    this.#used.add(name);
    return this.#facts[name];
  }

  /** The numbers no sentence used (identifiers aside), formatted by their names; at most eight. */
  others(): string[] {
    return Object.entries(this.#facts)
      .filter((e): e is [string, number] => !this.#used.has(e[0]) && !IDENTIFIER.test(e[0]) && typeof e[1] === 'number' && Number.isFinite(e[1]))
      .slice(0, 8)
      .map(([name, value]) => `${words(name)} ${formatByName(name, value)}`);
  }
}

/** `weightBefore` → `weight before`, `max_drift` → `max drift`. */
export function words(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .toLowerCase();
}

/** A number written as its name suggests: money, a percentage, basis points, a count. */
export function formatByName(name: string, value: number): string {
  const n = name.toLowerCase();
  if (n.endsWith('bps')) return formatBps(value);
  if (/(price|cash|equity|commission|fee|pnl|notional|cost|amount|value$|turnover)/.test(n)) return formatMoney(value);
  if (/(weight|pct|percent|return|drawdown|rate|vol|exposure|coverage|drift|threshold|var|share|invested)/.test(n)) return formatPercent(value);
  if (/(quantity|qty|shares|count|orders|candidates|days|folds|positions|horizon)/.test(n)) return formatQuantity(value);
  return formatNumber(value, 4);
}
