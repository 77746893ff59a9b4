/**
 * A headline with its symbols and score: the unit aggregation and news events work on, and the
 * evidence explanations cite.
 */
import { financeLexicon } from './finance-lexicon.js';
import type { Headline } from './headline.js';
import { scoreHeadline, type TermMatch } from './headline-scorer.js';
import type { Lexicon } from './lexicon.js';
import { DEFAULT_COMPANY_NAMES, SymbolAttributor } from './symbol-attributor.js';

export interface ScoredHeadline extends Headline {
  /** Declared and attributed symbols, sorted; empty when the headline names none. */
  symbols: string[];
  /** In [-1, 1]. */
  score: number;
  /** The lexicon terms that made the score. */
  evidence: TermMatch[];
}

export interface ScoreHeadlinesOptions {
  /** Default: the built-in finance lexicon. */
  lexicon?: Lexicon;
  /** Default: a SymbolAttributor with DEFAULT_COMPANY_NAMES and no universe. */
  attributor?: SymbolAttributor;
}

export function scoreHeadlines(headlines: readonly Headline[], options: ScoreHeadlinesOptions = {}): ScoredHeadline[] {
  const lexicon = options.lexicon ?? financeLexicon();
  const attributor = options.attributor ?? new SymbolAttributor({ names: DEFAULT_COMPANY_NAMES });
  return headlines.map((headline) => {
    const { score, evidence } = scoreHeadline(headline.title, lexicon);
    return { ...headline, symbols: attributor.attribute(headline.title, headline.symbols), score, evidence };
  });
}
