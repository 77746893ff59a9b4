/**
 * ModelStore: the forecasting models the platform has chosen and tried, kept by the
 * ModelInnovationAgent. Three tables:
 *
 * - `model_incumbents`: each symbol's current model (candidate name), with the metric and score
 *   it was chosen on, the validation horizon and when it was last scored;
 * - `model_candidates`: candidates kept by innovation beyond DEFAULT_CANDIDATES (the registry
 *   every later validation scores);
 * - `model_trials`: every proposal tried against a symbol's incumbent, kept or not, with its
 *   score, so innovation tries other configurations next time and reports can show the history.
 */
import type Database from 'better-sqlite3';
import type { ErrorMetric } from '../forecasting/index.js';
import type { MigrationSet } from '../../store/sqlite/migrations.js';

export const MODEL_MIGRATIONS: MigrationSet = {
  owner: "the platform's forecasting models",
  table: 'platform_model_migrations',
  migrations: [
    {
      version: 1,
      name: 'incumbents, candidates and trials',
      sql: `
        CREATE TABLE model_incumbents (
          symbol TEXT PRIMARY KEY, candidate TEXT NOT NULL, metric TEXT NOT NULL, score REAL NOT NULL,
          horizon INTEGER NOT NULL, folds INTEGER NOT NULL, scored_at INTEGER NOT NULL, run_id TEXT
        );
        CREATE TABLE model_candidates (
          name TEXT PRIMARY KEY, added_at INTEGER NOT NULL, symbol TEXT NOT NULL, run_id TEXT
        );
        CREATE TABLE model_trials (
          id INTEGER PRIMARY KEY, at INTEGER NOT NULL, run_id TEXT, symbol TEXT NOT NULL,
          candidate TEXT NOT NULL, incumbent TEXT NOT NULL, metric TEXT NOT NULL,
          score REAL, incumbent_score REAL NOT NULL, ratio REAL, kept INTEGER NOT NULL, error TEXT
        );
        CREATE INDEX model_trials_symbol ON model_trials (symbol, at);
      `,
    },
  ],
};

/** A symbol's current model. */
export interface IncumbentRecord {
  readonly symbol: string;
  /** Candidate name ('holt-damped', 'ar(2)@120'); parseCandidate turns it back into a model. */
  readonly candidate: string;
  readonly metric: ErrorMetric;
  /** Its value of `metric` when last scored (lower is better). */
  readonly score: number;
  /** Sessions ahead it was validated on. */
  readonly horizon: number;
  /** Rolling origins scored. */
  readonly folds: number;
  /** Epoch ms of the last scoring. */
  readonly scoredAt: number;
  readonly runId: string | null;
}

/** A candidate kept by innovation. */
export interface RegisteredCandidate {
  readonly name: string;
  readonly addedAt: number;
  /** The symbol it first won on. */
  readonly symbol: string;
  readonly runId: string | null;
}

/** One proposal tried against a symbol's incumbent. */
export interface TrialRecord {
  readonly id: number;
  readonly at: number;
  readonly runId: string | null;
  readonly symbol: string;
  readonly candidate: string;
  readonly incumbent: string;
  readonly metric: ErrorMetric;
  /** The proposal's metric value; null when it could not be scored. */
  readonly score: number | null;
  readonly incumbentScore: number;
  /** score / incumbentScore (below 1 is better); null when not scored. */
  readonly ratio: number | null;
  readonly kept: boolean;
  /** Why it could not be scored. */
  readonly error: string | null;
}

interface IncumbentRow {
  symbol: string;
  candidate: string;
  metric: ErrorMetric;
  score: number;
  horizon: number;
  folds: number;
  scored_at: number;
  run_id: string | null;
}

interface TrialRow {
  id: number;
  at: number;
  run_id: string | null;
  symbol: string;
  candidate: string;
  incumbent: string;
  metric: ErrorMetric;
  score: number | null;
  incumbent_score: number;
  ratio: number | null;
  kept: number;
  error: string | null;
}

const toIncumbent = (row: IncumbentRow): IncumbentRecord => ({
  symbol: row.symbol, candidate: row.candidate, metric: row.metric, score: row.score,
  horizon: row.horizon, folds: row.folds, scoredAt: row.scored_at, runId: row.run_id,
});

