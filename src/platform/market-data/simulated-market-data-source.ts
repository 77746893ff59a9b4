import type { Bar, BarsResult, SessionCalendar } from './bar.js';
import { barsBetween, checkRange, checkSymbol, type MarketDataSource } from './market-data-source.js';
import { simulateBars, type SimulatorOptions } from './market-simulator.js';
import { DEFAULT_UNIVERSE } from './simulator-model.js';
import { sessionDates } from './session-dates.js';

export interface SimulatedSourceOptions extends SimulatorOptions {
  /** The sessions to simulate (XNYS for US equities). */
  readonly calendar: SessionCalendar;
  /**
   * First simulated session: every symbol starts at its base price here, so the same seed and
   * start give the same bars whatever range is asked for. Default '2018-01-02'.
   */
  readonly start?: string;
}

/**
 * The default market data: simulated bars on the calendar's sessions from `start`. A symbol's
 * path is simulated once up to the latest date asked for and kept (a decade of one symbol is
 * about 2,500 bars, a few hundred kilobytes), since later requests mostly reread it.
 */
export class SimulatedMarketDataSource implements MarketDataSource {
  readonly kind = 'simulator';
  readonly #options: SimulatedSourceOptions;
  readonly #start: string;
  readonly #cache = new Map<string, { to: string; bars: Bar[] }>();

  constructor(options: SimulatedSourceOptions) {
    this.#options = options;
    this.#start = options.start ?? '2018-01-02';
    checkRange(this.#start, this.#start);
  }

  /** The symbols this source can simulate. */
  symbols(): string[] {
    return (this.#options.universe ?? DEFAULT_UNIVERSE).map((spec) => spec.symbol);
  }

  // async for the port's sake: simulation is synchronous, but errors must arrive as rejections.
  async bars(symbol: string, from: string, to: string): Promise<BarsResult> {
    checkSymbol(symbol);
    checkRange(from, to);
    return { bars: barsBetween(this.#simulated(symbol, to), from, to), problems: [] };
  }

  #simulated(symbol: string, to: string): Bar[] {
    const cached = this.#cache.get(symbol);
    if (cached !== undefined && cached.to >= to) return cached.bars;
    const dates = sessionDates(this.#options.calendar, this.#start, to);
    const bars = simulateBars(dates, [symbol], this.#options).get(symbol) ?? [];
    this.#cache.set(symbol, { to, bars });
    return bars;
  }
}
