/**
 * SentimentAnalyzer: news sentiment per symbol. `sentiment_fetch` reads the headlines published
 * since the last fetch (the last `backfillDays` on the first run) from the configured source,
 * scores and attributes them with the finance lexicon, stores them once each (by id), refreshes
 * the daily aggregates of the days they touch and detects news events, each stored once and
 * journalled as `news_event`. The command `sentiment <SYMBOL>` answers with the symbol's latest
 * aggregate, its trend and its strongest recent headlines. The condition `news_events` counts the
 * events whose news came in the last 24 hours.
 */
import type { AgentContext } from '../../agents/agent.js';
import type { Condition } from '../../conditions/condition-registry.js';
import type { MigrationSet } from '../../store/sqlite/migrations.js';
import type { PlatformComponent, PlatformContext } from '../core/platform-context.js';
import type { HeadlineSourceSettings } from '../core/platform-settings.js';
import {
  aggregateSentiment,
  DEFAULT_COMPANY_NAMES,
  detectNewsEvents,
  FileHeadlineSource,
  JsonFeedHeadlineSource,
  SampleHeadlineSource,
  scoreHeadlines,
  SymbolAttributor,
  type HeadlineSource,
  type NewsEvent,
  type ScoredHeadline,
} from '../sentiment/index.js';
import { formatSigned } from './figure-format.js';
import { SentimentStore, type StoredHeadline, type SentimentDay } from './sentiment-store.js';

const DAY_MS = 86_400_000;
/** Baseline (20 days) + recency horizon (10 half-lives of a day) of the sentiment library, plus a day. */
const CONTEXT_DAYS = 31;
const TREND_DAYS = 7;
/** A weighted score that moved more than this over the trend window is a direction, not noise. */
const TREND_THRESHOLD = 0.1;

export interface SentimentAnalyzerOptions {
  /** Default: the source of settings.headlines. */
  source?: HeadlineSource;
  /** Days read on the first fetch. Default 30 (enough for the 20-day event baseline). */
  backfillDays?: number;
  /**
   * Each fetch starts this long before the previous one ended, so items a feed publishes late are
   * still caught; the overlap is deduplicated by id. Default 1 day.
   */
  overlapMs?: number;
  /** Events are only looked for on days this recent; older days serve as baseline. Default 7. */
  eventHorizonDays?: number;
}

export interface SymbolSentiment extends SentimentDay {
  trend: 'improving' | 'deteriorating' | 'stable';
}

export interface FetchReport {
  source: string;
  from: string;
  to: string;
  fetched: number;
  added: number;
  duplicates: number;
  issues: number;
  events: { symbol: string; date: string; score: number; z: number | null; trigger: string; journalId: number }[];
  symbols: Record<string, SymbolSentiment>;
}

export interface SentimentAnswer {
  symbol: string;
  latest: SentimentDay;
  trend: { direction: SymbolSentiment['trend']; change: number; days: SentimentDay[] };
  headlines: { published: string; source: string; title: string; score: number; terms: string[] }[];
  events: { date: string; score: number; z: number | null; count: number }[];
}

export function headlineSource(settings: HeadlineSourceSettings, symbols: readonly string[]): HeadlineSource {
  switch (settings.kind) {
    case 'sample':
      return new SampleHeadlineSource({ seed: settings.seed, symbols });
    case 'files':
      return new FileHeadlineSource({ dir: settings.dir });
    case 'url':
      return new JsonFeedHeadlineSource({ url: settings.url });
    default: {
      const exhaustive: never = settings;
      return exhaustive;
    }
  }
}

export class SentimentAnalyzer implements PlatformComponent {
  readonly name = 'SentimentAnalyzer';
  readonly migrations: MigrationSet;
  readonly #ctx: PlatformContext;
  readonly #source: HeadlineSource;
  readonly #store: SentimentStore;
  readonly #attributor: SymbolAttributor;
  readonly #options: Required<Omit<SentimentAnalyzerOptions, 'source'>>;

