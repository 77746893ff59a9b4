/**
 * A sentiment lexicon compiled to a trie over stemmed tokens, so one walk from a token finds the
 * longest entry starting there: a single word (`lawsuit`), a phrase (`cuts guidance`), a negator
 * (`not`, `fails to`) or an intensifier (`sharply`). Phrases may skip up to three filler words
 * between their words (`cuts [its full-year] guidance`, `beats [Wall Street] estimates`), never
 * before their first word.
 */
import { tokenize, type Token } from './tokenizer.js';

/**
 * Categories in the spirit of Loughran and McDonald's finance word lists; the words and weights of
 * the built-in lexicon are our own.
 */
export const LexiconCategories = {
  /** Good news for the company's shareholders: beats, upgrades, raised guidance. */
  positive: 'positive',
  /** Bad news: misses, downgrades, losses, bankruptcy. */
  negative: 'negative',
  /** Doubt and risk; weighted mildly negative, as markets price uncertainty as a cost. */
  uncertainty: 'uncertainty',
  /** Courts, regulators and law enforcement; weighted negative. */
  litigious: 'litigious',
} as const;

export type LexiconCategory = (typeof LexiconCategories)[keyof typeof LexiconCategories];

export type LexiconEntry =
  /** A scored word or phrase; `weight` in [-3, 3], sign = direction. */
  | { kind: 'term'; text: string; category: LexiconCategory; weight: number }
  /** Flips the terms that follow it within the negation scope: `not`, `never`, `avoids`. */
  | { kind: 'negator'; text: string }
  /** Multiplies the nearest term's weight: `sharply` (> 1), `slightly` (< 1). */
  | { kind: 'intensifier'; text: string; factor: number }
  /** May sit inside a phrase without breaking it: `its`, `full-year`, `analysts'`. */
  | { kind: 'filler'; text: string };

interface TrieNode {
  entry: LexiconEntry | null;
  children: Map<string, TrieNode>;
}

/** A lexicon match: tokens [start, end) of the headline matched `entry`. */
export interface LexiconMatch {
  entry: LexiconEntry;
  start: number;
  end: number;
}

/** Most filler tokens a phrase may skip between two of its words. */
const MAX_FILLER_GAP = 3;

export class Lexicon {
  readonly #root: TrieNode = { entry: null, children: new Map() };
  readonly #fillers = new Set<string>();
  readonly #entries: LexiconEntry[] = [];

  /** A later entry with the same stemmed words and a different meaning replaces the earlier one, so a user can re-weight a term. */
  constructor(entries: Iterable<LexiconEntry>) {
    for (const entry of entries) this.#add(entry);
  }

  /** Every entry as given, replaced ones included. */
  get entries(): readonly LexiconEntry[] {
    return this.#entries;
  }

  /** Distinct scored terms (words and phrases). */
  get termCount(): number {
    let count = 0;
    const walk = (node: TrieNode): void => {
      if (node.entry?.kind === 'term') count++;
      for (const child of node.children.values()) walk(child);
    };
    walk(this.#root);
    return count;
  }

  /** A new lexicon with `entries` added to (and overriding) this one's. */
  extend(entries: Iterable<LexiconEntry>): Lexicon {
    return new Lexicon([...this.#entries, ...entries]);
  }

  /** The entry for exactly these words after stemming, if any. */
  lookup(text: string): LexiconEntry | null {
    let node: TrieNode | undefined = this.#root;
    for (const token of tokenize(text)) node = node?.children.get(token.stem);
    return node?.entry ?? null;
  }

  /** The longest non-filler entry starting at token `start`, or null. */
  longestMatch(tokens: readonly Token[], start: number): LexiconMatch | null {
    const first = tokens[start];
    const node = first === undefined ? undefined : this.#root.children.get(first.stem);
    if (node === undefined) return null;
    const best = this.#extend(tokens, node, start + 1, 0);
    return best === null ? null : { entry: best.entry, start, end: best.end };
  }

  /** `acceptHere` is false right after a skipped filler: a phrase never ends on a filler. */
  #extend(tokens: readonly Token[], node: TrieNode, next: number, gap: number, acceptHere = true): { entry: LexiconEntry; end: number } | null {
    let best = acceptHere && node.entry !== null ? { entry: node.entry, end: next } : null;
    const token = tokens[next];
    if (token === undefined || token.breakBefore) return best;
    const child = node.children.get(token.stem);
    const viaChild = child === undefined ? null : this.#extend(tokens, child, next + 1, 0);
    if (viaChild !== null && (best === null || viaChild.end > best.end)) best = viaChild;
    if (gap < MAX_FILLER_GAP && this.#isFiller(token)) {
      const viaGap = this.#extend(tokens, node, next + 1, gap + 1, false);
      if (viaGap !== null && (best === null || viaGap.end > best.end)) best = viaGap;
    }
    return best;
  }

  #isFiller(token: Token): boolean {
    return this.#fillers.has(token.stem) || /^\d/.test(token.norm);
  }

  #add(entry: LexiconEntry): void {
    const stems = tokenize(entry.text).map((t) => t.stem);
    if (stems.length === 0) throw new RangeError(`lexicon entry ${JSON.stringify(entry.text)} has no words: give a word or phrase`);
    if (entry.kind === 'term' && !(Math.abs(entry.weight) <= 3 && entry.weight !== 0)) {
      throw new RangeError(`lexicon term ${JSON.stringify(entry.text)} has weight ${entry.weight}: use a non-zero weight from -3 to 3`);
    }
    if (entry.kind === 'intensifier' && !(entry.factor > 0 && entry.factor <= 3)) {
      throw new RangeError(`intensifier ${JSON.stringify(entry.text)} has factor ${entry.factor}: use a factor above 0 and at most 3`);
    }
    this.#entries.push(entry);
    if (entry.kind === 'filler') {
      for (const s of stems) this.#fillers.add(s);
      return;
    }
    let node = this.#root;
    for (const s of stems) {
      let child = node.children.get(s);
      if (child === undefined) {
        child = { entry: null, children: new Map() };
        node.children.set(s, child);
      }
      node = child;
    }
    // An inflection listed after its base form (`loss`, then `losses`) keeps the base form's text as evidence.
    if (node.entry === null || !sameMeaning(node.entry, entry)) node.entry = entry;
  }
}

function sameMeaning(a: LexiconEntry, b: LexiconEntry): boolean {
  switch (a.kind) {
    case 'term':
      return b.kind === 'term' && a.category === b.category && a.weight === b.weight;
    case 'intensifier':
      return b.kind === 'intensifier' && a.factor === b.factor;
    case 'negator':
    case 'filler':
      return b.kind === a.kind;
    default: {
      const unknown: never = a;
      throw new TypeError(`unknown lexicon entry ${JSON.stringify(unknown)}`);
    }
  }
}
