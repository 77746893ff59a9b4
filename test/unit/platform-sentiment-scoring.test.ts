import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  financeLexicon,
  financeLexiconEntries,
  Lexicon,
  NEGATED_WEIGHT,
  SAMPLE_TEMPLATES,
  scoreHeadline,
  SCORE_SATURATION,
  stem,
  tokenize,
  type LexiconEntry,
} from '../../src/platform/sentiment/index.js';

const lexicon = financeLexicon();

interface Expected {
  title: string;
  sign: -1 | 0 | 1;
  /** [lexicon term, text as written, negated, modifiers] for each match, in order. */
  evidence: [term: string, text: string, negated: boolean, modifiers: string[]][];
}

const CASES: Expected[] = [
  { title: 'Apple beats estimates', sign: 1, evidence: [['beats estimates', 'beats estimates', false, []]] },
  { title: 'Apple beats Wall Street estimates', sign: 1, evidence: [['beats estimates', 'beats Wall Street estimates', false, []]] },
  { title: 'Microsoft cuts its full-year guidance', sign: -1, evidence: [['cuts guidance', 'cuts its full-year guidance', false, []]] },
  { title: 'Nvidia raised guidance again', sign: 1, evidence: [['raises guidance', 'raised guidance', false, ['again']]] },
  { title: 'Guidance raised at Intel', sign: 1, evidence: [['guidance raised', 'Guidance raised', false, []]] },
  { title: 'Acme flags going concern doubt', sign: -1, evidence: [['going concern doubt', 'going concern doubt', false, []]] },
  { title: 'Nvidia does not expect layoffs', sign: 1, evidence: [['layoff', 'layoffs', true, ['not']]] },
  { title: "Apple doesn't see a recession", sign: 1, evidence: [['recession', 'recession', true, ["doesn't"]]] },
  { title: 'Boeing avoids bankruptcy', sign: 1, evidence: [['bankruptcy', 'bankruptcy', true, ['avoids']]] },
  { title: 'Intel fails to beat estimates', sign: -1, evidence: [['beats estimates', 'beat estimates', true, ['fails to']]] },
  { title: 'Results not bad', sign: 1, evidence: [['bad', 'bad', true, ['not']]] },
  { title: 'No layoffs, but sales fall sharply', sign: -1, evidence: [['layoff', 'layoffs', true, ['No']], ['sales fall', 'sales fall', false, ['sharply']]] },
  { title: 'No comment from the company, shares plunge', sign: -1, evidence: [['plunge', 'plunge', false, []]] },
  { title: 'Never mind what happened before the plunge', sign: -1, evidence: [['plunge', 'plunge', false, []]] },
  { title: 'Tesla shares fall sharply after recall', sign: -1, evidence: [['fall', 'fall', false, ['sharply']], ['recall', 'recall', false, []]] },
  { title: 'Shares slightly higher', sign: 1, evidence: [['higher', 'higher', false, ['slightly']]] },
  { title: 'Exxon posts record loss', sign: -1, evidence: [['loss', 'loss', false, ['record']]] },
  { title: 'Exxon posts record revenue', sign: 1, evidence: [['record revenue', 'record revenue', false, []]] },
  { title: 'Meta hit with class-action lawsuit', sign: -1, evidence: [['class action lawsuit', 'class-action lawsuit', false, []]] },
  { title: 'Amazon to present at investor conference', sign: 0, evidence: [] },
  { title: '', sign: 0, evidence: [] },
];

describe('headline scores', () => {
  for (const c of CASES) {
    it(`score ${JSON.stringify(c.title)} ${c.sign > 0 ? 'positive' : c.sign < 0 ? 'negative' : 'zero'} with its evidence`, () => {
      const result = scoreHeadline(c.title, lexicon);
      assert.equal(Math.sign(result.score), c.sign, `score ${result.score}`);
      assert.deepEqual(
        result.evidence.map((e) => [e.term, e.text, e.negated, e.modifiers]),
        c.evidence,
      );
    });
  }

  it('saturate the raw sum as raw / √(raw² + 4): one ±3 phrase is ±0.83', () => {
    assert.equal(SCORE_SATURATION, 4);
    assert.equal(scoreHeadline('Apple beats estimates', lexicon).score, 3 / Math.sqrt(9 + 4));
    assert.equal(scoreHeadline('Apple misses estimates', lexicon).score, -3 / Math.sqrt(9 + 4));
    const two = scoreHeadline('Apple beats estimates and raises guidance', lexicon);
    assert.equal(two.raw, 6);
    assert.equal(two.score, 6 / Math.sqrt(36 + 4));
  });

  it('count a negated term at −0.75 of its weight and an intensified one at 1.6 (sharply) or 0.5 (slightly)', () => {
    assert.equal(NEGATED_WEIGHT, -0.75);
    assert.equal(scoreHeadline('Boeing avoids bankruptcy', lexicon).raw, -3 * -0.75);
    assert.equal(scoreHeadline('Shares fall sharply', lexicon).raw, -1.5 * 1.6);
    assert.equal(scoreHeadline('Shares slightly higher', lexicon).raw, 1 * 0.5);
    assert.equal(scoreHeadline('Shares do not fall sharply', lexicon).raw, -1.5 * 1.6 * -0.75);
  });

  it('give every sample template the tone it was written for', () => {
    const fill = (t: string): string =>
      t
        .replaceAll('{name}', 'Meta Platforms')
        .replaceAll('{ticker}', 'META')
        .replaceAll('{exchange}', 'NASDAQ')
        .replaceAll('{pct}', '4.2')
        .replaceAll('{quarter}', 'Q3')
        .replaceAll('{firm}', 'Halvorsen & Co')
        .replaceAll('{product}', 'its services unit')
        .replaceAll('{amount}', '12');
    for (const [tone, templates] of Object.entries(SAMPLE_TEMPLATES)) {
      for (const template of templates) {
        const { score } = scoreHeadline(fill(template), lexicon);
        const expected = tone.endsWith('positive') ? 1 : tone.endsWith('negative') ? -1 : 0;
        assert.equal(Math.sign(score), expected, `${tone}: ${fill(template)} scored ${score}`);
        if (tone.startsWith('strong')) assert.ok(Math.abs(score) > 0.65, `${tone}: ${fill(template)} scored only ${score}`);
      }
    }
  });

  it('never throw and stay within [-1, 1] for any string', () => {
    const words = lexicon.entries.map((e) => e.text);
    const lexiconSoup = fc.array(fc.oneof(fc.constantFrom(...words), fc.constantFrom(',', 'but', 'not', "n't", '$AAPL', '—', ' - ')), { maxLength: 60 }).map((parts) => parts.join(' '));
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), fc.string({ unit: 'grapheme', maxLength: 200 }), lexiconSoup), (text) => {
        const result = scoreHeadline(text, lexicon);
        assert.ok(Number.isFinite(result.score) && result.score >= -1 && result.score <= 1, `score ${result.score}`);
        assert.equal(Math.sign(result.score), Math.sign(result.raw));
        for (const e of result.evidence) assert.ok(text.includes(e.text), `evidence ${JSON.stringify(e.text)} is in the headline`);
      }),
      { numRuns: 500 },
    );
  });
});

