// The market-data library's public surface.
export { isIsoDate, addDays, ProblemSeverity, type Bar, type BarsResult, type DataProblem, type SessionCalendar } from './bar.js';
export { MarketDataError, MarketDataErrorCode } from './market-data-error.js';
export { sessionDates, nextSessionDates, xnysSessionDates } from './session-dates.js';
export {
  DEFAULT_MARKET_MODEL, DEFAULT_UNIVERSE, TRADING_DAYS_PER_YEAR, modelCorrelation,
  type MarketModel, type RegimeSpec, type SymbolSpec,
} from './simulator-model.js';
export { simulateBars, type SimulatorOptions } from './market-simulator.js';
export { parseBarsCsv, type CsvBarsOptions } from './csv-bars.js';
export { fetchBarsCsv, redactUrl, DEFAULT_CSV_MAX_BYTES, DEFAULT_CSV_TIMEOUT_MS, type CsvHttpOptions } from './csv-http.js';
export { checkSymbol, type MarketDataSource } from './market-data-source.js';
export { SimulatedMarketDataSource, type SimulatedSourceOptions } from './simulated-market-data-source.js';
export { CsvFolderMarketDataSource, type CsvFolderSourceOptions } from './csv-folder-market-data-source.js';
export { CsvUrlMarketDataSource, type CsvUrlSourceOptions } from './csv-url-market-data-source.js';
