/**
 * Why market data could not be had at all (as opposed to bad rows, which are `DataProblem`s
 * next to the good bars).
 */
import { EvolveError } from '../../errors.js';

export const MarketDataErrorCode = {
  /** A URL, folder, file or HTTP response could not be read (status, timeout, size, type). */
  EVOLVE_MARKET_DATA_UNAVAILABLE: 'EVOLVE_MARKET_DATA_UNAVAILABLE',
  /** The request itself is wrong: an unknown or unsafe symbol, a bad date, unordered dates. */
  EVOLVE_MARKET_DATA_INVALID: 'EVOLVE_MARKET_DATA_INVALID',
} as const;
export type MarketDataErrorCode = (typeof MarketDataErrorCode)[keyof typeof MarketDataErrorCode];

export class MarketDataError extends EvolveError {
  declare readonly code: MarketDataErrorCode;

  constructor(code: MarketDataErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'MarketDataError';
  }
}
