/**
 * DataManager: the platform's daily bars. `data_sync` brings each symbol up to the last closed
 * session from the configured source (simulator, CSV folder, CSV URL), keeping the good rows and
 * recording the problems of the bad ones; every other component reads bars from here, never from
 * the source. `cache_management` trims history beyond what analysis uses. The condition
 * `market_volatility` is the benchmark's annualised 20-session realised volatility.
 */
import type Database from 'better-sqlite3';
import type { AgentContext } from '../../agents/agent.js';
import type { Condition } from '../../conditions/condition-registry.js';
import type { MigrationSet } from '../../store/sqlite/migrations.js';
import { lastClosedSession, type PlatformComponent, type PlatformContext } from '../core/platform-context.js';
import type { DataSourceSettings } from '../core/platform-settings.js';
import {
  CsvFolderMarketDataSource,
  CsvUrlMarketDataSource,
  SimulatedMarketDataSource,
  type Bar,
  type MarketDataSource,
} from '../market-data/index.js';

const MIGRATIONS: MigrationSet = {
  owner: "the platform's market data",
  table: 'platform_data_migrations',
  migrations: [
    {
      version: 1,
      name: 'bars and data problems',
      sql: `
        CREATE TABLE market_bars (
          symbol TEXT NOT NULL, date TEXT NOT NULL,
          open REAL NOT NULL, high REAL NOT NULL, low REAL NOT NULL, close REAL NOT NULL, volume REAL NOT NULL,
          PRIMARY KEY (symbol, date)
        ) WITHOUT ROWID;
        CREATE TABLE market_data_problems (
          id INTEGER PRIMARY KEY, at INTEGER NOT NULL, symbol TEXT NOT NULL,
          row INTEGER NOT NULL, severity TEXT NOT NULL, message TEXT NOT NULL
        );
      `,
    },
  ],
};

/** Bars are fetched from this many calendar days before the first session analysed. */
const DAY_MS = 86_400_000;
const VOLATILITY_WINDOW = 20;

export interface SyncReport {
  through: string;
  symbols: Record<string, { added: number; last: string | null; problems: number }>;
}

export function marketDataSource(settings: DataSourceSettings, context: Pick<PlatformContext, 'calendar'>): MarketDataSource {
  switch (settings.kind) {
    case 'simulator':
      return new SimulatedMarketDataSource({ calendar: context.calendar, seed: settings.seed, start: settings.start });
    case 'csv_dir':
      return new CsvFolderMarketDataSource({ dir: settings.dir, calendar: context.calendar });
    case 'csv_url':
      return new CsvUrlMarketDataSource({ urlTemplate: settings.urlTemplate });
    default: {
      const exhaustive: never = settings;
      return exhaustive;
    }
  }
}

export class DataManager implements PlatformComponent {
  readonly name = 'DataManager';
  readonly migrations = MIGRATIONS;
  readonly #ctx: PlatformContext;
  readonly #source: MarketDataSource;
  #statements: ReturnType<DataManager['prepare']> | null = null;

  constructor(ctx: PlatformContext, source: MarketDataSource = marketDataSource(ctx.settings.data, ctx)) {
    this.#ctx = ctx;
    this.#source = source;
  }

  private prepare(db: Database.Database) {
    return {
      upsert: db.prepare(
        `INSERT INTO market_bars (symbol, date, open, high, low, close, volume) VALUES (@symbol, @date, @open, @high, @low, @close, @volume)
         ON CONFLICT (symbol, date) DO UPDATE SET open = excluded.open, high = excluded.high, low = excluded.low, close = excluded.close, volume = excluded.volume`,
      ),
      last: db.prepare<[string], { date: string }>('SELECT date FROM market_bars WHERE symbol = ? ORDER BY date DESC LIMIT 1'),
      recent: db.prepare<[string, number], Bar>(`SELECT date, open, high, low, close, volume FROM market_bars WHERE symbol = ? ORDER BY date DESC LIMIT ?`),
      problem: db.prepare('INSERT INTO market_data_problems (at, symbol, row, severity, message) VALUES (?, ?, ?, ?, ?)'),
      trimBars: db.prepare('DELETE FROM market_bars WHERE symbol = ? AND date < ?'),
      trimProblems: db.prepare('DELETE FROM market_data_problems WHERE at < ?'),
      symbols: db.prepare<[], { symbol: string }>('SELECT DISTINCT symbol FROM market_bars'),
    };
  }

