/**
 * ExplainerAgent: every decision in the journal gets a plain-language explanation citing its
 * numbers. `explanation` explains the entries written since its last run (trades, model choices,
 * risk actions, rebalances, allocations, news events; orders are explained by their fills); the
 * command `explain last | r_… | trd_…` answers with the latest explanation, those of one run's
 * entries, or that of one trade, explaining whatever is still pending first. With
 * settings.explanationLlmUrl set, each template text is rewritten by that endpoint; when it fails
 * the template text is kept and the failure logged and counted.
 */
import type { AgentContext } from '../../agents/agent.js';
import type { Condition } from '../../conditions/condition-registry.js';
import type { MigrationSet } from '../../store/sqlite/migrations.js';
import type { PlatformComponent, PlatformContext } from '../core/platform-context.js';
import type { JournalEntry, JournalKind } from '../core/platform-journal.js';
import { rewriteExplanation } from './explanation-llm.js';
import { explanationText } from './explanation-templates.js';

const MIGRATIONS: MigrationSet = {
  owner: "the platform's explanations",
  table: 'platform_explainer_migrations',
  migrations: [
    {
      version: 1,
      name: 'explanations',
      sql: `
        CREATE TABLE explanations (
          id INTEGER PRIMARY KEY, journal_id INTEGER NOT NULL UNIQUE, kind TEXT NOT NULL, subject TEXT NOT NULL,
          symbol TEXT, run_id TEXT, text TEXT NOT NULL, facts TEXT NOT NULL, source TEXT NOT NULL, created_at INTEGER NOT NULL
        );
        CREATE INDEX explanations_subject ON explanations (subject);
        CREATE INDEX explanations_run ON explanations (run_id);
        -- How far the scheduled run has read the journal.
        CREATE TABLE explainer_cursor (id INTEGER PRIMARY KEY CHECK (id = 1), journal_id INTEGER NOT NULL);
      `,
    },
  ],
};

/** The kinds the scheduled run explains. */
export const EXPLAINED_KINDS: readonly JournalKind[] = ['trade', 'model_choice', 'risk_action', 'rebalance', 'allocation', 'news_event'];
const PAGE = 200;

export interface Explanation {
  journalId: number;
  kind: JournalKind;
  subject: string;
  symbol: string | null;
  runId: string | null;
  text: string;
  /** `llm` when the endpoint rewrote the template text. */
  source: 'template' | 'llm';
  createdAt: number;
}

interface Row {
  journal_id: number;
  kind: JournalKind;
  subject: string;
  symbol: string | null;
  run_id: string | null;
  text: string;
  source: 'template' | 'llm';
  created_at: number;
}

const toExplanation = (r: Row): Explanation => ({
  journalId: r.journal_id,
  kind: r.kind,
  subject: r.subject,
  symbol: r.symbol,
  runId: r.run_id,
  text: r.text,
  source: r.source,
  createdAt: r.created_at,
});

export interface ExplainReport {
  explained: number;
  byKind: Partial<Record<JournalKind, number>>;
  llm: { used: number; fallbacks: number };
  /** Entries left for the next run (the per-run cap was reached). */
  remaining: number;
  latest: string | null;
}

export interface ExplainerOptions {
  /** Timeout of one LLM request, in milliseconds. Default 10 000. */
  llmTimeoutMs?: number;
  /** Most entries one run explains. Default 2 000. */
  maxPerRun?: number;
}

export class ExplainerAgent implements PlatformComponent {
  readonly name = 'ExplainerAgent';
  readonly migrations = MIGRATIONS;
  readonly #ctx: PlatformContext;
  readonly #llmTimeoutMs: number;
  readonly #maxPerRun: number;

  constructor(ctx: PlatformContext, options: ExplainerOptions = {}) {
    this.#ctx = ctx;
    this.#llmTimeoutMs = options.llmTimeoutMs ?? 10_000;
    this.#maxPerRun = options.maxPerRun ?? 2_000;
  }

  /** Explains the entries written since the last scheduled run, oldest first. */
  async explainPending(signal?: AbortSignal): Promise<ExplainReport> {
    const report: ExplainReport = { explained: 0, byKind: {}, llm: { used: 0, fallbacks: 0 }, remaining: 0, latest: null };
    for (;;) {
      const entries = this.#ctx.journal.since(this.#cursor(), { kinds: EXPLAINED_KINDS, limit: PAGE });
      if (entries.length === 0) return report;
      for (const entry of entries) {
        signal?.throwIfAborted();
        if (report.explained >= this.#maxPerRun) {
          report.remaining = this.backlog();
          return report;
        }
        if (this.#find(entry.id) === null) {
          const explanation = await this.explain(entry, signal, report.llm);
          report.explained++;
          report.byKind[entry.kind] = (report.byKind[entry.kind] ?? 0) + 1;
          report.latest = explanation.text;
        }
        this.#ctx.db.prepare('INSERT INTO explainer_cursor (id, journal_id) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET journal_id = excluded.journal_id').run(entry.id);
      }
    }
  }

