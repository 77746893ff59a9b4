/**
 * The StrategyResearchAgent's tables: every backtest it ran (sweep validations and `backtest`
 * commands, with metrics and Monte Carlo) and the current leaderboard (replaced by each research
 * run, so it always ranks one sweep on one set of bars).
 */
import type Database from 'better-sqlite3';
import type { MigrationSet } from '../../store/sqlite/migrations.js';
import type { BacktestMetrics, RankedEntry } from '../research/index.js';

export const RESEARCH_MIGRATIONS: MigrationSet = {
  owner: "the platform's strategy research",
  table: 'platform_research_migrations',
  migrations: [
    {
      version: 1,
      name: 'backtests and leaderboard',
      sql: `
        CREATE TABLE research_backtests (
          id INTEGER PRIMARY KEY, kind TEXT NOT NULL CHECK (kind IN ('validation', 'command')),
          strategy TEXT NOT NULL, params TEXT NOT NULL, symbol TEXT NOT NULL, period TEXT NOT NULL,
          start_date TEXT NOT NULL, end_date TEXT NOT NULL, metrics TEXT NOT NULL, monte_carlo TEXT,
          trades INTEGER NOT NULL, created_at INTEGER NOT NULL, run_id TEXT, run_key TEXT,
          UNIQUE (run_key, strategy, params, symbol, period)
        );
        CREATE TABLE research_leaderboard (
          rank INTEGER PRIMARY KEY, strategy TEXT NOT NULL, params TEXT NOT NULL, symbol TEXT NOT NULL,
          score REAL, metrics TEXT NOT NULL, start_date TEXT NOT NULL, end_date TEXT NOT NULL,
          created_at INTEGER NOT NULL, run_id TEXT
        );
      `,
    },
  ],
};

export interface LeaderboardRow extends RankedEntry {
  startDate: string;
  endDate: string;
  createdAt: number;
  runId: string | null;
}

export interface BacktestRecord {
  id: number;
  kind: 'validation' | 'command';
  strategy: string;
  params: Record<string, number>;
  symbol: string;
  period: string;
  startDate: string;
  endDate: string;
  metrics: BacktestMetrics;
  monteCarlo: unknown;
  trades: number;
  createdAt: number;
  runId: string | null;
}

interface BacktestRow {
  id: number;
  kind: 'validation' | 'command';
  strategy: string;
  params: string;
  symbol: string;
  period: string;
  start_date: string;
  end_date: string;
  metrics: string;
  monte_carlo: string | null;
  trades: number;
  created_at: number;
  run_id: string | null;
}

interface BoardRow {
  rank: number;
  strategy: string;
  params: string;
  symbol: string;
  score: number | null;
  metrics: string;
  start_date: string;
  end_date: string;
  created_at: number;
  run_id: string | null;
}

/** Parameters as JSON with sorted keys, so equal parameter sets are equal strings. */
export const paramsJson = (params: Readonly<Record<string, number>>): string => JSON.stringify(Object.fromEntries(Object.keys(params).sort().map((k) => [k, params[k]])));

export class ResearchStore {
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
  }

  replaceLeaderboard(entries: readonly RankedEntry[], span: { startDate: string; endDate: string }, runId: string | null, now: number): void {
    const insert = this.#db.prepare('INSERT INTO research_leaderboard (rank, strategy, params, symbol, score, metrics, start_date, end_date, created_at, run_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    this.#db.transaction(() => {
      this.#db.prepare('DELETE FROM research_leaderboard').run();
      for (const e of entries) insert.run(e.rank, e.strategy, paramsJson(e.params), e.symbol, e.score, JSON.stringify(e.metrics), span.startDate, span.endDate, now, runId);
    })();
  }

  /** Best first. */
  leaderboard(limit = 1000): LeaderboardRow[] {
    return this.#db
      .prepare<[number], BoardRow>('SELECT * FROM research_leaderboard ORDER BY rank LIMIT ?')
      .all(limit)
      .map((r) => ({
        rank: r.rank,
        strategy: r.strategy,
        params: JSON.parse(r.params) as Record<string, number>,
        symbol: r.symbol,
        score: r.score,
        metrics: JSON.parse(r.metrics) as BacktestMetrics,
        startDate: r.start_date,
        endDate: r.end_date,
        createdAt: r.created_at,
        runId: r.run_id,
      }));
  }

  /** Stores a backtest; the same run chain storing the same backtest again replaces it. */
  saveBacktest(b: Omit<BacktestRecord, 'id'>, runKey: string | null): number {
    const row = this.#db
      .prepare<unknown[], { id: number }>(
        `INSERT INTO research_backtests (kind, strategy, params, symbol, period, start_date, end_date, metrics, monte_carlo, trades, created_at, run_id, run_key)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (run_key, strategy, params, symbol, period) DO UPDATE SET start_date = excluded.start_date, end_date = excluded.end_date,
           metrics = excluded.metrics, monte_carlo = excluded.monte_carlo, trades = excluded.trades, created_at = excluded.created_at
         RETURNING id`,
      )
      .get(b.kind, b.strategy, paramsJson(b.params), b.symbol, b.period, b.startDate, b.endDate, JSON.stringify(b.metrics), b.monteCarlo === null ? null : JSON.stringify(b.monteCarlo), b.trades, b.createdAt, b.runId, runKey) as { id: number };
    return row.id;
  }

  /** Newest first. */
  backtests(limit = 100): BacktestRecord[] {
    return this.#db
      .prepare<[number], BacktestRow>('SELECT * FROM research_backtests ORDER BY id DESC LIMIT ?')
      .all(limit)
      .map((r) => ({
        id: r.id,
        kind: r.kind,
        strategy: r.strategy,
        params: JSON.parse(r.params) as Record<string, number>,
        symbol: r.symbol,
        period: r.period,
        startDate: r.start_date,
        endDate: r.end_date,
        metrics: JSON.parse(r.metrics) as BacktestMetrics,
        monteCarlo: r.monte_carlo === null ? null : (JSON.parse(r.monte_carlo) as unknown),
        trades: r.trades,
        createdAt: r.created_at,
        runId: r.run_id,
      }));
  }
}
