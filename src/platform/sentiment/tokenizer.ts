/**
 * Headline text to tokens for lexicon matching: Unicode words (letters and digits, with inner
 * apostrophes and inner dots kept so `doesn't`, `U.S.` and `3.5` stay whole), case-folded, with a
 * light suffix-stripping stem so the inflections of a lexicon word match it (raise, raises,
 * raised, raising → `rais`). A Porter stemmer would conflate more (`general`/`generous`); headline
 * verbs mostly differ by -s/-ed/-ing, which this covers, and irregular forms (rose, fell, sank)
 * are listed in the lexicon themselves.
 */

export interface Token {
  /** The word as written in the headline. */
  text: string;
  /** Case-folded, curly apostrophes straightened, possessive `'s` removed. */
  norm: string;
  /** `stem(norm)`; every `n't` contraction (doesn't, won't, can't) becomes `not`. */
  stem: string;
  /** Character offsets in the headline, end exclusive. */
  start: number;
  end: number;
  /**
   * Punctuation that ends a clause (`, ; : . ! ?`, brackets, a dash between spaces) stands between
   * this token and the previous one. Negation does not reach across it.
   */
  breakBefore: boolean;
}

const WORD = /[\p{L}\p{N}]+(?:['’.][\p{L}\p{N}]+)*/gu;
const CLAUSE_BREAK = /[,;:.!?()[\]{}|…—–]|\s-\s/u;
const CONTRACTED_NOT = /n't$/;
/** A period after these (or after a dotted word such as `U.S.`) ends an abbreviation, not a clause. */
const ABBREVIATIONS = new Set(['inc', 'corp', 'co', 'ltd', 'plc', 'llc', 'jr', 'sr', 'st', 'vs', 'mr', 'ms', 'dr', 'no']);

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let previousEnd = 0;
  for (const match of text.matchAll(WORD)) {
    const start = match.index;
    const raw = match[0];
    const end = start + raw.length;
    const norm = normalizeWord(raw);
    tokens.push({
      text: raw,
      norm,
      stem: CONTRACTED_NOT.test(norm) || norm === 'cannot' ? 'not' : stem(norm),
      start,
      end,
      breakBefore: tokens.length > 0 && CLAUSE_BREAK.test(gapAfter(tokens.at(-1), text.slice(previousEnd, start))),
    });
    previousEnd = end;
  }
  return tokens;
}

/** The characters between two words, less the period that closes an abbreviation. */
function gapAfter(previous: Token | undefined, gap: string): string {
  if (previous === undefined || !gap.startsWith('.')) return gap;
  return previous.norm.includes('.') || ABBREVIATIONS.has(previous.norm) ? gap.slice(1) : gap;
}

function normalizeWord(raw: string): string {
  const folded = raw.normalize('NFKC').toLowerCase().replaceAll('’', "'");
  return folded.endsWith("'s") && folded.length > 2 ? folded.slice(0, -2) : folded;
}

/**
 * Strips one plural/third-person ending, then one past/progressive ending, then a final `e` and a
 * doubled final consonant: cuts/cutting → cut, misses/missed → miss, rallies/rallied → rally,
 * plunge/plunged/plunging → plung. Words of three letters or fewer are left alone, and so are
 * `-ss`, `-us`, `-is` (loss, status, crisis) and `-eed` (exceed).
 */
export function stem(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  let w = word;
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('s') && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (w.endsWith('ied') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('eed')) {
    // exceed, proceed: the -ed is part of the word.
  } else if (w.endsWith('ed') && w.length >= 5) w = w.slice(0, -2);
  else if (w.endsWith('ing') && w.length >= 6) w = w.slice(0, -3);
  if (w.endsWith('e') && w.length >= 4) w = w.slice(0, -1);
  if (/([bdfgkmnprt])\1$/.test(w)) w = w.slice(0, -1);
  return w;
}