  constructor(ctx: PlatformContext, options: SentimentAnalyzerOptions = {}) {
    this.#ctx = ctx;
    this.#source = options.source ?? headlineSource(ctx.settings.headlines, ctx.settings.symbols);
    this.#store = new SentimentStore(ctx.db);
    this.migrations = this.#store.migrations;
    this.#attributor = new SymbolAttributor({ names: DEFAULT_COMPANY_NAMES, universe: ctx.settings.symbols });
    this.#options = { backfillDays: options.backfillDays ?? 30, overlapMs: options.overlapMs ?? DAY_MS, eventHorizonDays: options.eventHorizonDays ?? 7 };
  }

  /** Fetches, scores, stores, aggregates and detects events; idempotent over the same headlines. */
  async fetch(options: { signal?: AbortSignal; runId?: string | null } = {}): Promise<FetchReport> {
    const now = this.#ctx.clock.now();
    const lastTo = this.#store.lastFetchEnd();
    const from = lastTo === null ? now - this.#options.backfillDays * DAY_MS : Math.min(lastTo - this.#options.overlapMs, now);
    const batch = await this.#source.headlines(from, now, options.signal ? { signal: options.signal } : {});
    for (const issue of batch.issues.slice(0, 20)) this.#ctx.logger.warn({ issue }, `headline skipped: ${issue.where}: ${issue.message}`);
    const scored = scoreHeadlines(batch.headlines, { attributor: this.#attributor });
    const added = this.#store.insertHeadlines(scored, now);
    this.#store.recordFetch({ at: now, fromMs: from, toMs: now, fetched: scored.length, added: added.length, issues: batch.issues.length });
    const events = added.length === 0 ? [] : this.#refresh(added, now, options.runId ?? null);
    const touched = new Set(added.flatMap((h) => h.symbols));
    const symbols: Record<string, SymbolSentiment> = {};
    for (const symbol of [...touched].sort()) {
      const days = this.#store.recentDays(symbol, TREND_DAYS);
      const latest = days.at(-1);
      if (latest !== undefined) symbols[symbol] = { ...latest, trend: trendOf(days).direction };
    }
    return {
      source: this.#source.description,
      from: new Date(from).toISOString(),
      to: new Date(now).toISOString(),
      fetched: scored.length,
      added: added.length,
      duplicates: scored.length - added.length,
      issues: batch.issues.length,
      events,
      symbols,
    };
  }

  /** Re-aggregates the days the new headlines fall on and journals the new events. */
  #refresh(added: readonly ScoredHeadline[], now: number, runId: string | null): FetchReport['events'] {
    const firstNew = added.reduce((min, h) => Math.min(min, Date.parse(h.published)), Infinity);
    const firstDay = utcDay(firstNew);
    const context = this.#store.headlinesSince(Date.parse(`${firstDay}T00:00:00Z`) - CONTEXT_DAYS * DAY_MS);
    const windows = aggregateSentiment(context).filter((w) => w.date >= firstDay);
    this.#store.upsertDays(windows);
    const horizon = utcDay(now - this.#options.eventHorizonDays * DAY_MS);
    const since = firstDay > horizon ? firstDay : horizon;
    const lastSeen = lastPublishedBySymbolDay(context);
    const found: FetchReport['events'] = [];
    for (const event of detectNewsEvents(context, { since })) {
      const at = lastSeen.get(`${event.symbol} ${event.date}`) ?? Date.parse(`${event.date}T00:00:00Z`);
      // The event row and its journal entry are written together or not at all.
      const journalId = this.#ctx.db.transaction(() => {
        if (!this.#store.claimEvent(event, at, now)) return null;
        const id = this.#ctx.journal.append({
          // When the news happened (its latest headline), not when a fetch noticed it.
          at,
          kind: 'news_event',
          subject: `news_${event.symbol}_${event.date}`,
          symbol: event.symbol,
          summary: eventSummary(event),
          facts: eventFacts(event),
          runId,
        });
        this.#store.linkEvent(event, id);
        return id;
      })();
      if (journalId !== null) found.push({ symbol: event.symbol, date: event.date, score: event.score, z: event.z, trigger: event.trigger, journalId });
    }
    return found;
  }

  /** The symbol's latest aggregate, trend, strongest recent headlines and recent events. */
  sentiment(symbol: string): SentimentAnswer {
    const days = this.#store.recentDays(symbol, TREND_DAYS);
    const latest = days.at(-1);
    if (latest === undefined) {
      throw new Error(`no stored headline mentions ${symbol} (source: ${this.#source.description}); sentiment is tracked for ${this.#ctx.settings.symbols.join(', ')}`);
    }
    const since = Date.parse(`${days[0]?.date ?? latest.date}T00:00:00Z`);
    const headlines = this.#store
      .headlinesAbout(symbol, since, 5)
      .map((h: StoredHeadline) => ({ published: h.published, source: h.source, title: h.title, score: h.score, terms: h.evidence.map((e) => e.text) }));
    return { symbol, latest, trend: trendOf(days), headlines, events: this.#store.eventsAbout(symbol, 5) };
  }

  /** News events whose latest headline was published in (now − 24 h, now]. */
  recentEventCount(): number {
    const now = this.#ctx.clock.now();
    return this.#store.countEventsBetween(now - DAY_MS, now);
  }

  agents() {
    return {
      sentiment_fetch: async (ctx: AgentContext) => {
        if (ctx.parameters['command'] === 'sentiment') {
          const symbol = String(ctx.parameters['symbol'] ?? '').toUpperCase();
          if (symbol === '') throw new Error('sentiment needs a symbol, e.g. sentiment AAPL');
          await this.fetch({ signal: ctx.signal, runId: ctx.runId });
          return this.sentiment(symbol);
        }
        const report = await this.fetch({ signal: ctx.signal, runId: ctx.runId });
        ctx.logger.info({ added: report.added, events: report.events.length }, `${report.added} new headlines, ${report.events.length} news events`);
        return report;
      },
    };
  }

  conditions(): Condition[] {
    return [
      {
        name: 'news_events',
        description: 'news events (sharp sentiment moves) whose news came in the last 24 hours (e.g. news_events: ">0")',
        valueKind: 'number',
        observe: () => this.recentEventCount(),
      },
    ];
  }
}

