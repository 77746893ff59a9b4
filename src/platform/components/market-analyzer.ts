/**
 * MarketAnalyzer: the platform's market view. `market_analysis` on its schedule forecasts every
 * symbol 5 sessions ahead with the symbol's incumbent model (ModelInnovationAgent) and computes
 * its technical figures (moving averages, RSI, realised volatility, returns, trend); forecasts
 * are stored, one per symbol, horizon and origin (a rerun on the same bars replaces it).
 *
 * The same task answers two commands (parameters.command):
 * - `forecast <SYMBOL> <h>`: `horizonDays` daily points, one per SESSION: "7d" gives the next 7
 *   sessions of the calendar after the last bar, not the sessions within 7 calendar days (a
 *   user asking for 7 days wants 7 daily forecasts). At most 504 sessions (two years).
 * - `analyze <SYMBOL>`: the technical figures, the symbol's model and its latest 5-session
 *   forecast (made afresh when the stored one predates the last bar).
 *
 * Validation: the model is validated by rolling origin on the requested horizon, capped so that
 * at least 5 origins fit in the history (38 sessions with 250 bars, 88 with 504); a longer
 * forecast reports the capped validation. Measured cost of `forecast AAPL 7d` on the default
 * simulated data (504 bars, incumbent picked on the fly from the 5 defaults): ~80 ms cold in a fresh process, 25–45 ms warm, logged by
 * test/integration/platform-analysis.test.ts.
 */
import type { AgentContext } from '../../agents/agent.js';
import type { Condition } from '../../conditions/condition-registry.js';
import type { MigrationSet } from '../../store/sqlite/migrations.js';
import type { PlatformComponent, PlatformContext } from '../core/platform-context.js';
import {
  DEFAULT_HISTORY, DEFAULT_MIN_TRAIN, fitModel, forecastBars, intervals, type Candidate, type ErrorMetric, type ForecastPoint,
} from '../forecasting/index.js';
import { nextSessionDates, type Bar } from '../market-data/index.js';
import { barsOf, numberParameter, round, symbolsParameter } from './analysis-inputs.js';
import type { DataManager } from './data-manager.js';
import type { ModelInnovationAgent } from './model-innovation-agent.js';
import { technicalStats, type TechnicalStats } from './technical-indicators.js';

const MIGRATIONS: MigrationSet = {
  owner: "the platform's market analysis",
  table: 'platform_analysis_migrations',
  migrations: [
    {
      version: 1,
      name: 'forecasts',
      sql: `
        CREATE TABLE market_forecasts (
          id INTEGER PRIMARY KEY, symbol TEXT NOT NULL, model TEXT NOT NULL, horizon INTEGER NOT NULL,
          origin TEXT NOT NULL, created_at INTEGER NOT NULL, run_id TEXT, body TEXT NOT NULL,
          UNIQUE (symbol, horizon, origin)
        );
        CREATE INDEX market_forecasts_latest ON market_forecasts (symbol, created_at);
      `,
    },
  ],
};

/** Sessions ahead of the scheduled forecasts. */
export const DEFAULT_HORIZON = 5;
export const MAX_FORECAST_SESSIONS = 504;
/** Fewest origins validation keeps when it caps the horizon. */
const MIN_FOLDS = 5;

export interface SymbolForecast {
  symbol: string;
  model: string;
  params: Readonly<Record<string, number>>;
  /** Date of the last bar. */
  origin: string;
  lastClose: number;
  /** Sessions forecast: points.length. */
  sessions: number;
  points: ForecastPoint[];
  validation: { metric: ErrorMetric; value: number; horizon: number; folds: number; coverage80: number | null; coverage95: number | null };
}

export interface StoredForecast {
  id: number;
  symbol: string;
  model: string;
  horizon: number;
  origin: string;
  createdAt: number;
  runId: string | null;
  forecast: SymbolForecast;
}

export interface SymbolAnalysis {
  symbol: string;
  stats: TechnicalStats;
  forecast: SymbolForecast;
}

export interface AnalysisSummary {
  model: string;
  lastClose: number;
  /** Median forecast at the horizon and its change from the last close. */
  forecast: number;
  expectedChange: number;
  lower95: number;
  upper95: number;
  rsi14: number | null;
  volatility20: number | null;
  return20: number | null;
  trend: TechnicalStats['trend'];
}

export interface AnalysisReport {
  horizon: number;
  asOf: string | null;
  symbols: Record<string, AnalysisSummary>;
  skipped: Record<string, string>;
}

interface ForecastRow {
  id: number;
  symbol: string;
  model: string;
  horizon: number;
  origin: string;
  created_at: number;
  run_id: string | null;
  body: string;
}

