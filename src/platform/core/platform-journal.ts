/**
 * The platform's journal: every decision worth explaining — a fill, a model chosen or replaced,
 * a risk action, a rebalance, a strategy allocation — with the numbers that drove it. Components
 * append; the ExplainerAgent turns entries into plain language, and reports and the dashboard
 * read them. Entries are never updated.
 */
import type Database from 'better-sqlite3';
import type { MigrationSet } from '../../store/sqlite/migrations.js';

export type JournalKind = 'trade' | 'order' | 'model_choice' | 'risk_action' | 'rebalance' | 'allocation' | 'news_event';

export interface JournalEntry {
  id: number;
  at: number;
  kind: JournalKind;
  /** What the entry is about: an order id, a symbol, a run id. */
  subject: string;
  symbol: string | null;
  /** One sentence saying what happened, with its numbers. */
  summary: string;
  /** The numbers, by name, for explanations and reports. */
  facts: Record<string, unknown>;
  /** The run that made the decision, when a task did. */
  runId: string | null;
}

export const JOURNAL_MIGRATIONS: MigrationSet = {
  owner: "the platform's journal",
  table: 'platform_journal_migrations',
  migrations: [
    {
      version: 1,
      name: 'journal',
      sql: `
        CREATE TABLE platform_journal (
          id INTEGER PRIMARY KEY, at INTEGER NOT NULL, kind TEXT NOT NULL, subject TEXT NOT NULL,
          symbol TEXT, summary TEXT NOT NULL, facts TEXT NOT NULL, run_id TEXT
        );
        CREATE INDEX platform_journal_kind ON platform_journal (kind, id);
      `,
    },
  ],
};

interface Row {
  id: number;
  at: number;
  kind: JournalKind;
  subject: string;
  symbol: string | null;
  summary: string;
  facts: string;
  run_id: string | null;
}

const toEntry = (row: Row): JournalEntry => ({ ...row, facts: JSON.parse(row.facts) as Record<string, unknown>, runId: row.run_id });

export class PlatformJournal {
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
  }

  append(entry: Omit<JournalEntry, 'id'>): number {
    const info = this.#db
      .prepare('INSERT INTO platform_journal (at, kind, subject, symbol, summary, facts, run_id) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(entry.at, entry.kind, entry.subject, entry.symbol, entry.summary, JSON.stringify(entry.facts), entry.runId);
    return Number(info.lastInsertRowid);
  }

  /** Entries after `afterId`, oldest first, optionally of some kinds only. */
  since(afterId: number, options: { kinds?: readonly JournalKind[]; limit?: number } = {}): JournalEntry[] {
    const kinds = options.kinds ?? [];
    const where = kinds.length > 0 ? `AND kind IN (${kinds.map(() => '?').join(', ')})` : '';
    const rows = this.#db.prepare<unknown[], Row>(`SELECT * FROM platform_journal WHERE id > ? ${where} ORDER BY id LIMIT ?`).all(afterId, ...kinds, options.limit ?? 1000);
    return rows.map(toEntry);
  }

  /** The newest entries, newest first. */
  latest(options: { kinds?: readonly JournalKind[]; subject?: string; limit?: number } = {}): JournalEntry[] {
    const kinds = options.kinds ?? [];
    const clauses = [kinds.length > 0 ? `kind IN (${kinds.map(() => '?').join(', ')})` : null, options.subject !== undefined ? 'subject = ?' : null].filter((c) => c !== null);
    const where = clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '';
    const args = [...kinds, ...(options.subject !== undefined ? [options.subject] : []), options.limit ?? 50];
    return this.#db.prepare<unknown[], Row>(`SELECT * FROM platform_journal ${where} ORDER BY id DESC LIMIT ?`).all(...args).map(toEntry);
  }

  get(id: number): JournalEntry | null {
    const row = this.#db.prepare<[number], Row>('SELECT * FROM platform_journal WHERE id = ?').get(id);
    return row === undefined ? null : toEntry(row);
  }
}