const toTrial = (row: TrialRow): TrialRecord => ({
  id: row.id, at: row.at, runId: row.run_id, symbol: row.symbol, candidate: row.candidate, incumbent: row.incumbent,
  metric: row.metric, score: row.score, incumbentScore: row.incumbent_score, ratio: row.ratio, kept: row.kept === 1, error: row.error,
});

export class ModelStore {
  readonly #db: Database.Database;
  #statements: ReturnType<ModelStore['prepare']> | null = null;

  constructor(db: Database.Database) {
    this.#db = db;
  }

  private prepare(db: Database.Database) {
    return {
      incumbent: db.prepare<[string], IncumbentRow>('SELECT * FROM model_incumbents WHERE symbol = ?'),
      incumbents: db.prepare<[], IncumbentRow>('SELECT * FROM model_incumbents ORDER BY symbol'),
      saveIncumbent: db.prepare(
        `INSERT INTO model_incumbents (symbol, candidate, metric, score, horizon, folds, scored_at, run_id)
         VALUES (@symbol, @candidate, @metric, @score, @horizon, @folds, @scoredAt, @runId)
         ON CONFLICT (symbol) DO UPDATE SET candidate = excluded.candidate, metric = excluded.metric, score = excluded.score,
           horizon = excluded.horizon, folds = excluded.folds, scored_at = excluded.scored_at, run_id = excluded.run_id`,
      ),
      candidates: db.prepare<[], { name: string; added_at: number; symbol: string; run_id: string | null }>('SELECT * FROM model_candidates ORDER BY added_at, name'),
      addCandidate: db.prepare('INSERT OR IGNORE INTO model_candidates (name, added_at, symbol, run_id) VALUES (?, ?, ?, ?)'),
      addTrial: db.prepare(
        `INSERT INTO model_trials (at, run_id, symbol, candidate, incumbent, metric, score, incumbent_score, ratio, kept, error)
         VALUES (@at, @runId, @symbol, @candidate, @incumbent, @metric, @score, @incumbentScore, @ratio, @kept, @error)`,
      ),
      trials: db.prepare<[string | null, string | null, number], TrialRow>('SELECT * FROM model_trials WHERE (? IS NULL OR symbol = ?) ORDER BY id DESC LIMIT ?'),
      triedSince: db.prepare<[string, number], { candidate: string }>('SELECT DISTINCT candidate FROM model_trials WHERE symbol = ? AND at >= ?'),
    };
  }

  get #sql(): ReturnType<ModelStore['prepare']> {
    this.#statements ??= this.prepare(this.#db);
    return this.#statements;
  }

  incumbent(symbol: string): IncumbentRecord | null {
    const row = this.#sql.incumbent.get(symbol);
    return row === undefined ? null : toIncumbent(row);
  }

  incumbents(): IncumbentRecord[] {
    return this.#sql.incumbents.all().map(toIncumbent);
  }

  saveIncumbent(record: IncumbentRecord): void {
    this.#sql.saveIncumbent.run(record);
  }

  /** Candidates kept by innovation, oldest first. */
  candidates(): RegisteredCandidate[] {
    return this.#sql.candidates.all().map((row) => ({ name: row.name, addedAt: row.added_at, symbol: row.symbol, runId: row.run_id }));
  }

  /** Registers a kept candidate; false when it already was. */
  addCandidate(candidate: RegisteredCandidate): boolean {
    return this.#sql.addCandidate.run(candidate.name, candidate.addedAt, candidate.symbol, candidate.runId).changes > 0;
  }

  addTrial(trial: Omit<TrialRecord, 'id'>): number {
    return Number(this.#sql.addTrial.run({ ...trial, kept: trial.kept ? 1 : 0 }).lastInsertRowid);
  }

  /** Newest trials first, of one symbol or all. */
  trials(options: { symbol?: string; limit?: number } = {}): TrialRecord[] {
    const symbol = options.symbol ?? null;
    return this.#sql.trials.all(symbol, symbol, options.limit ?? 100).map(toTrial);
  }

  /** Names of the candidates tried on `symbol` since `since` (epoch ms). */
  triedSince(symbol: string, since: number): string[] {
    return this.#sql.triedSince.all(symbol, since).map((row) => row.candidate);
  }

  /** Several writes as one transaction. */
  transaction<T>(work: () => T): T {
    return this.#db.transaction(work)();
  }
}
