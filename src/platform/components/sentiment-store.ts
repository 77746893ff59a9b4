/**
 * The SentimentAnalyzer's tables: scored headlines (once each, by id), daily aggregates per
 * symbol, news events (once per symbol and day) and the log of fetches, whose last end is where
 * the next fetch starts.
 */
import type Database from 'better-sqlite3';
import type { MigrationSet } from '../../store/sqlite/migrations.js';
import type { NewsEvent, ScoredHeadline, SentimentWindow, TermMatch } from '../sentiment/index.js';

const MIGRATIONS: MigrationSet = {
  owner: "the platform's sentiment",
  table: 'platform_sentiment_migrations',
  migrations: [
    {
      version: 1,
      name: 'headlines, daily sentiment, news events',
      sql: `
        CREATE TABLE headlines (
          id TEXT PRIMARY KEY, published TEXT NOT NULL, published_ms INTEGER NOT NULL, source TEXT NOT NULL,
          title TEXT NOT NULL, symbols TEXT NOT NULL, score REAL NOT NULL, evidence TEXT NOT NULL,
          url TEXT, fetched_at INTEGER NOT NULL
        );
        CREATE INDEX headlines_published ON headlines (published_ms);
        CREATE TABLE sentiment_daily (
          symbol TEXT NOT NULL, date TEXT NOT NULL, mean REAL NOT NULL, weighted REAL NOT NULL,
          count INTEGER NOT NULL, change REAL, PRIMARY KEY (symbol, date)
        ) WITHOUT ROWID;
        CREATE TABLE news_events (
          id INTEGER PRIMARY KEY, symbol TEXT NOT NULL, date TEXT NOT NULL, at INTEGER NOT NULL,
          score REAL NOT NULL, previous REAL, change REAL, z REAL, count INTEGER NOT NULL,
          trigger TEXT NOT NULL, headlines TEXT NOT NULL, detected_at INTEGER NOT NULL, journal_id INTEGER,
          UNIQUE (symbol, date)
        );
        CREATE INDEX news_events_at ON news_events (at);
        CREATE TABLE sentiment_fetches (
          id INTEGER PRIMARY KEY, at INTEGER NOT NULL, from_ms INTEGER NOT NULL, to_ms INTEGER NOT NULL,
          fetched INTEGER NOT NULL, added INTEGER NOT NULL, issues INTEGER NOT NULL
        );
      `,
    },
  ],
};

export interface SentimentDay {
  date: string;
  mean: number;
  weighted: number;
  count: number;
  change: number | null;
}

export type StoredHeadline = ScoredHeadline;

interface HeadlineRow {
  id: string;
  published: string;
  source: string;
  title: string;
  symbols: string;
  score: number;
  evidence: string;
  url: string | null;
}

const toHeadline = (row: HeadlineRow): StoredHeadline => ({
  id: row.id,
  published: row.published,
  source: row.source,
  title: row.title,
  symbols: JSON.parse(row.symbols) as string[],
  score: row.score,
  evidence: JSON.parse(row.evidence) as TermMatch[],
  ...(row.url === null ? {} : { url: row.url }),
});