function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function lastPublishedBySymbolDay(headlines: readonly ScoredHeadline[]): Map<string, number> {
  const last = new Map<string, number>();
  for (const h of headlines) {
    const at = Date.parse(h.published);
    for (const symbol of h.symbols) {
      const key = `${symbol} ${utcDay(at)}`;
      last.set(key, Math.max(last.get(key) ?? at, at));
    }
  }
  return last;
}

/** Direction of the recency-weighted score over the window: its last value against its first. */
function trendOf(days: readonly SentimentDay[]): SentimentAnswer['trend'] {
  const change = (days.at(-1)?.weighted ?? 0) - (days[0]?.weighted ?? 0);
  const direction = change > TREND_THRESHOLD ? 'improving' : change < -TREND_THRESHOLD ? 'deteriorating' : 'stable';
  return { direction, change, days: [...days] };
}

function eventSummary(event: NewsEvent): string {
  const direction = Math.sign(event.z ?? event.change ?? event.score) < 0 ? 'fell' : 'rose';
  const against =
    event.z !== null ? `z ${formatSigned(event.z, 1)} against the 20-day baseline` : `${formatSigned(event.change ?? 0)} from the previous day's ${formatSigned(event.previous ?? 0)}`;
  return `${event.symbol} news sentiment ${direction} sharply on ${event.date}: ${event.count} headlines averaging ${formatSigned(event.score)} (${against}).`;
}

function eventFacts(event: NewsEvent): Record<string, unknown> {
  return {
    date: event.date,
    score: event.score,
    previous: event.previous,
    change: event.change,
    z: event.z,
    count: event.count,
    trigger: event.trigger,
    headlines: event.headlines.map((h) => ({ title: h.title, score: h.score, terms: h.terms })),
  };
}
