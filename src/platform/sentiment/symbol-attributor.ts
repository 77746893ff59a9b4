/**
 * Which symbols a headline is about. Five signals, unioned:
 *
 * - cashtags: `$AAPL`, `$BRK.B` (any case, upper-cased);
 * - exchange tags: `(NASDAQ: AAPL)`, `NYSE:IBM`, `(Nasdaq: aapl)`;
 * - bare tickers: `AAPL` written in capitals as a whole word, only when the ticker is known (the
 *   universe, or else the name map's tickers), since capitals alone are not enough (`CEO`, `FDA`,
 *   `AI`). A headline written all in capitals has no bare tickers;
 * - company names from the name map as whole words (`Apple`, `Apple's`, not `Applebee's`),
 *   matched with the capitals they are given, so `Target` is not `target price`; in an all-capitals
 *   headline names match in any case;
 * - the symbols the source declared on the headline.
 *
 * When a universe is given, only its symbols are returned, whatever the signal.
 */

export interface SymbolAttributionOptions {
  /** Company names and aliases to tickers, e.g. `{ Apple: 'AAPL', Google: 'GOOGL', Alphabet: 'GOOGL' }`. Default: none. */
  names?: Readonly<Record<string, string>>;
  /** The tickers the platform tracks. Default: every symbol is kept; bare tickers must be in `names`. */
  universe?: Iterable<string>;
}

/** A few well-known companies, enough for the sample feed and examples; pass your own map for more. */
export const DEFAULT_COMPANY_NAMES: Readonly<Record<string, string>> = Object.freeze({
  Apple: 'AAPL',
  Microsoft: 'MSFT',
  Alphabet: 'GOOGL',
  Google: 'GOOGL',
  Amazon: 'AMZN',
  Nvidia: 'NVDA',
  NVIDIA: 'NVDA',
  'Meta Platforms': 'META',
  Meta: 'META',
  Facebook: 'META',
  Tesla: 'TSLA',
  JPMorgan: 'JPM',
  'JPMorgan Chase': 'JPM',
  'JP Morgan': 'JPM',
  'Bank of America': 'BAC',
  'Exxon Mobil': 'XOM',
  ExxonMobil: 'XOM',
  Exxon: 'XOM',
  'Johnson & Johnson': 'JNJ',
  Walmart: 'WMT',
  Netflix: 'NFLX',
  Intel: 'INTC',
  'Advanced Micro Devices': 'AMD',
  Pfizer: 'PFE',
  Boeing: 'BA',
  Disney: 'DIS',
});

const TICKER = /^[A-Z]{1,6}(?:\.[A-Z]{1,2})?$/;
const CASHTAG = /(?<![\p{L}\p{N}$])\$([A-Za-z]{1,6}(?:\.[A-Za-z]{1,2})?)(?![\p{L}\p{N}])/gu;
const EXCHANGE_TAG =
  /(?<![\p{L}\p{N}])(?:NASDAQ|NYSE(?:\s?American|\s?Arca|\s?MKT)?|AMEX|OTC(?:QX|QB|\s?Markets)?|TSXV?|LSE|CBOE|BATS)\s*:\s*([A-Za-z]{1,6}(?:\.[A-Za-z]{1,2})?)(?![\p{L}\p{N}])/giu;
const BARE_TICKER = /(?<![\p{L}\p{N}$.:])([A-Z]{1,6}(?:\.[A-Z]{1,2})?)(?![\p{L}\p{N}])/gu;

/** True for a well-formed ticker: 1–6 capitals with an optional share class (`BRK.B`). */
export function isTicker(value: string): boolean {
  return TICKER.test(value);
}

export class SymbolAttributor {
  readonly #universe: ReadonlySet<string> | null;
  readonly #known: ReadonlySet<string>;
  readonly #names: ReadonlyMap<string, string>;
  readonly #exactNames: RegExp | null;
  readonly #anyCaseNames: RegExp | null;

  constructor(options: SymbolAttributionOptions = {}) {
    const names = new Map<string, string>();
    for (const [name, ticker] of Object.entries(options.names ?? {})) {
      if (!isTicker(ticker)) throw new RangeError(`the name map gives ${JSON.stringify(name)} the ticker ${JSON.stringify(ticker)}: use 1–6 capitals, optionally with a class such as BRK.B`);
      if (name.trim().length === 0) throw new RangeError(`the name map has an empty name for ${ticker}: remove it`);
      names.set(name.trim().replace(/\s+/g, ' '), ticker);
    }
    this.#names = names;
    this.#universe = options.universe === undefined ? null : new Set(options.universe);
    this.#known = this.#universe ?? new Set(names.values());
    const alternation = [...names.keys()]
      .sort((a, b) => b.length - a.length)
      .map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+'))
      .join('|');
    const pattern = `(?<![\\p{L}\\p{N}])(${alternation})(?![\\p{L}\\p{N}])`;
    this.#exactNames = alternation === '' ? null : new RegExp(pattern, 'gu');
    this.#anyCaseNames = alternation === '' ? null : new RegExp(pattern, 'giu');
  }

  /** The symbols of a headline, sorted. */
  attribute(title: string, declared: readonly string[] = []): string[] {
    const found = new Set<string>();
    for (const symbol of declared) found.add(symbol.toUpperCase());
    for (const match of title.matchAll(CASHTAG)) found.add((match[1] ?? '').toUpperCase());
    for (const match of title.matchAll(EXCHANGE_TAG)) found.add((match[1] ?? '').toUpperCase());
    const allCapitals = title === title.toUpperCase() && /\p{Lu}/u.test(title);
    if (!allCapitals) {
      for (const match of title.matchAll(BARE_TICKER)) {
        const ticker = match[1] ?? '';
        if (this.#known.has(ticker)) found.add(ticker);
      }
    }
    for (const name of this.#matchNames(title, allCapitals)) found.add(name);
    return [...found].filter((s) => isTicker(s) && (this.#universe === null || this.#universe.has(s))).sort();
  }

  #matchNames(title: string, anyCase: boolean): string[] {
    const pattern = anyCase ? this.#anyCaseNames : this.#exactNames;
    if (pattern === null) return [];
    const tickers: string[] = [];
    for (const match of title.matchAll(pattern)) {
      const written = (match[1] ?? '').replace(/\s+/g, ' ');
      const ticker = this.#names.get(written) ?? this.#lookupAnyCase(written);
      if (ticker !== undefined) tickers.push(ticker);
    }
    return tickers;
  }

  #lookupAnyCase(written: string): string | undefined {
    const lower = written.toLowerCase();
    for (const [name, ticker] of this.#names) if (name.toLowerCase() === lower) return ticker;
    return undefined;
  }
}
