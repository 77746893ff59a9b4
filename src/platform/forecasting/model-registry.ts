import { ForecastError } from './forecast-error.js';
import { candidate, type Candidate, type ModelSpec } from './model-spec.js';
import { scoreModels, selectModel, type ModelScore, type ScoredModel, type ValidationOptions } from './rolling-origin.js';

/**
 * What `model_validation` and `model_innovation` need, as pure functions over a list of
 * candidates (the registry): the list itself is the caller's to store.
 *
 * - `rescoreModels` scores every registered candidate on every symbol and names each symbol's
 *   winner (model_validation).
 * - `proposeCandidates` lists configurations not yet registered, and `innovate` keeps those that
 *   beat the incumbent — the symbol's current winner — on at least one symbol by a margin
 *   (model_innovation). The margin keeps validation noise from filling the registry.
 */

export interface SymbolValidation {
  readonly scores: ModelScore[];
  readonly chosen: ScoredModel;
}

/** Every candidate scored on every symbol's series, and each symbol's winner. */
export function rescoreModels(
  series: ReadonlyMap<string, readonly number[]>,
  candidates: readonly Candidate[],
  options: ValidationOptions,
): Map<string, SymbolValidation> {
  const out = new Map<string, SymbolValidation>();
  for (const [symbol, values] of series) {
    const scores = scoreModels(values, candidates, options);
    out.set(symbol, { scores, chosen: selectModel(scores, options.metric ?? 'mase') });
  }
  return out;
}

export interface ProposalOptions {
  /** Fitting windows tried besides the full history. Default [120, 250]. */
  readonly windows?: readonly number[];
  /** Largest fixed AR order tried. Default 5. */
  readonly maxOrder?: number;
  /** Most proposals returned. Default all. */
  readonly limit?: number;
}

/**
 * Configurations not in `existing`, in a fixed order (models simplest first, full history
 * before windows), so repeated runs try them in turn: fixed AR orders, AIC-chosen AR with a
 * smaller maximum, and every model on shorter windows.
 */
export function proposeCandidates(existing: readonly Candidate[], options: ProposalOptions = {}): Candidate[] {
  const maxOrder = options.maxOrder ?? 5;
  const specs: ModelSpec[] = [
    { kind: 'naive' },
    { kind: 'drift' },
    { kind: 'holt', damped: false },
    { kind: 'holt', damped: true },
    { kind: 'ar', maxOrder: 5 },
    { kind: 'ar', maxOrder: 2 },
    ...Array.from({ length: maxOrder }, (_, i): ModelSpec => ({ kind: 'ar', order: i + 1, maxOrder: i + 1 })),
  ];
  const windows = [undefined, ...(options.windows ?? [120, 250])];
  const known = new Set(existing.map((c) => c.name));
  const out: Candidate[] = [];
  for (const window of windows) {
    for (const spec of specs) {
      if (window !== undefined && spec.kind === 'naive') continue; // a window changes only naive's σ̂
      const proposal = candidate(spec, window);
      if (!known.has(proposal.name)) {
        known.add(proposal.name);
        out.push(proposal);
      }
    }
  }
  return out.slice(0, options.limit ?? out.length);
}

export interface InnovationOptions extends ValidationOptions {
  /** Relative improvement over the incumbent needed to count as a win. Default 0.01 (1 %). */
  readonly minImprovement?: number;
}

export interface Trial {
  readonly candidate: Candidate;
  /** Symbols where it beat the incumbent by the margin. */
  readonly wins: string[];
  /** Mean over scored symbols of its metric divided by the incumbent's (below 1 is better). */
  readonly meanRatio: number;
  /** Symbols where it could not be scored, with why. */
  readonly failures: string[];
}

export interface InnovationResult {
  /** Proposals that won somewhere, in proposal order. */
  readonly kept: Candidate[];
  readonly trials: Trial[];
  /** The incumbents followed by the kept proposals: the registry to store. */
  readonly registry: Candidate[];
  /** Each symbol's incumbent winner and its metric value. */
  readonly incumbents: ReadonlyMap<string, { readonly name: string; readonly value: number }>;
}

function trial(proposal: Candidate, series: ReadonlyMap<string, readonly number[]>, incumbents: ReadonlyMap<string, { value: number }>, options: InnovationOptions): Trial {
  const metric = options.metric ?? 'mase';
  const margin = 1 - (options.minImprovement ?? 0.01);
  const wins: string[] = [];
  const failures: string[] = [];
  let ratioSum = 0;
  let scored = 0;
  for (const [symbol, values] of series) {
    const [score] = scoreModels(values, [proposal], options);
    const incumbent = incumbents.get(symbol);
    if (score === undefined || incumbent === undefined) continue;
    if (score.kind === 'failed') {
      failures.push(`${symbol}: ${score.error}`);
      continue;
    }
    const ratio = incumbent.value > 0 ? score[metric] / incumbent.value : score[metric] === 0 ? 1 : Number.POSITIVE_INFINITY;
    ratioSum += ratio;
    scored += 1;
    if (score[metric] < incumbent.value * margin) wins.push(symbol);
  }
  return { candidate: proposal, wins, meanRatio: scored === 0 ? Number.NaN : ratioSum / scored, failures };
}

/** Scores `proposals` against each symbol's incumbent winner among `incumbents`. */
export function innovate(
  series: ReadonlyMap<string, readonly number[]>,
  incumbents: readonly Candidate[],
  proposals: readonly Candidate[],
  options: InnovationOptions,
): InnovationResult {
  if (incumbents.length === 0) throw new ForecastError('EVOLVE_FORECAST_INVALID', 'innovation needs at least one incumbent model');
  const winners = new Map<string, { name: string; value: number }>();
  for (const [symbol, validation] of rescoreModels(series, incumbents, options)) {
    winners.set(symbol, { name: validation.chosen.candidate.name, value: validation.chosen[options.metric ?? 'mase'] });
  }
  const known = new Set(incumbents.map((c) => c.name));
  const trials = proposals.filter((p) => !known.has(p.name)).map((proposal) => trial(proposal, series, winners, options));
  const kept = trials.filter((t) => t.wins.length > 0).map((t) => t.candidate);
  return { kept, trials, registry: [...incumbents, ...kept], incumbents: winners };
}
