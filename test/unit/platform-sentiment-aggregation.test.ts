import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aggregateSentiment, detectNewsEvents, type ScoredHeadline } from '../../src/platform/sentiment/index.js';

const HOUR = 3_600_000;

function headline(id: string, published: string, symbols: string[], score: number, terms: string[] = []): ScoredHeadline {
  return {
    id,
    published,
    source: 'test',
    title: `headline ${id}`,
    symbols,
    score,
    evidence: terms.map((text) => ({ term: text, text, category: score < 0 ? 'negative' : 'positive', weight: Math.sign(score), negated: false, intensity: 1, modifiers: [], contribution: Math.sign(score) })),
  };
}

const close = (actual: number | null | undefined, expected: number, message?: string): void => {
  assert.ok(actual !== null && actual !== undefined && Math.abs(actual - expected) < 1e-12, message ?? `${actual} ≈ ${expected}`);
};

describe('daily sentiment aggregation', () => {
  const headlines = [
    headline('a1', '2026-01-05T12:00:00.000Z', ['AAPL'], 0.5),
    headline('a2', '2026-01-06T12:00:00.000Z', ['AAPL', 'MSFT'], -0.2),
    headline('a3', '2026-01-06T18:00:00.000Z', ['AAPL'], 0.8),
    headline('m1', '2026-01-08T09:00:00.000Z', ['MSFT'], 0.4),
    headline('x1', '2026-01-06T10:00:00.000Z', [], 0.9),
  ];

  it('give each symbol and UTC day its count, mean, previous mean and change', () => {
    const windows = aggregateSentiment(headlines, { halfLifeMs: 12 * HOUR });
    assert.deepEqual(
      windows.map((w) => [w.symbol, w.date, w.count]),
      [
        ['AAPL', '2026-01-05', 1],
        ['AAPL', '2026-01-06', 2],
        ['MSFT', '2026-01-06', 1],
        ['MSFT', '2026-01-08', 1],
      ],
    );
    const [aaplDay1, aaplDay2, msftDay1, msftDay2] = windows;
    close(aaplDay1?.mean, 0.5);
    assert.equal(aaplDay1?.previous, null);
    assert.equal(aaplDay1?.change, null);
    close(aaplDay2?.mean, (-0.2 + 0.8) / 2);
    close(aaplDay2?.previous, 0.5);
    close(aaplDay2?.change, 0.3 - 0.5);
    close(msftDay1?.mean, -0.2);
    close(msftDay2?.change, 0.4 - -0.2, 'the previous window is the previous day with headlines, not the calendar day');
  });

  it('weight scores by recency up to the end of the day: 2^(−age / half-life)', () => {
    const [aaplDay1, aaplDay2, , msftDay2] = aggregateSentiment(headlines, { halfLifeMs: 12 * HOUR });
    // Day 1 ends 2026-01-06T00:00Z; its one headline is the whole weighted mean.
    close(aaplDay1?.weighted, 0.5);
    // Day 2 ends 2026-01-07T00:00Z: a1 is 36 h old (2^-3), a2 12 h (2^-1), a3 6 h (2^-0.5).
    const w1 = 0.125;
    const w2 = 0.5;
    const w3 = Math.SQRT1_2;
    close(aaplDay2?.weighted, (w1 * 0.5 + w2 * -0.2 + w3 * 0.8) / (w1 + w2 + w3));
    assert.equal(aaplDay2?.weighted.toFixed(4), '0.3965');
    // MSFT 2026-01-08 ends 2026-01-09T00:00Z: a2 is 60 h old (2^-5), m1 15 h (2^-1.25).
    close(msftDay2?.weighted, (2 ** -5 * -0.2 + 2 ** -1.25 * 0.4) / (2 ** -5 + 2 ** -1.25));
  });

  it('leave out headlines older than ten half-lives', () => {
    const windows = aggregateSentiment(
      [headline('old', '2026-01-01T00:00:00.000Z', ['XYZ'], -1), headline('new', '2026-01-06T12:00:00.000Z', ['XYZ'], 0.6)],
      { halfLifeMs: 12 * HOUR },
    );
    close(windows[1]?.weighted, 0.6);
  });

  it('reject a half-life that is not a positive duration', () => {
    assert.throws(() => aggregateSentiment(headlines, { halfLifeMs: 0 }), /halfLifeMs must be a positive/);
  });
});

