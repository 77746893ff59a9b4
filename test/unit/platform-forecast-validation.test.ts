/**
 * Rolling-origin validation and model choice: origins exactly where they should be, metrics of
 * a tiny series worked by hand, deterministic ties, models chosen on series whose true process
 * is known beating the random walk out of sample, interval coverage near nominal on random
 * walks, and the registry functions behind model_validation and model_innovation.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DEFAULT_CANDIDATES, candidate, fitModel, innovate, intervals, proposeCandidates, rescoreModels, rollingOrigins,
  scoreModels, selectModel, type ModelScore, type ScoredModel,
} from '../../src/platform/forecasting/index.js';
import { normals } from '../support/normals.js';

/** Prices whose log returns follow r_t = φ·r_{t−1} + σ·z. */
function arReturnPrices(seed: number, length: number, phi: number, sigma: number): number[] {
  const z = normals(seed);
  const prices = [100];
  let r = 0;
  while (prices.length < length) {
    r = phi * r + sigma * z();
    prices.push((prices[prices.length - 1] ?? 0) * Math.exp(r));
  }
  return prices;
}

function scored(score: ModelScore | undefined): ScoredModel {
  assert.ok(score?.kind === 'scored', `not scored: ${JSON.stringify(score)}`);
  return score;
}

/** The chosen model's and naive's forecasts of values[train … train+h−1], fitted on values[0 … train−1]. */
function outOfSample(values: readonly number[], train: number, horizon: number): { chosen: string; chosenErrors: number[]; naiveErrors: number[] } {
  const history = values.slice(0, train);
  const chosen = selectModel(scoreModels(history, DEFAULT_CANDIDATES, { horizon }));
  const logs = history.map(Math.log);
  const path = (spec: typeof chosen.candidate.spec): number[] => intervals(fitModel(spec, logs).forecast(horizon), Math.exp).map((p) => p.mean);
  const actual = values.slice(train, train + horizon);
  const errors = (forecast: number[]): number[] => actual.map((y, i) => y - (forecast[i] ?? 0));
  return { chosen: chosen.candidate.name, chosenErrors: errors(path(chosen.candidate.spec)), naiveErrors: errors(path({ kind: 'naive' })) };
}

describe('rolling origins', () => {
  it('ends the last fold on the last observation and steps back by step', () => {
    assert.deepEqual(rollingOrigins(100, { horizon: 7, folds: 4, step: 5, minTrain: 60 }), [78, 83, 88, 93]);
  });

  it('drops origins with too little training data', () => {
    assert.deepEqual(rollingOrigins(100, { horizon: 7, folds: 4, step: 5, minTrain: 85 }), [88, 93]);
    assert.deepEqual(rollingOrigins(20, { horizon: 7, folds: 4, minTrain: 60 }), []);
  });

  it('steps by the horizon unless told otherwise, so test windows do not overlap', () => {
    assert.deepEqual(rollingOrigins(50, { horizon: 5, folds: 3, minTrain: 10 }), [35, 40, 45]);
  });

  it('refuses a series too short for any origin', () => {
    assert.throws(() => scoreModels([1, 2, 3], DEFAULT_CANDIDATES, { horizon: 7 }), /needs at least 67 observations \(minTrain 60 \+ horizon 7\); got 3/);
  });
});

