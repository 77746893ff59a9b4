/**
 * Why market data could not be had at all (as opposed to bad rows, which are `DataProblem`s
 * next to the good bars).
 *
 * TODO(integration): src/errors.ts is owned elsewhere; once its catalogue gains these codes
 * this class should extend EvolveError so the CLI exit code and HTTP status follow the code.
 */
export const MarketDataErrorCode = {
  /** A URL, folder, file or HTTP response could not be read (status, timeout, size, type). */
  EVOLVE_MARKET_DATA_UNAVAILABLE: 'EVOLVE_MARKET_DATA_UNAVAILABLE',
  /** The request itself is wrong: an unknown or unsafe symbol, a bad date, unordered dates. */
  EVOLVE_MARKET_DATA_INVALID: 'EVOLVE_MARKET_DATA_INVALID',
} as const;
export type MarketDataErrorCode = (typeof MarketDataErrorCode)[keyof typeof MarketDataErrorCode];

export class MarketDataError extends Error {
  readonly code: MarketDataErrorCode;

  constructor(code: MarketDataErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MarketDataError';
    this.code = code;
  }
}
