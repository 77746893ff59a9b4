/**
 * ModelInnovationAgent: which forecasting model each symbol uses, and the search for better ones.
 *
 * - `model_validation` re-scores, on the latest bars, every registered candidate (the defaults
 *   plus those innovation kept) and the symbol's incumbent by rolling-origin validation, and
 *   switches the incumbent when another candidate beats it by the margin (1 % of MASE by
 *   default: without a margin two near-equal models would swap back and forth on noise).
 * - `model_innovation` proposes configurations not yet registered nor tried on the symbol in the
 *   last 30 days (a few per run, in the library's fixed order, so runs work through them), keeps
 *   those that beat the incumbent by the margin, registers them and adopts the best one.
 *
 * Every switch and every kept proposal is journalled as a `model_choice` with the scores.
 * Validation forecasts 5 sessions ahead, the MarketAnalyzer's default horizon.
 */
import type { AgentContext } from '../../agents/agent.js';
import type { Condition } from '../../conditions/condition-registry.js';
import type { PlatformComponent, PlatformContext } from '../core/platform-context.js';
import {
  DEFAULT_CANDIDATES, DEFAULT_MIN_TRAIN, innovate, parseCandidate, proposeCandidates, rollingOrigins, scoreModels, selectModel,
  type Candidate, type ErrorMetric, type ScoredModel, type ValidationOptions,
} from '../forecasting/index.js';
import type { DataManager } from './data-manager.js';
import { MODEL_MIGRATIONS, ModelStore, type IncumbentRecord, type RegisteredCandidate, type TrialRecord } from './model-store.js';
import { closesOf, numberParameter, round, symbolsParameter } from './analysis-inputs.js';

const DAY_MS = 86_400_000;
/** Sessions ahead that models are validated on (the MarketAnalyzer's default horizon). */
export const VALIDATION_HORIZON = 5;
export const MODEL_METRIC: ErrorMetric = 'mase';
/** Relative improvement a challenger needs over the incumbent. */
export const DEFAULT_MIN_IMPROVEMENT = 0.01;
/** Proposals tried per symbol and run: 4 × 20 origins ≈ 80 fits, well under a second. */
export const DEFAULT_PROPOSALS = 4;
const RETRY_AFTER_MS = 30 * DAY_MS;
/** An incumbent scored longer ago than this counts as unvalidated. */
const STALE_AFTER_MS = 7 * DAY_MS;
const VALIDATION: ValidationOptions = { horizon: VALIDATION_HORIZON, metric: MODEL_METRIC, transform: 'log' };

export interface SymbolValidationReport {
  incumbent: string;
  previous: string | null;
  switched: boolean;
  score: number;
  folds: number;
  /** Every candidate's metric value (null: could not be scored). */
  scores: Record<string, number | null>;
}

export interface SymbolInnovationReport {
  /** The model the proposals were compared with, and its score on the latest bars. */
  incumbent: string;
  incumbentScore: number;
  tried: string[];
  kept: string[];
  /** The kept proposal that became the incumbent (the best kept one), or null. */
  adopted: string | null;
}

export interface ModelRunReport<T> {
  metric: ErrorMetric;
  horizon: number;
  symbols: Record<string, T>;
  /** Symbols left out, with why (too few bars). */
  skipped: Record<string, string>;
}

export interface ModelRunOptions {
  /** Symbols to work on; default every symbol the platform follows (those without data are skipped). */
  symbols?: readonly string[];
  runId?: string | null;
  minImprovement?: number;
  /** Proposals per symbol (innovation only). */
  proposals?: number;
  signal?: AbortSignal;
  onSymbol?: (done: number, total: number, symbol: string) => void;
}

export class ModelInnovationAgent implements PlatformComponent {
  readonly name = 'ModelInnovationAgent';
  readonly migrations = MODEL_MIGRATIONS;
  readonly #ctx: PlatformContext;
  readonly #data: DataManager;
  readonly #store: ModelStore;