describe('tokens and stems', () => {
  it('fold the inflections of a word to one stem', () => {
    const families = [
      ['raise', 'raises', 'raised', 'raising'],
      ['cut', 'cuts', 'cutting'],
      ['miss', 'misses', 'missed', 'missing'],
      ['rally', 'rallies', 'rallied'],
      ['plunge', 'plunges', 'plunged', 'plunging'],
      ['downgrade', 'downgrades', 'downgraded'],
      ['exceed', 'exceeds', 'exceeded', 'exceeding'],
      ['loss', 'losses'],
    ];
    for (const family of families) assert.equal(new Set(family.map(stem)).size, 1, family.join('/'));
    assert.equal(stem('status'), 'status');
    assert.equal(stem('crisis'), 'crisis');
  });

  it("case-fold, drop the possessive, read n't as not and mark clause breaks", () => {
    const tokens = tokenize("Apple's CEO doesn't expect cuts, but U.S. sales fall 3.5%");
    assert.deepEqual(
      tokens.map((t) => [t.norm, t.stem, t.breakBefore]),
      [
        ['apple', 'appl', false],
        ['ceo', 'ceo', false],
        ["doesn't", 'not', false],
        ['expect', 'expect', false],
        ['cuts', 'cut', false],
        ['but', 'but', true],
        ['u.s', 'u.s', false],
        ['sales', 'sal', false],
        ['fall', 'fall', false],
        ['3.5', '3.5', false],
      ],
    );
    assert.equal(tokens[0]?.text, "Apple's");
    assert.deepEqual(
      tokenize('Acme Inc. raises guidance. Shares jump').map((t) => t.breakBefore),
      [false, false, false, false, true, false],
    );
  });
});

describe('the finance lexicon', () => {
  it('holds a few hundred distinct terms in all four categories', () => {
    assert.ok(lexicon.termCount >= 400, `${lexicon.termCount} terms`);
    const categories = new Set(lexicon.entries.flatMap((e) => (e.kind === 'term' ? [e.category] : [])));
    assert.deepEqual([...categories].sort(), ['litigious', 'negative', 'positive', 'uncertainty']);
  });

  it('has no two entries that stem alike with different meanings', () => {
    const meaning = (e: LexiconEntry): string => (e.kind === 'term' ? `${e.category} ${e.weight}` : e.kind === 'intensifier' ? `intensifier ${e.factor}` : e.kind);
    const seen = new Map<string, string>();
    for (const entry of financeLexiconEntries()) {
      if (entry.kind === 'filler') continue;
      const key = tokenize(entry.text).map((t) => t.stem).join(' ');
      const before = seen.get(key);
      if (before !== undefined) assert.equal(meaning(entry), before, `${entry.text} (${key})`);
      seen.set(key, meaning(entry));
    }
  });

  it('finds an entry by any inflection and lets a user re-weight or add terms', () => {
    assert.deepEqual(lexicon.lookup('raised guidance'), { kind: 'term', text: 'raises guidance', category: 'positive', weight: 3 });
    const custom = lexicon.extend([
      { kind: 'term', text: 'meme rally', category: 'positive', weight: 0.5 },
      { kind: 'term', text: 'recall', category: 'negative', weight: -1 },
    ]);
    assert.equal(scoreHeadline('GameCo meme rally continues', custom).raw, 0.5);
    assert.equal(scoreHeadline('Carmaker announces recall', custom).raw, -1);
    assert.equal(scoreHeadline('Carmaker announces recall', lexicon).raw, -2.5);
  });

  it('rejects entries without words or with weights outside [-3, 3]', () => {
    assert.throws(() => new Lexicon([{ kind: 'term', text: '  ', category: 'positive', weight: 1 }]), /has no words/);
    assert.throws(() => new Lexicon([{ kind: 'term', text: 'moon', category: 'positive', weight: 5 }]), /weight 5/);
    assert.throws(() => new Lexicon([{ kind: 'intensifier', text: 'very', factor: 0 }]), /factor 0/);
  });
});