  /** Explains one entry (again returning the stored explanation if it has one). */
  async explain(entry: JournalEntry, signal?: AbortSignal, llm = { used: 0, fallbacks: 0 }): Promise<Explanation> {
    const existing = this.#find(entry.id);
    if (existing !== null) return existing;
    let text = explanationText(entry);
    let source: Explanation['source'] = 'template';
    const url = this.#ctx.settings.explanationLlmUrl;
    if (url !== null) {
      try {
        text = await rewriteExplanation(url, { kind: entry.kind, subject: entry.subject, symbol: entry.symbol, summary: entry.summary, facts: entry.facts, text }, { timeoutMs: this.#llmTimeoutMs, ...(signal ? { signal } : {}) });
        source = 'llm';
        llm.used++;
      } catch (error) {
        // Rethrow a cancellation of the run itself; an LLM failure only costs the rewrite.
        signal?.throwIfAborted();
        llm.fallbacks++;
        this.#ctx.logger.warn({ err: error, journalId: entry.id }, `explanation LLM failed, the template text is kept: ${(error as Error).message}`);
      }
    }
    const now = this.#ctx.clock.now();
    this.#ctx.db
      .prepare('INSERT OR IGNORE INTO explanations (journal_id, kind, subject, symbol, run_id, text, facts, source, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(entry.id, entry.kind, entry.subject, entry.symbol, entry.runId, text, JSON.stringify(entry.facts), source, now);
    return this.#find(entry.id) ?? { journalId: entry.id, kind: entry.kind, subject: entry.subject, symbol: entry.symbol, runId: entry.runId, text, source, createdAt: now };
  }

  /** Journal entries of the explained kinds that have no explanation yet. */
  backlog(): number {
    return this.pendingEntries().length;
  }

  /** Those entries, oldest first (at most 10 000). */
  pendingEntries(): JournalEntry[] {
    return this.#ctx.journal.since(this.#cursor(), { kinds: EXPLAINED_KINDS, limit: 10_000 }).filter((e) => this.#find(e.id) === null);
  }

  /** The newest explanations, newest first. */
  recent(limit = 20): Explanation[] {
    return this.#ctx.db.prepare<[number], Row>('SELECT * FROM explanations ORDER BY journal_id DESC LIMIT ?').all(limit).map(toExplanation);
  }

  /** `explain last`: the newest explanation. */
  async last(signal?: AbortSignal): Promise<Explanation> {
    await this.explainPending(signal);
    const latest = this.recent(1)[0];
    if (latest === undefined) throw new Error('nothing to explain yet: the journal has no trade, model choice, risk action, rebalance, allocation or news event');
    return latest;
  }

  /** `explain trd_…`: the explanations of the journal entries about that trade. */
  async forTrade(tradeId: string, signal?: AbortSignal): Promise<Explanation[]> {
    const entries = this.#ctx.journal.latest({ subject: tradeId, limit: 20 }).reverse();
    if (entries.length === 0) throw new Error(`no journal entry is about trade ${tradeId}: check the id with the portfolio's trade list (trade ids look like trd_…)`);
    const trades = entries.filter((e) => e.kind === 'trade');
    const explanations: Explanation[] = [];
    for (const entry of trades.length > 0 ? trades : entries) explanations.push(await this.explain(entry, signal));
    return explanations;
  }

  /** `explain r_…`: the explanations of the journal entries that run made, oldest first. */
  async forRun(runId: string, signal?: AbortSignal): Promise<Explanation[]> {
    await this.explainPending(signal);
    const rows = this.#ctx.db.prepare<[string], Row>('SELECT * FROM explanations WHERE run_id = ? COLLATE NOCASE ORDER BY journal_id').all(runId);
    if (rows.length === 0) throw new Error(`run ${runId} made no decision in the journal (no trade, model choice, risk action, rebalance, allocation or news event): nothing to explain`);
    return rows.map(toExplanation);
  }

  #find(journalId: number): Explanation | null {
    const row = this.#ctx.db.prepare<[number], Row>('SELECT * FROM explanations WHERE journal_id = ?').get(journalId);
    return row === undefined ? null : toExplanation(row);
  }

  #cursor(): number {
    return this.#ctx.db.prepare<[], { journal_id: number }>('SELECT journal_id FROM explainer_cursor WHERE id = 1').get()?.journal_id ?? 0;
  }

  agents() {
    return {
      explanation: async (ctx: AgentContext) => {
        if (ctx.parameters['command'] !== 'explain') {
          const report = await this.explainPending(ctx.signal);
          ctx.logger.info({ explained: report.explained, llm: report.llm }, `${report.explained} journal entries explained`);
          return report;
        }
        const target = ctx.parameters['target'];
        if (target === 'last') return { target, explanations: [await this.last(ctx.signal)] };
        if (target === 'trade') return { target, tradeId: ctx.parameters['tradeId'], explanations: await this.forTrade(String(ctx.parameters['tradeId']), ctx.signal) };
        if (target === 'run') return { target, runId: ctx.parameters['runId'], explanations: await this.forRun(String(ctx.parameters['runId']), ctx.signal) };
        throw new Error(`explain needs a target: last, a run id (r_…) or a trade id (trd_…), got ${JSON.stringify(target)}`);
      },
    };
  }

  conditions(): Condition[] {
    return [];
  }
}