describe('validation metrics', () => {
  it('pools the errors of every origin and step as worked by hand for the naive model', () => {
    // Origins 5 and 6 (horizon 2, step 1). Origin 5 forecasts 14 for 15, 17: errors 1, 3.
    // Origin 6 forecasts 15 for 17, 16: errors 2, 1.
    // MAE = 7/4; RMSE = √(15/4). MASE scales: mean |step| of the training data, 6/4 = 1.5 and 7/5 = 1.4,
    // so MASE = (1/1.5 + 3/1.5 + 2/1.4 + 1/1.4) / 4.
    // Coverage: σ̂² = 10/4 = 2.5 at origin 5 and 11/5 = 2.2 at origin 6;
    //   80 %: |1| ≤ 1.2816·√2.5 = 2.03 in, |3| > 1.2816·√5 = 2.87 out, |2| > 1.2816·√2.2 = 1.90 out, |1| in → ½
    //   95 %: all four in (largest ratio 3/(1.96·√5) < 1) → 1
    const values = [10, 11, 13, 12, 14, 15, 17, 16];
    const [score] = scoreModels(values, [candidate({ kind: 'naive' })], { horizon: 2, folds: 2, step: 1, minTrain: 4, transform: 'none' });
    const naive = scored(score);
    assert.equal(naive.folds, 2);
    assert.ok(Math.abs(naive.mae - 1.75) < 1e-12);
    assert.ok(Math.abs(naive.rmse - Math.sqrt(3.75)) < 1e-12);
    assert.ok(Math.abs(naive.mase - (1 / 1.5 + 3 / 1.5 + 2 / 1.4 + 1 / 1.4) / 4) < 1e-12);
    assert.equal(naive.coverage80, 0.5);
    assert.equal(naive.coverage95, 1);
  });

  it('breaks a tie in favour of the candidate listed first', () => {
    // A window changes naive's σ̂ but not its forecasts: identical errors, identical metrics.
    const values = arReturnPrices(1, 120, 0, 0.01);
    const a = candidate({ kind: 'naive' });
    const b = candidate({ kind: 'naive' }, 30);
    assert.equal(selectModel(scoreModels(values, [a, b], { horizon: 5 })).candidate.name, 'naive');
    assert.equal(selectModel(scoreModels(values, [b, a], { horizon: 5 })).candidate.name, 'naive@30');
  });

  it('reports a model that cannot be fitted as failed and chooses among the rest', () => {
    const values = arReturnPrices(2, 80, 0, 0.01);
    const scores = scoreModels(values, [candidate({ kind: 'ar', maxOrder: 10 }, 20), candidate({ kind: 'drift' })], { horizon: 5 });
    assert.equal(scores[0]?.kind, 'failed');
    assert.equal(selectModel(scores).candidate.name, 'drift');
  });
});

describe('model choice on series whose process is known', () => {
  it('beats the random walk on a linear trend plus noise', () => {
    // y_t = 50 + 0.8·t + ε, ε ~ N(0, 1): naive lags the trend by 0.8 per step.
    let chosenAbs = 0;
    let naiveAbs = 0;
    for (let seed = 1; seed <= 30; seed += 1) {
      const z = normals(seed);
      const values = Array.from({ length: 260 }, (_, t) => 50 + 0.8 * t + z());
      const result = outOfSample(values, 250, 10);
      assert.notEqual(result.chosen, 'naive', `seed ${seed} chose naive`);
      chosenAbs += result.chosenErrors.reduce((s, e) => s + Math.abs(e), 0);
      naiveAbs += result.naiveErrors.reduce((s, e) => s + Math.abs(e), 0);
    }
    assert.ok(chosenAbs < 0.5 * naiveAbs, `chosen MAE ${chosenAbs / 300} vs naive ${naiveAbs / 300}`);
  });

  it('beats the random walk when returns are strongly autocorrelated', () => {
    // r_t = 0.6·r_{t−1} + 0.01·z: one step ahead the AR's error variance is σ², the random walk's σ²/(1 − φ²) = 1.5625·σ².
    let chosenSquared = 0;
    let naiveSquared = 0;
    let autoregressive = 0;
    let notNaive = 0;
    for (let seed = 1; seed <= 40; seed += 1) {
      const values = arReturnPrices(100 + seed, 410, 0.6, 0.01);
      const result = outOfSample(values, 400, 3);
      if (result.chosen.startsWith('ar')) autoregressive += 1;
      if (result.chosen !== 'naive') notNaive += 1;
      chosenSquared += result.chosenErrors.reduce((s, e) => s + e * e, 0);
      naiveSquared += result.naiveErrors.reduce((s, e) => s + e * e, 0);
    }
    // Were the AR chosen every time, the expected ratio of squared errors over steps 1–3 would be
    // (1 + 3.56 + 7.4016) / (1.5625 + 5 + 9.5625) = 0.742 (γ_k = φ^k·σ²/(1 − φ²), Ψ = 1, 1.6, 1.96).
    // Damped Holt also catches momentum and is chosen now and then; the random walk rarely.
    assert.ok(notNaive >= 35, `naive was chosen for ${40 - notNaive} of 40 series`);
    assert.ok(autoregressive >= 25, `an AR model was chosen for only ${autoregressive} of 40 series`);
    assert.ok(chosenSquared < 0.85 * naiveSquared, `chosen/naive squared error ${chosenSquared / naiveSquared}`);
  });
});

