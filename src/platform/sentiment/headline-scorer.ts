/**
 * Scores one headline in [-1, 1] from a lexicon, keeping each matched term as evidence.
 *
 * 1. Tokenize and stem (tokenizer.ts); walk left to right taking the longest lexicon entry at each
 *    token (lexicon.ts), so `cuts its guidance` is one phrase and not `cut` + `guidance`.
 * 2. Negation: a term within NEGATION_SCOPE tokens after a negator (`not`, `no`, `never`, `n't`,
 *    `fails to`, `avoids`), with no clause break or contrast word (`but`, `while`) between, counts
 *    at NEGATED_WEIGHT times its weight: flipped and damped, since "not bankrupt" is weaker news
 *    than "profitable" (VADER measured 0.74 on social-media text; we use 0.75).
 * 3. Intensity: an intensifier (`sharply` 1.6, `slightly` 0.5) multiplies the nearer of the term
 *    right after it and the term right before it, one word at most between (`sharp quarterly
 *    loss`, `fell sharply after`); on a tie the term after. Several multiply, clamped to [0.25, 2.5].
 * 4. raw = Σ weight × intensity × negation; score = raw / √(raw² + SCORE_SATURATION). With the
 *    saturation at 4 a single ±1 word scores ±0.45, a ±3 phrase ±0.83, and two ±3 phrases ±0.95:
 *    more evidence moves the score towards ±1 without ever reaching it.
 */
import type { Lexicon, LexiconCategory, LexiconMatch } from './lexicon.js';
import { tokenize, type Token } from './tokenizer.js';

/** Tokens after a negator's last word that it still reaches. */
export const NEGATION_SCOPE = 3;
/** Factor applied to a negated term's weight. */
export const NEGATED_WEIGHT = -0.75;
/** The `c` of raw / √(raw² + c). */
export const SCORE_SATURATION = 4;

const INTENSITY_MIN = 0.25;
const INTENSITY_MAX = 2.5;
/** Words that start a new clause: negation before them does not reach past them. */
const CONTRAST = new Set(['but', 'while', 'although', 'though', 'however', 'yet', 'whereas', 'despite', 'even']);

/** One lexicon term found in a headline, with what changed its weight. */
export interface TermMatch {
  /** The lexicon entry, e.g. `cuts guidance`. */
  term: string;
  /** The words as the headline wrote them, e.g. `cut its full-year guidance`. */
  text: string;
  category: LexiconCategory;
  /** The entry's weight. */
  weight: number;
  negated: boolean;
  /** Product of the intensifiers applied; 1 when none. */
  intensity: number;
  /** The negator and intensifiers that applied, as written. */
  modifiers: string[];
  /** weight × intensity × (negated ? NEGATED_WEIGHT : 1). */
  contribution: number;
}

export interface HeadlineScore {
  /** In [-1, 1]; 0 when no term matched. */
  score: number;
  /** Sum of the contributions before saturation. */
  raw: number;
  /** The terms in headline order. */
  evidence: TermMatch[];
}

interface WorkingTerm {
  match: LexiconMatch;
  negated: boolean;
  intensity: number;
  modifiers: string[];
}

export function scoreHeadline(text: string, lexicon: Lexicon): HeadlineScore {
  const tokens = tokenize(text);
  const matches = scan(tokens, lexicon);
  /** Parallel to `matches`: the working state of each term, null for negators and intensifiers. */
  const terms: (WorkingTerm | null)[] = matches.map((match) => (match.entry.kind === 'term' ? { match, negated: false, intensity: 1, modifiers: [] } : null));
  applyNegation(tokens, matches, terms);
  applyIntensifiers(tokens, matches, terms);
  const evidence = terms.flatMap((t) => (t === null ? [] : [toEvidence(text, tokens, t)]));
  const raw = evidence.reduce((sum, e) => sum + e.contribution, 0);
  return { score: raw === 0 ? 0 : raw / Math.sqrt(raw * raw + SCORE_SATURATION), raw, evidence };
}

