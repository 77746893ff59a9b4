import type { BarsResult } from './bar.js';
import { fetchBarsCsv, type CsvHttpOptions } from './csv-http.js';
import { MarketDataError } from './market-data-error.js';
import { barsBetween, checkRange, checkSymbol, type MarketDataSource } from './market-data-source.js';

export interface CsvUrlSourceOptions extends Omit<CsvHttpOptions, 'signal'> {
  /**
   * URL with `{symbol}` where the ticker goes, e.g. 'https://data.example.com/daily/{symbol}.csv'.
   * The symbol is URL-encoded ('^GSPC' → '%5EGSPC').
   */
  readonly urlTemplate: string;
}

/** Bars from CSV over HTTP(S), one URL per symbol. */
export class CsvUrlMarketDataSource implements MarketDataSource {
  readonly kind = 'csv-url';
  readonly #template: string;
  readonly #http: Omit<CsvHttpOptions, 'signal'>;

  constructor({ urlTemplate, ...http }: CsvUrlSourceOptions) {
    if (!urlTemplate.includes('{symbol}')) {
      throw new MarketDataError('EVOLVE_MARKET_DATA_INVALID', `the URL template "${urlTemplate}" has no {symbol} placeholder`);
    }
    this.#template = urlTemplate;
    this.#http = http;
  }

  /** The URL of one symbol's CSV. */
  urlFor(symbol: string): string {
    checkSymbol(symbol);
    return this.#template.replaceAll('{symbol}', encodeURIComponent(symbol));
  }

  async bars(symbol: string, from: string, to: string, options: { readonly signal?: AbortSignal } = {}): Promise<BarsResult> {
    checkRange(from, to);
    const parsed = await fetchBarsCsv(this.urlFor(symbol), options.signal === undefined ? this.#http : { ...this.#http, signal: options.signal });
    return { bars: barsBetween(parsed.bars, from, to), problems: parsed.problems };
  }
}