  constructor(ctx: PlatformContext, data: DataManager) {
    this.#ctx = ctx;
    this.#data = data;
    this.#store = new ModelStore(ctx.db);
  }

  /** The symbol's model: the stored incumbent, or the best default candidate on its latest bars. */
  incumbent(symbol: string): Candidate {
    const stored = this.#store.incumbent(symbol);
    return stored !== null ? parseCandidate(stored.candidate) : this.#best(closesOf(this.#data, symbol), DEFAULT_CANDIDATES).candidate;
  }

  incumbentRecord(symbol: string): IncumbentRecord | null {
    return this.#store.incumbent(symbol);
  }

  incumbents(): IncumbentRecord[] {
    return this.#store.incumbents();
  }

  /** The candidates validation scores: the defaults, then those innovation kept. */
  registry(): Candidate[] {
    return unique([...DEFAULT_CANDIDATES, ...this.#store.candidates().map((c) => parseCandidate(c.name))]);
  }

  registered(): RegisteredCandidate[] {
    return this.#store.candidates();
  }

  trials(options: { symbol?: string; limit?: number } = {}): TrialRecord[] {
    return this.#store.trials(options);
  }

  /** Makes `name` the symbol's model whatever its score (an operator's choice), journalled. */
  pin(symbol: string, name: string, runId: string | null = null): IncumbentRecord {
    const closes = closesOf(this.#data, symbol);
    const chosen = this.#best(closes, [parseCandidate(name)]);
    const previous = this.#store.incumbent(symbol);
    const record = this.#save(symbol, chosen, rollingOrigins(closes.length, VALIDATION).length, runId);
    this.#journal(symbol, runId, `${symbol} was set by hand to forecast with ${chosen.candidate.name} (MASE ${round(chosen.mase)})`, {
      chosen: chosen.candidate.name, chosenScore: chosen.mase, previous: previous?.candidate ?? null, reason: 'pinned',
    });
    return record;
  }

  /** model_validation: re-scores the registry on every symbol and switches incumbents that lost. */
  validate(options: ModelRunOptions = {}): ModelRunReport<SymbolValidationReport> {
    const margin = options.minImprovement ?? DEFAULT_MIN_IMPROVEMENT;
    return this.#each(options, (symbol, closes) => this.#validateSymbol(symbol, closes, margin, options.runId ?? null));
  }

  /** model_innovation: tries new candidates against each symbol's incumbent and keeps the winners. */
  innovate(options: ModelRunOptions = {}): ModelRunReport<SymbolInnovationReport> {
    const margin = options.minImprovement ?? DEFAULT_MIN_IMPROVEMENT;
    const limit = options.proposals ?? DEFAULT_PROPOSALS;
    return this.#each(options, (symbol, closes) => this.#innovateSymbol(symbol, closes, margin, limit, options.runId ?? null));
  }

  #validateSymbol(symbol: string, closes: number[], margin: number, runId: string | null): SymbolValidationReport {
    const stored = this.#store.incumbent(symbol);
    const candidates = unique([...this.registry(), ...(stored === null ? [] : [parseCandidate(stored.candidate)])]);
    const scores = scoreModels(closes, candidates, VALIDATION);
    const best = selectModel(scores, MODEL_METRIC);
    const current = scores.find((s): s is ScoredModel => s.kind === 'scored' && s.candidate.name === stored?.candidate && Number.isFinite(s.mase));
    const switched = current === undefined || (best.candidate.name !== current.candidate.name && best.mase < current.mase * (1 - margin));
    const kept = switched ? best : current;
    this.#save(symbol, kept, best.folds, runId);
    const table = Object.fromEntries(scores.map((s) => [s.candidate.name, s.kind === 'scored' ? round(s.mase) : null]));
    if (switched) {
      const summary = current === undefined
        ? `${symbol} forecasts with ${best.candidate.name} (MASE ${round(best.mase)}), the best of ${scores.length} candidates over ${best.folds} rolling origins${stored === null ? '' : `; ${stored.candidate} could not be scored`}`
        : `${symbol} now forecasts with ${best.candidate.name} instead of ${current.candidate.name}: MASE ${round(best.mase)} vs ${round(current.mase)} (${percent(1 - best.mase / current.mase)} better) over ${best.folds} rolling origins`;
      this.#journal(symbol, runId, summary, {
        chosen: best.candidate.name, chosenScore: best.mase, previous: stored?.candidate ?? null, previousScore: current?.mase ?? null,
        metric: MODEL_METRIC, horizon: VALIDATION_HORIZON, folds: best.folds, scores: table, reason: 'validation',
      });
    }
    return { incumbent: kept.candidate.name, previous: stored?.candidate ?? null, switched, score: round(kept.mase), folds: best.folds, scores: table };
  }

  #innovateSymbol(symbol: string, closes: number[], margin: number, limit: number, runId: string | null): SymbolInnovationReport {
    const now = this.#ctx.clock.now();
    const stored = this.#store.incumbent(symbol);
    const incumbent = stored !== null ? parseCandidate(stored.candidate) : this.#best(closes, DEFAULT_CANDIDATES).candidate;
    const tried = this.#store.triedSince(symbol, now - RETRY_AFTER_MS).map(parseCandidate);
    const proposals = proposeCandidates(unique([...this.registry(), incumbent, ...tried]), { limit });
    const result = innovate(new Map([[symbol, closes]]), [incumbent], proposals, { ...VALIDATION, minImprovement: margin });
    const incumbentScore = result.incumbents.get(symbol)?.value ?? Number.NaN;
    const folds = rollingOrigins(closes.length, VALIDATION).length;
    const kept = result.trials.filter((t) => t.wins.length > 0).sort((a, b) => a.meanRatio - b.meanRatio);
    const adopted = kept[0];
    this.#store.transaction(() => {
      for (const t of result.trials) {
        const scored = Number.isFinite(t.meanRatio);
        this.#store.addTrial({
          at: now, runId, symbol, candidate: t.candidate.name, incumbent: incumbent.name, metric: MODEL_METRIC,
          score: scored ? t.meanRatio * incumbentScore : null, incumbentScore, ratio: scored ? t.meanRatio : null,
          kept: t.wins.length > 0, error: t.failures[0] ?? null,
        });
      }
      for (const t of kept) {
        const score = t.meanRatio * incumbentScore;
        this.#store.addCandidate({ name: t.candidate.name, addedAt: now, symbol, runId });
        const isAdopted = t === adopted;
        if (isAdopted) this.#store.saveIncumbent({ symbol, candidate: t.candidate.name, metric: MODEL_METRIC, score, horizon: VALIDATION_HORIZON, folds, scoredAt: now, runId });
        this.#journal(symbol, runId, `${t.candidate.name} beat ${incumbent.name} on ${symbol}: MASE ${round(score)} vs ${round(incumbentScore)} (${percent(1 - t.meanRatio)} better)${isAdopted ? `; ${symbol} now forecasts with it` : ''}`, {
          chosen: isAdopted ? t.candidate.name : incumbent.name, candidate: t.candidate.name, candidateScore: score, previous: incumbent.name,
          previousScore: incumbentScore, metric: MODEL_METRIC, horizon: VALIDATION_HORIZON, folds, adopted: isAdopted, reason: 'innovation',
        });
      }
    });
    return {
      incumbent: incumbent.name, incumbentScore: round(incumbentScore),
      tried: result.trials.map((t) => t.candidate.name), kept: kept.map((t) => t.candidate.name), adopted: adopted?.candidate.name ?? null,
    };
  }

  /** Runs `work` per target symbol, reporting progress; symbols without enough bars are skipped (or refused when asked for). */
  #each<T>(options: ModelRunOptions, work: (symbol: string, closes: number[]) => T): ModelRunReport<T> {
    const requested = options.symbols !== undefined && options.symbols.length > 0;
    const targets = requested ? [...options.symbols!] : this.#data.symbols;
    const report: ModelRunReport<T> = { metric: MODEL_METRIC, horizon: VALIDATION_HORIZON, symbols: {}, skipped: {} };
    const minBars = DEFAULT_MIN_TRAIN + VALIDATION_HORIZON;
    targets.forEach((symbol, i) => {
      options.signal?.throwIfAborted();
      const closes = requested ? closesOf(this.#data, symbol, minBars) : this.#data.bars(symbol).map((b) => b.close);
      if (closes.length < minBars) report.skipped[symbol] = `${closes.length} bars; models need at least ${minBars}`;
      else report.symbols[symbol] = work(symbol, closes);
      options.onSymbol?.(i + 1, targets.length, symbol);
    });
    if (Object.keys(report.symbols).length === 0) {
      throw new Error(`no symbol has the ${minBars} bars models need (${Object.keys(report.skipped).join(', ')}); run data_sync first`);
    }
    return report;
  }

  #best(closes: readonly number[], candidates: readonly Candidate[]): ScoredModel {
    return selectModel(scoreModels(closes, candidates, VALIDATION), MODEL_METRIC);
  }

  #save(symbol: string, chosen: ScoredModel, folds: number, runId: string | null): IncumbentRecord {
    const record: IncumbentRecord = {
      symbol, candidate: chosen.candidate.name, metric: MODEL_METRIC, score: chosen.mase, horizon: VALIDATION_HORIZON, folds, scoredAt: this.#ctx.clock.now(), runId,
    };
    this.#store.saveIncumbent(record);
    return record;
  }

  #journal(symbol: string, runId: string | null, summary: string, facts: Record<string, unknown>): void {
    this.#ctx.journal.append({ at: this.#ctx.clock.now(), kind: 'model_choice', subject: symbol, symbol, summary, facts, runId });
  }

  agents() {
    const options = (ctx: AgentContext, verb: string): ModelRunOptions => {
      const symbols = symbolsParameter(ctx.parameters);
      const minImprovement = numberParameter(ctx.parameters, 'minImprovement', 0, 0.5);
      const proposals = numberParameter(ctx.parameters, 'proposals', 1, 50);
      return {
        ...(symbols === undefined ? {} : { symbols }),
        ...(minImprovement === undefined ? {} : { minImprovement }),
        ...(proposals === undefined ? {} : { proposals: Math.floor(proposals) }),
        runId: ctx.runId, signal: ctx.signal,
        onSymbol: (done, total, symbol) => ctx.progress(done / total, `${verb} ${symbol}`),
      };
    };
    return {
      model_validation: (ctx: AgentContext) => {
        const report = this.validate(options(ctx, 'validated models of'));
        const switched = Object.entries(report.symbols).filter(([, s]) => s.switched).map(([symbol, s]) => `${symbol}: ${s.incumbent}`);
        ctx.logger.info({ switched }, `models validated on ${Object.keys(report.symbols).length} symbols, ${switched.length} switched`);
        return report;
      },
      model_innovation: (ctx: AgentContext) => {
        const report = this.innovate(options(ctx, 'tried new models on'));
        const kept = Object.values(report.symbols).reduce((n, s) => n + s.kept.length, 0);
        ctx.logger.info({ kept }, `model innovation kept ${kept} candidates`);
        return report;
      },
    };
  }

  conditions(): Condition[] {
    return [
      {
        name: 'models_unvalidated',
        description: 'symbols whose forecasting model was never validated or not in the last 7 days (e.g. models_unvalidated: ">0")',
        valueKind: 'number',
        observe: ({ now }) => this.#data.symbols.filter((s) => {
          const record = this.#store.incumbent(s);
          return record === null || record.scoredAt < now - STALE_AFTER_MS;
        }).length,
      },
    ];
  }
}

function unique(candidates: readonly Candidate[]): Candidate[] {
  const seen = new Set<string>();
  return candidates.filter((c) => !seen.has(c.name) && seen.add(c.name));
}

function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`;
}
