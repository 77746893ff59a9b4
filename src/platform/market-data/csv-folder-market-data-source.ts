import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BarsResult, SessionCalendar } from './bar.js';
import { parseBarsCsv } from './csv-bars.js';
import { MarketDataError } from './market-data-error.js';
import { barsBetween, checkRange, checkSymbol, type MarketDataSource } from './market-data-source.js';

export interface CsvFolderSourceOptions {
  /** Folder holding one `<SYMBOL>.csv` per symbol. */
  readonly dir: string;
  /** Judge gaps against this calendar's sessions. */
  readonly calendar?: SessionCalendar;
}

/** Bars from CSV files in a folder, `<dir>/<SYMBOL>.csv`, read afresh on every call. */
export class CsvFolderMarketDataSource implements MarketDataSource {
  readonly kind = 'csv-folder';
  readonly #options: CsvFolderSourceOptions;

  constructor(options: CsvFolderSourceOptions) {
    this.#options = options;
  }

  async bars(symbol: string, from: string, to: string): Promise<BarsResult> {
    checkSymbol(symbol);
    checkRange(from, to);
    const path = join(this.#options.dir, `${symbol}.csv`);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
      throw new MarketDataError(
        'EVOLVE_MARKET_DATA_UNAVAILABLE',
        missing ? `no data file for ${symbol}: ${path} does not exist` : `cannot read ${path}: ${(error as Error).message}`,
        { cause: error },
      );
    }
    const parsed = parseBarsCsv(text, this.#options.calendar === undefined ? {} : { calendar: this.#options.calendar });
    return { bars: barsBetween(parsed.bars, from, to), problems: parsed.problems };
  }
}