describe('news events', () => {
  /** Twelve calm days (two headlines at ±0.1), a sharp day (three near −0.8), then three calm days. */
  function sequence(): ScoredHeadline[] {
    const list: ScoredHeadline[] = [];
    for (let day = 1; day <= 16; day++) {
      const date = `2026-03-${String(day).padStart(2, '0')}`;
      if (day === 13) {
        list.push(headline('s1', `${date}T13:00:00.000Z`, ['ACME'], -0.8, ['cuts guidance']));
        list.push(headline('s2', `${date}T14:00:00.000Z`, ['ACME'], -0.7, ['lawsuit']));
        list.push(headline('s3', `${date}T15:00:00.000Z`, ['ACME'], -0.9, ['misses estimates', 'profit warning']));
      } else {
        list.push(headline(`c${day}a`, `${date}T13:00:00.000Z`, ['ACME'], 0.1));
        list.push(headline(`c${day}b`, `${date}T16:00:00.000Z`, ['ACME'], -0.1));
      }
    }
    return list;
  }

  it('fire on the sharp day and on none of the calm ones', () => {
    const events = detectNewsEvents(sequence());
    assert.deepEqual(
      events.map((e) => [e.symbol, e.date, e.trigger]),
      [['ACME', '2026-03-13', 'z']],
    );
    const [event] = events;
    // Baseline: the 24 calm headlines of days 1–12, twelve at 0.1 and twelve at −0.1: mean 0,
    // sample SD √(24 · 0.01 / 23) ≈ 0.102, below the 0.25 floor; the day's mean of 3 is −0.8.
    close(event?.score, (-0.8 - 0.7 - 0.9) / 3);
    close(event?.z, (-0.8 - 0) / (0.25 / Math.sqrt(3)));
    close(event?.previous, 0);
    close(event?.change, -0.8);
    assert.equal(event?.count, 3);
  });

  it('cite the day’s headlines that moved it most, strongest first, with their terms', () => {
    const [event] = detectNewsEvents(sequence(), { topHeadlines: 2 });
    assert.deepEqual(
      event?.headlines.map((h) => [h.id, h.score, h.terms]),
      [
        ['s3', -0.9, ['misses estimates', 'profit warning']],
        ['s1', -0.8, ['cuts guidance']],
      ],
    );
  });

  it('use the spread of the baseline when it is above the floor', () => {
    const list = sequence().map((h) => (h.id.startsWith('c') ? { ...h, score: h.score * 5 } : h));
    const [event] = detectNewsEvents(list, { zThreshold: 2 });
    const sd = Math.sqrt((24 * 0.5 ** 2) / 23);
    close(event?.z, (-0.8 - 0) / (sd / Math.sqrt(3)));
  });

  it('fall back to the change rule while the baseline is short, and never fire on one headline', () => {
    const list = [
      headline('n1', '2026-04-01T13:00:00.000Z', ['NEWCO'], 0.6),
      headline('n2', '2026-04-01T14:00:00.000Z', ['NEWCO'], 0.6),
      headline('n3', '2026-04-02T13:00:00.000Z', ['NEWCO'], -0.5),
      headline('n4', '2026-04-02T14:00:00.000Z', ['NEWCO'], -0.5),
      headline('n5', '2026-04-03T13:00:00.000Z', ['NEWCO'], 0.9),
    ];
    const events = detectNewsEvents(list);
    assert.deepEqual(
      events.map((e) => [e.date, e.trigger, e.z]),
      [['2026-04-02', 'change', null]],
    );
    close(events[0]?.change, -1.1);
  });

  it('report only days from `since` on, still using the earlier days as baseline', () => {
    assert.deepEqual(detectNewsEvents(sequence(), { since: '2026-03-14' }), []);
    assert.equal(detectNewsEvents(sequence(), { since: '2026-03-13' }).length, 1);
    assert.throws(() => detectNewsEvents(sequence(), { since: 'March 13' }), /since must be a UTC day/);
  });
});