describe('prediction interval coverage', () => {
  it('is near 80 % and 95 % for naive and drift on simulated random walks', () => {
    // 400 walks × 5 steps = 2,000 checks: the binomial standard error is 0.009 at 80 % and 0.005 at 95 %.
    const totals = new Map<string, { c80: number; c95: number }>();
    for (let seed = 1; seed <= 400; seed += 1) {
      const values = arReturnPrices(5000 + seed, 205, 0, 0.01);
      const scores = scoreModels(values, [candidate({ kind: 'naive' }), candidate({ kind: 'drift' })], { horizon: 5, folds: 1, minTrain: 100 });
      for (const score of scores.map(scored)) {
        const total = totals.get(score.candidate.name) ?? { c80: 0, c95: 0 };
        totals.set(score.candidate.name, { c80: total.c80 + score.coverage80 / 400, c95: total.c95 + score.coverage95 / 400 });
      }
    }
    for (const [name, { c80, c95 }] of totals) {
      assert.ok(Math.abs(c80 - 0.8) < 0.035, `${name} 80 % coverage ${c80}`);
      assert.ok(Math.abs(c95 - 0.95) < 0.02, `${name} 95 % coverage ${c95}`);
    }
  });
});

describe('the model registry', () => {
  const series = new Map([
    ['AR1', arReturnPrices(7, 300, 0.5, 0.01)],
    ['AR2', arReturnPrices(8, 300, 0.5, 0.01)],
  ]);

  it('re-scores every candidate per symbol and names each winner', () => {
    const validation = rescoreModels(series, DEFAULT_CANDIDATES, { horizon: 3 });
    assert.deepEqual([...validation.keys()], ['AR1', 'AR2']);
    for (const { scores, chosen } of validation.values()) {
      assert.equal(scores.length, DEFAULT_CANDIDATES.length);
      const best = Math.min(...scores.map((s) => (s.kind === 'scored' ? s.mase : Number.POSITIVE_INFINITY)));
      assert.equal(chosen.mase, best);
    }
  });

  it('proposes only configurations not yet registered, in a fixed order', () => {
    const proposals = proposeCandidates(DEFAULT_CANDIDATES, { windows: [250], maxOrder: 2 });
    assert.deepEqual(proposals.map((p) => p.name), [
      'ar(aic:2)', 'ar(1)', 'ar(2)',
      'drift@250', 'holt@250', 'holt-damped@250', 'ar(aic:5)@250', 'ar(aic:2)@250', 'ar(1)@250', 'ar(2)@250',
    ]);
    assert.deepEqual(proposeCandidates(DEFAULT_CANDIDATES, { limit: 2 }).map((p) => p.name), ['ar(aic:2)', 'ar(1)']);
  });

  it('keeps a proposal that beats the incumbent and drops one that does not', () => {
    const ar1 = candidate({ kind: 'ar', order: 1, maxOrder: 1 });
    const naive30 = candidate({ kind: 'naive' }, 30); // same forecasts as naive: never better
    const result = innovate(series, [candidate({ kind: 'naive' })], [ar1, naive30], { horizon: 3 });
    assert.deepEqual(result.kept.map((c) => c.name), ['ar(1)']);
    assert.deepEqual(result.registry.map((c) => c.name), ['naive', 'ar(1)']);
    const [won, lost] = result.trials;
    assert.deepEqual(won?.wins, ['AR1', 'AR2']);
    assert.ok((won?.meanRatio ?? 1) < 0.99);
    assert.deepEqual(lost?.wins, []);
    assert.equal(lost?.meanRatio, 1);
  });
});