  get #sql(): ReturnType<DataManager['prepare']> {
    this.#statements ??= this.prepare(this.#ctx.db);
    return this.#statements;
  }

  /** The symbols the platform follows: the configured ones and the benchmark. */
  get symbols(): string[] {
    return [...new Set([...this.#ctx.settings.symbols, this.#ctx.settings.benchmark])];
  }

  /** Brings `symbols` (default all) up to the last closed session; idempotent. */
  async sync(symbols: readonly string[] = this.symbols, signal?: AbortSignal): Promise<SyncReport> {
    const through = lastClosedSession(this.#ctx.calendar, this.#ctx.clock.now());
    const report: SyncReport = { through, symbols: {} };
    const historyStart = this.#historyStart(through);
    for (const symbol of symbols) {
      signal?.throwIfAborted();
      const last = this.#sql.last.get(symbol)?.date ?? null;
      if (last !== null && last >= through) {
        report.symbols[symbol] = { added: 0, last, problems: 0 };
        continue;
      }
      const from = last === null ? historyStart : nextDay(last);
      const result = await this.#source.bars(symbol, from, through, signal ? { signal } : undefined);
      const now = this.#ctx.clock.now();
      this.#ctx.db.transaction(() => {
        for (const bar of result.bars) this.#sql.upsert.run({ symbol, ...bar });
        for (const p of result.problems) this.#sql.problem.run(now, symbol, p.row, p.severity, p.message);
      })();
      report.symbols[symbol] = { added: result.bars.length, last: result.bars.at(-1)?.date ?? last, problems: result.problems.length };
    }
    return report;
  }

  /** The newest `sessions` bars of `symbol`, oldest first. */
  bars(symbol: string, sessions = this.#ctx.settings.historySessions): Bar[] {
    return this.#sql.recent.all(symbol, sessions).reverse();
  }

  /** The latest close, or null before the first sync. */
  latestPrice(symbol: string): number | null {
    return this.#sql.recent.get(symbol, 1)?.close ?? null;
  }

  /** Latest closes of every symbol that has one. */
  latestPrices(symbols: readonly string[] = this.symbols): Record<string, number> {
    const prices: Record<string, number> = {};
    for (const symbol of symbols) {
      const price = this.latestPrice(symbol);
      if (price !== null) prices[symbol] = price;
    }
    return prices;
  }

  /** Daily simple returns of the newest `sessions` + 1 closes. */
  returns(symbol: string, sessions: number): number[] {
    const closes = this.bars(symbol, sessions + 1).map((b) => b.close);
    return closes.slice(1).map((close, i) => close / closes[i]! - 1);
  }

  /** Annualised realised volatility of the benchmark over 20 sessions; null without data. */
  marketVolatility(): number | null {
    const returns = this.returns(this.#ctx.settings.benchmark, VOLATILITY_WINDOW);
    if (returns.length < 2) return null;
    const mean = returns.reduce((a, b) => a + b, 0) / returns.length;
    const variance = returns.reduce((a, r) => a + (r - mean) ** 2, 0) / (returns.length - 1);
    return Math.sqrt(variance * 252);
  }

  /** Deletes bars older than twice the analysed history and data problems older than 30 days. */
  trim(): { barsDeleted: number; problemsDeleted: number } {
    const now = this.#ctx.clock.now();
    const cutoff = this.#historyStart(lastClosedSession(this.#ctx.calendar, now), 2);
    let barsDeleted = 0;
    for (const { symbol } of this.#sql.symbols.all()) barsDeleted += this.#sql.trimBars.run(symbol, cutoff).changes;
    const problemsDeleted = this.#sql.trimProblems.run(now - 30 * DAY_MS).changes;
    return { barsDeleted, problemsDeleted };
  }

  /** The first date of `factor` × historySessions sessions ending at `through` (calendar days, generously). */
  #historyStart(through: string, factor = 1): string {
    const days = Math.ceil(this.#ctx.settings.historySessions * factor * 1.5) + 15;
    return new Date(Date.parse(`${through}T00:00:00Z`) - days * DAY_MS).toISOString().slice(0, 10);
  }

  agents() {
    return {
      data_sync: async (ctx: AgentContext) => {
        const requested = ctx.parameters['symbols'];
        const symbols = Array.isArray(requested) && requested.length > 0 ? requested.map(String) : this.symbols;
        const report = await this.sync(symbols, ctx.signal);
        const added = Object.values(report.symbols).reduce((n, s) => n + s.added, 0);
        ctx.logger.info({ through: report.through, added }, `bars synced through ${report.through}`);
        return report;
      },
      cache_management: () => this.trim(),
    };
  }

  conditions(): Condition[] {
    return [
      {
        name: 'market_volatility',
        description: `annualised 20-session realised volatility of ${this.#ctx.settings.benchmark} (e.g. market_volatility: "<0.35")`,
        valueKind: 'number',
        observe: () => this.marketVolatility() ?? 0,
      },
    ];
  }
}

function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}
