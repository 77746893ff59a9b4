import { isIsoDate, type Bar, type BarsResult } from './bar.js';
import { MarketDataError } from './market-data-error.js';

/**
 * The market-data port: daily bars of one symbol over a date range. Adapters:
 * `SimulatedMarketDataSource` (the default), `CsvFolderMarketDataSource` (`<dir>/<SYMBOL>.csv`)
 * and `CsvUrlMarketDataSource` (`https://…/{symbol}.csv`).
 */
export interface MarketDataSource {
  /** Which adapter this is, for logs and status. */
  readonly kind: 'simulator' | 'csv-folder' | 'csv-url';
  /**
   * Bars dated `from` to `to` inclusive ('YYYY-MM-DD'), oldest first, and the problems found in
   * the underlying data (rows dropped or doubtful). Throws MarketDataError when there is no data
   * to be had at all (unknown symbol, missing file, HTTP failure).
   */
  bars(symbol: string, from: string, to: string, options?: { readonly signal?: AbortSignal }): Promise<BarsResult>;
}

/**
 * Tickers as exchanges and data vendors write them: 'AAPL', 'BRK.B', '^GSPC', 'BTC-USD',
 * 'EURUSD=X'. Nothing that could step out of a folder or a URL path.
 */
const SYMBOL = /^[A-Za-z0-9^][A-Za-z0-9.^=_-]{0,31}$/;

export function checkSymbol(symbol: string): void {
  if (!SYMBOL.test(symbol) || symbol.includes('..')) {
    throw new MarketDataError('EVOLVE_MARKET_DATA_INVALID', `"${symbol}" is not a ticker symbol; use letters, digits and . ^ = _ - (up to 32 characters)`);
  }
}

export function checkRange(from: string, to: string): void {
  for (const [name, value] of [['from', from], ['to', to]] as const) {
    if (!isIsoDate(value)) throw new MarketDataError('EVOLVE_MARKET_DATA_INVALID', `${name} "${value}" is not a date; write it as YYYY-MM-DD`);
  }
  if (from > to) throw new MarketDataError('EVOLVE_MARKET_DATA_INVALID', `from ${from} is after to ${to}`);
}

/** The bars of a sorted list dated `from` to `to` inclusive. */
export function barsBetween(bars: readonly Bar[], from: string, to: string): Bar[] {
  return bars.filter((bar) => bar.date >= from && bar.date <= to);
}