const toStored = (row: ForecastRow): StoredForecast => ({
  id: row.id, symbol: row.symbol, model: row.model, horizon: row.horizon, origin: row.origin,
  createdAt: row.created_at, runId: row.run_id, forecast: JSON.parse(row.body) as SymbolForecast,
});

export class MarketAnalyzer implements PlatformComponent {
  readonly name = 'MarketAnalyzer';
  readonly migrations = MIGRATIONS;
  readonly #ctx: PlatformContext;
  readonly #data: DataManager;
  readonly #models: ModelInnovationAgent;

  constructor(ctx: PlatformContext, data: DataManager, models: ModelInnovationAgent) {
    this.#ctx = ctx;
    this.#data = data;
    this.#models = models;
  }

  /** Forecasts `sessions` sessions after the last bar with the symbol's incumbent model, and stores it. */
  forecast(symbol: string, sessions = DEFAULT_HORIZON, runId: string | null = null): SymbolForecast {
    if (!Number.isInteger(sessions) || sessions < 1 || sessions > MAX_FORECAST_SESSIONS) {
      throw new Error(`a forecast reaches 1 to ${MAX_FORECAST_SESSIONS} sessions ahead, got ${sessions}`);
    }
    const bars = barsOf(this.#data, symbol, DEFAULT_MIN_TRAIN + MIN_FOLDS).slice(-DEFAULT_HISTORY);
    const model = this.#models.incumbent(symbol);
    const horizon = Math.min(sessions, Math.max(1, Math.floor((bars.length - DEFAULT_MIN_TRAIN) / MIN_FOLDS)));
    const validated = forecastBars({ symbol, bars, horizon, calendar: this.#ctx.calendar, candidates: [model], history: DEFAULT_HISTORY });
    const scored = validated.validation.byModel[model.name];
    const result: SymbolForecast = {
      symbol,
      model: model.name,
      params: validated.params,
      origin: validated.origin,
      lastClose: validated.lastClose,
      sessions,
      points: sessions === horizon ? validated.points : this.#extend(bars, model, sessions),
      validation: {
        metric: validated.validation.metric, value: validated.validation.value, horizon, folds: validated.validation.folds,
        coverage80: scored?.kind === 'scored' ? scored.coverage80 : null, coverage95: scored?.kind === 'scored' ? scored.coverage95 : null,
      },
    };
    this.#ctx.db
      .prepare(
        `INSERT INTO market_forecasts (symbol, model, horizon, origin, created_at, run_id, body) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (symbol, horizon, origin) DO UPDATE SET model = excluded.model, created_at = excluded.created_at, run_id = excluded.run_id, body = excluded.body`,
      )
      .run(symbol, result.model, sessions, result.origin, this.#ctx.clock.now(), runId, JSON.stringify(result));
    return result;
  }

  /** The newest stored forecast of the symbol (of one horizon when given), or null. */
  latestForecast(symbol: string, sessions?: number): StoredForecast | null {
    const row = this.#ctx.db
      .prepare<[string, number | null, number | null], ForecastRow>(
        'SELECT * FROM market_forecasts WHERE symbol = ? AND (? IS NULL OR horizon = ?) ORDER BY created_at DESC, id DESC LIMIT 1',
      )
      .get(symbol, sessions ?? null, sessions ?? null);
    return row === undefined ? null : toStored(row);
  }

  /** Technical figures and the 5-session forecast (the stored one when it is from the last bar). */
  analyze(symbol: string, runId: string | null = null): SymbolAnalysis {
    const stats = technicalStats(barsOf(this.#data, symbol));
    const stored = this.latestForecast(symbol, DEFAULT_HORIZON);
    const forecast = stored !== null && stored.origin === stats.asOf ? stored.forecast : this.forecast(symbol, DEFAULT_HORIZON, runId);
    return { symbol, stats, forecast };
  }

  /** The scheduled job: every symbol (or `symbols`) analysed and forecast; symbols without enough bars are skipped. */
  analyzeAll(options: { symbols?: readonly string[]; runId?: string | null; signal?: AbortSignal; onSymbol?: (done: number, total: number, symbol: string) => void } = {}): AnalysisReport {
    const targets = options.symbols !== undefined && options.symbols.length > 0 ? options.symbols : this.#data.symbols;
    const report: AnalysisReport = { horizon: DEFAULT_HORIZON, asOf: null, symbols: {}, skipped: {} };
    targets.forEach((symbol, i) => {
      options.signal?.throwIfAborted();
      const count = this.#data.bars(symbol).length;
      if (count < DEFAULT_MIN_TRAIN + MIN_FOLDS && options.symbols === undefined) {
        report.skipped[symbol] = `${count} bars; a forecast needs at least ${DEFAULT_MIN_TRAIN + MIN_FOLDS}`;
      } else {
        const { stats, forecast } = this.analyze(symbol, options.runId ?? null);
        report.symbols[symbol] = summarise(stats, forecast);
        if (report.asOf === null || stats.asOf > report.asOf) report.asOf = stats.asOf;
      }
      options.onSymbol?.(i + 1, targets.length, symbol);
    });
    if (Object.keys(report.symbols).length === 0) throw new Error(`no symbol has enough bars to analyse (${Object.keys(report.skipped).join(', ')}); run data_sync first`);
    return report;
  }

  /** The path beyond the validated horizon: the model refitted on the history, as forecastBars does. */
  #extend(bars: readonly Bar[], model: Candidate, sessions: number): ForecastPoint[] {
    const logs = bars.map((bar) => Math.log(bar.close));
    const fitted = fitModel(model.spec, model.window === undefined ? logs : logs.slice(-model.window));
    const dates = nextSessionDates(this.#ctx.calendar, bars[bars.length - 1]!.date, sessions);
    return intervals(fitted.forecast(sessions), Math.exp).map((path, i) => ({
      date: dates[i] ?? '', value: path.mean, lower80: path.lower80, upper80: path.upper80, lower95: path.lower95, upper95: path.upper95,
    }));
  }

  /** Syncs a followed symbol that has no bars yet (an unknown one is left to barsOf's error). */
  async #ensureBars(symbol: string, signal: AbortSignal): Promise<void> {
    if (this.#data.latestPrice(symbol) === null && this.#data.symbols.includes(symbol)) await this.#data.sync([symbol], signal);
  }

  agents() {
    return {
      market_analysis: async (ctx: AgentContext) => {
        const command = ctx.parameters['command'];
        // A command may name a symbol before data_sync has run: fetch its bars first.
        if (command === 'forecast' || command === 'analyze') await this.#ensureBars(requiredSymbol(ctx.parameters), ctx.signal);
        switch (command) {
          case 'forecast': {
            const sessions = numberParameter(ctx.parameters, 'horizonDays', 1, MAX_FORECAST_SESSIONS) ?? DEFAULT_HORIZON;
            const forecast = this.forecast(requiredSymbol(ctx.parameters), Math.round(sessions), ctx.runId);
            ctx.logger.info({ symbol: forecast.symbol, model: forecast.model }, `forecast ${forecast.symbol} ${forecast.sessions} sessions`);
            return forecast;
          }
          case 'analyze':
            return this.analyze(requiredSymbol(ctx.parameters), ctx.runId);
          case undefined: {
            const symbols = symbolsParameter(ctx.parameters);
            const report = this.analyzeAll({
              ...(symbols === undefined ? {} : { symbols }), runId: ctx.runId, signal: ctx.signal,
              onSymbol: (done, total, symbol) => ctx.progress(done / total, `analysed ${symbol}`),
            });
            ctx.logger.info({ asOf: report.asOf }, `analysed ${Object.keys(report.symbols).length} symbols`);
            return report;
          }
          default:
            throw new Error(`market_analysis answers the commands forecast and analyze, not ${JSON.stringify(command)}`);
        }
      },
    };
  }

  conditions(): Condition[] {
    return [
      {
        name: 'forecasts_stale',
        description: 'symbols whose latest forecast predates their last bar (e.g. forecasts_stale: ">0")',
        valueKind: 'number',
        observe: () => this.#data.symbols.filter((symbol) => {
          const last = this.#data.bars(symbol, 1)[0]?.date;
          return last !== undefined && (this.latestForecast(symbol)?.origin ?? '') < last;
        }).length,
      },
    ];
  }
}

function requiredSymbol(parameters: Readonly<Record<string, unknown>>): string {
  const symbols = symbolsParameter(parameters);
  if (symbols?.length !== 1) throw new Error(`this command needs exactly one symbol, got ${JSON.stringify(parameters['symbol'] ?? parameters['symbols'] ?? null)}`);
  return symbols[0]!;
}

function summarise(stats: TechnicalStats, forecast: SymbolForecast): AnalysisSummary {
  const end = forecast.points[forecast.points.length - 1]!;
  const r = (x: number | null): number | null => (x === null ? null : round(x));
  return {
    model: forecast.model, lastClose: stats.lastClose, forecast: round(end.value, 2), expectedChange: round(end.value / stats.lastClose - 1),
    lower95: round(end.lower95, 2), upper95: round(end.upper95, 2), rsi14: r(stats.rsi14), volatility20: r(stats.volatility20), return20: r(stats.return20), trend: stats.trend,
  };
}