export class SentimentStore {
  readonly migrations = MIGRATIONS;
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
  }

  lastFetchEnd(): number | null {
    return this.#db.prepare<[], { end: number | null }>('SELECT MAX(to_ms) AS end FROM sentiment_fetches').get()?.end ?? null;
  }

  recordFetch(fetch: { at: number; fromMs: number; toMs: number; fetched: number; added: number; issues: number }): void {
    this.#db
      .prepare('INSERT INTO sentiment_fetches (at, from_ms, to_ms, fetched, added, issues) VALUES (?, ?, ?, ?, ?, ?)')
      .run(fetch.at, fetch.fromMs, fetch.toMs, fetch.fetched, fetch.added, fetch.issues);
  }

  /** Inserts the headlines not stored yet; returns those. */
  insertHeadlines(headlines: readonly ScoredHeadline[], fetchedAt: number): ScoredHeadline[] {
    const insert = this.#db.prepare(
      `INSERT OR IGNORE INTO headlines (id, published, published_ms, source, title, symbols, score, evidence, url, fetched_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    return this.#db.transaction(() =>
      headlines.filter(
        (h) =>
          insert.run(h.id, h.published, Date.parse(h.published), h.source, h.title, JSON.stringify(h.symbols), h.score, JSON.stringify(h.evidence), h.url ?? null, fetchedAt)
            .changes === 1,
      ),
    )();
  }

  /** Stored headlines published at or after `fromMs`, oldest first. */
  headlinesSince(fromMs: number): StoredHeadline[] {
    return this.#db.prepare<[number], HeadlineRow>('SELECT * FROM headlines WHERE published_ms >= ? ORDER BY published_ms, id').all(fromMs).map(toHeadline);
  }

  /** The symbol's headlines since `fromMs`, strongest (by |score|) first. */
  headlinesAbout(symbol: string, fromMs: number, limit: number): StoredHeadline[] {
    return this.#db
      .prepare<[number, string, number], HeadlineRow>(
        `SELECT * FROM headlines WHERE published_ms >= ? AND EXISTS (SELECT 1 FROM json_each(headlines.symbols) WHERE value = ?)
         ORDER BY ABS(score) DESC, published_ms DESC LIMIT ?`,
      )
      .all(fromMs, symbol, limit)
      .map(toHeadline);
  }

  upsertDays(windows: readonly SentimentWindow[]): void {
    const upsert = this.#db.prepare(
      `INSERT INTO sentiment_daily (symbol, date, mean, weighted, count, change) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (symbol, date) DO UPDATE SET mean = excluded.mean, weighted = excluded.weighted, count = excluded.count, change = excluded.change`,
    );
    this.#db.transaction(() => {
      for (const w of windows) upsert.run(w.symbol, w.date, w.mean, w.weighted, w.count, w.change);
    })();
  }

  /** The symbol's newest `days` aggregates, oldest first. */
  recentDays(symbol: string, days: number): SentimentDay[] {
    return this.#db
      .prepare<[string, number], SentimentDay>('SELECT date, mean, weighted, count, change FROM sentiment_daily WHERE symbol = ? ORDER BY date DESC LIMIT ?')
      .all(symbol, days)
      .reverse();
  }

  /** Stores the event unless its symbol and day already have one; true when stored. */
  claimEvent(event: NewsEvent, at: number, detectedAt: number): boolean {
    return (
      this.#db
        .prepare(
          `INSERT OR IGNORE INTO news_events (symbol, date, at, score, previous, change, z, count, trigger, headlines, detected_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(event.symbol, event.date, at, event.score, event.previous, event.change, event.z, event.count, event.trigger, JSON.stringify(event.headlines), detectedAt).changes === 1
    );
  }

  linkEvent(event: NewsEvent, journalId: number): void {
    this.#db.prepare('UPDATE news_events SET journal_id = ? WHERE symbol = ? AND date = ?').run(journalId, event.symbol, event.date);
  }

  eventsAbout(symbol: string, limit: number): { date: string; score: number; z: number | null; count: number }[] {
    return this.#db
      .prepare<[string, number], { date: string; score: number; z: number | null; count: number }>('SELECT date, score, z, count FROM news_events WHERE symbol = ? ORDER BY date DESC LIMIT ?')
      .all(symbol, limit);
  }

  /** Events whose latest headline was published in (fromMs, toMs]. */
  countEventsBetween(fromMs: number, toMs: number): number {
    return this.#db.prepare<[number, number], { n: number }>('SELECT COUNT(*) AS n FROM news_events WHERE at > ? AND at <= ?').get(fromMs, toMs)?.n ?? 0;
  }
}