function scan(tokens: readonly Token[], lexicon: Lexicon): LexiconMatch[] {
  const matches: LexiconMatch[] = [];
  let i = 0;
  while (i < tokens.length) {
    const match = lexicon.longestMatch(tokens, i);
    if (match === null) {
      i++;
    } else {
      matches.push(match);
      i = match.end;
    }
  }
  return matches;
}

/** True when a clause break or contrast word lies in tokens (from, to]. */
function separated(tokens: readonly Token[], from: number, to: number): boolean {
  for (let k = from + 1; k <= to; k++) {
    const token = tokens[k];
    if (token === undefined) return true;
    if (token.breakBefore) return true;
    if (k < to && CONTRAST.has(token.norm)) return true;
  }
  return false;
}

/** Each term looks back at the nearest negator only: one further away is further or behind the same break. */
function applyNegation(tokens: readonly Token[], matches: readonly LexiconMatch[], terms: readonly (WorkingTerm | null)[]): void {
  let negator: LexiconMatch | null = null;
  matches.forEach((match, k) => {
    const term = terms[k];
    if (match.entry.kind === 'negator') negator = match;
    if (term === null || term === undefined || negator === null) return;
    if (match.start - negator.end >= NEGATION_SCOPE || separated(tokens, negator.end - 1, match.start)) return;
    term.negated = true;
    term.modifiers.push(spanText(tokens, negator.start, negator.end));
  });
}

function applyIntensifiers(tokens: readonly Token[], matches: readonly LexiconMatch[], terms: readonly (WorkingTerm | null)[]): void {
  matches.forEach((intensifier, k) => {
    if (intensifier.entry.kind !== 'intensifier') return;
    const after = nearestTerm(matches, terms, k, 1);
    const before = nearestTerm(matches, terms, k, -1);
    const afterOk = after !== null && !separated(tokens, intensifier.end - 1, after.match.start);
    const beforeOk = before !== null && !separated(tokens, before.match.end - 1, intensifier.start);
    // The nearer term wins; on a tie the following one (`sharply lower` more often than `fell sharply`).
    const target =
      afterOk && (!beforeOk || after.match.start - intensifier.end <= intensifier.start - before.match.end) ? after : beforeOk ? before : null;
    if (target === null) return;
    target.intensity = Math.min(INTENSITY_MAX, Math.max(INTENSITY_MIN, target.intensity * intensifier.entry.factor));
    target.modifiers.push(spanText(tokens, intensifier.start, intensifier.end));
  });
}

/** The first term from match k in `step` direction with at most one token between it and match k. */
function nearestTerm(matches: readonly LexiconMatch[], terms: readonly (WorkingTerm | null)[], k: number, step: 1 | -1): WorkingTerm | null {
  const from = matches[k];
  if (from === undefined) return null;
  for (let j = k + step; j >= 0 && j < matches.length; j += step) {
    const match = matches[j];
    if (match === undefined || (step === 1 ? match.start - from.end : from.start - match.end) > 1) return null;
    const term = terms[j];
    if (term !== null && term !== undefined) return term;
  }
  return null;
}

function toEvidence(text: string, tokens: readonly Token[], term: WorkingTerm): TermMatch {
  const entry = term.match.entry;
  if (entry.kind !== 'term') throw new TypeError(`only term entries are evidence, got a ${entry.kind}`);
  const contribution = entry.weight * term.intensity * (term.negated ? NEGATED_WEIGHT : 1);
  return {
    term: entry.text,
    text: spanText(tokens, term.match.start, term.match.end, text),
    category: entry.category,
    weight: entry.weight,
    negated: term.negated,
    intensity: term.intensity,
    modifiers: term.modifiers,
    contribution,
  };
}

/** The headline's own characters from token `start` to the end of token `end - 1`. */
function spanText(tokens: readonly Token[], start: number, end: number, text?: string): string {
  const first = tokens[start];
  const last = tokens[end - 1];
  if (first === undefined || last === undefined) return '';
  if (text === undefined) return tokens.slice(start, end).map((t) => t.text).join(' ');
  return text.slice(first.start, last.end);
}
