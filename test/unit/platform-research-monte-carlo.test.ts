import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type BacktestMetrics,
  type LeaderboardEntry,
  type PriceBar,
  defaultStrategyRegistry,
  monteCarlo,
  parameterGrid,
  rankLeaderboard,
  runSweep,
} from '../../src/platform/research/index.js';
import { createRandom } from '../../src/platform/random.js';

// Sixty daily returns with a known mean: a repeating pattern of +1.5 %, −0.5 %, +0.8 %, −1.2 %, +0.4 %.
const PATTERN = [0.015, -0.005, 0.008, -0.012, 0.004];
const RETURNS = Array.from({ length: 60 }, (_, i) => PATTERN[i % 5] as number);
const SAMPLE_MEAN = (0.015 - 0.005 + 0.008 - 0.012 + 0.004) / 5; // 0.2 % a day

describe('unbiased integers from the platform generator', () => {
  it('repeats for a seed and draws every value below the bound about equally', () => {
    const a = createRandom(42);
    const b = createRandom(42);
    assert.deepEqual(Array.from({ length: 5 }, () => a.nextInt(7)), Array.from({ length: 5 }, () => b.nextInt(7)));
    const r = createRandom(7);
    const counts = [0, 0, 0];
    for (let i = 0; i < 3000; i++) {
      const x = r.nextInt(3);
      assert.ok(Number.isInteger(x) && x >= 0 && x < 3, `drew ${x}`);
      counts[x]!++;
    }
    for (const count of counts) assert.ok(count > 900 && count < 1100, `counts ${counts.join(', ')}`);
    assert.throws(() => r.nextInt(0), /nextInt bound/);
  });
});

describe('Monte Carlo bootstrap of daily returns', () => {
  it('gives the same distribution for the same seed and a different one for another seed', () => {
    const a = monteCarlo(RETURNS, { seed: 9, paths: 200 });
    assert.deepEqual(monteCarlo(RETURNS, { seed: 9, paths: 200 }), a);
    assert.notDeepEqual(monteCarlo(RETURNS, { seed: 10, paths: 200 }).finalReturn, a.finalReturn);
  });

  it('reports ordered percentiles inside [min, max]', () => {
    const r = monteCarlo(RETURNS, { seed: 3, paths: 500, percentiles: [0.95, 0.05, 0.5] });
    for (const d of [r.finalReturn, r.maxDrawdown, r.meanReturn]) {
      assert.deepEqual(d.percentiles.map((p) => p.p), [0.05, 0.5, 0.95]);
      const values = d.percentiles.map((p) => p.value);
      assert.ok(d.min <= (values[0] as number) && (values[0] as number) <= (values[1] as number));
      assert.ok((values[1] as number) <= (values[2] as number) && (values[2] as number) <= d.max);
    }
    assert.ok(r.maxDrawdown.min >= 0 && r.maxDrawdown.max <= 1);
    assert.ok(r.probabilityOfLoss >= 0 && r.probabilityOfLoss <= 1);
  });

  it('centres the resampled mean daily return on the sample mean', () => {
    const r = monteCarlo(RETURNS, { seed: 5, paths: 2000 });
    // Each path's mean has standard error s/√60 (s ≈ 1.0 %); over 2000 paths the average's error is
    // about 0.01/√(60·2000) ≈ 0.003 %: 0.02 % is over six standard errors.
    assert.ok(Math.abs(r.meanReturn.mean - SAMPLE_MEAN) < 0.0002, `mean ${r.meanReturn.mean} vs ${SAMPLE_MEAN}`);
    assert.equal(r.paths, 2000);
    assert.equal(r.horizon, 60);
  });

  it('with one block as long as the sample, every path is a rotation with the same final return', () => {
    // (1.015 · 0.995 · 1.008 · 0.988 · 1.004)^12 − 1, whatever the starting day.
    const expected = (1.015 * 0.995 * 1.008 * 0.988 * 1.004) ** 12 - 1;
    const r = monteCarlo(RETURNS, { seed: 1, paths: 50, blockSize: 60 });
    assert.ok(Math.abs(r.finalReturn.min - expected) < 1e-12 && Math.abs(r.finalReturn.max - expected) < 1e-12);
  });

  it('leaves Sharpe undefined when every path is flat', () => {
    const r = monteCarlo([0.001, 0.001, 0.001], { seed: 1, paths: 10 });
    assert.equal(r.sharpe, null);
    assert.ok(Math.abs(r.finalReturn.mean - (1.001 ** 3 - 1)) < 1e-15);
  });

  it('rejects a block longer than the sample and a path count of zero', () => {
    assert.throws(() => monteCarlo(RETURNS, { blockSize: 61 }), /blockSize must be a whole number from 1 to 60/);
    assert.throws(() => monteCarlo(RETURNS, { paths: 0 }), /paths must be/);
  });
});

function metrics(overrides: Partial<BacktestMetrics>): BacktestMetrics {
  return {
    days: 10, totalReturn: 0, cagr: 0, annualizedVolatility: 0.1, sharpe: 0, sortino: 0, maxDrawdown: 0.1,
    maxDrawdownPeakDate: null, maxDrawdownTroughDate: null, maxDrawdownRecoveryDate: null, calmar: null,
    numberOfTrades: 0, winners: 0, losers: 0, winRate: null, grossProfit: 0, grossLoss: 0, profitFactor: null,
    averagePnl: null, exposure: 1, ...overrides,
  };
}

describe('the leaderboard', () => {
  it('expands a parameter grid in a fixed order', () => {
    assert.deepEqual(parameterGrid({ threshold: [0, 0.1], lookback: [20, 60] }), [
      { lookback: 20, threshold: 0 },
      { lookback: 20, threshold: 0.1 },
      { lookback: 60, threshold: 0 },
      { lookback: 60, threshold: 0.1 },
    ]);
    assert.deepEqual(parameterGrid({}), [{}]);
  });

  it('ranks by Sharpe, breaks ties by strategy, symbol and parameters, and puts undefined last', () => {
    const entries: LeaderboardEntry[] = [
      { strategy: 'momentum', symbol: 'MSFT', params: { lookback: 60 }, metrics: metrics({ sharpe: 1.2 }) },
      { strategy: 'buy_and_hold', symbol: 'AAPL', params: {}, metrics: metrics({ sharpe: null }) },
      { strategy: 'momentum', symbol: 'AAPL', params: { lookback: 60 }, metrics: metrics({ sharpe: 1.2 }) },
      { strategy: 'momentum', symbol: 'AAPL', params: { lookback: 20 }, metrics: metrics({ sharpe: 1.2 }) },
      { strategy: 'mean_reversion', symbol: 'AAPL', params: {}, metrics: metrics({ sharpe: 2 }) },
    ];
    const ranked = rankLeaderboard(entries);
    assert.deepEqual(
      ranked.map((e) => [e.rank, e.strategy, e.symbol, e.params['lookback'] ?? null, e.score]),
      [
        [1, 'mean_reversion', 'AAPL', null, 2],
        [2, 'momentum', 'AAPL', 20, 1.2],
        [3, 'momentum', 'AAPL', 60, 1.2],
        [4, 'momentum', 'MSFT', 60, 1.2],
        [5, 'buy_and_hold', 'AAPL', null, null],
      ],
    );
    assert.deepEqual(rankLeaderboard([...entries].reverse()).map((e) => e.rank + e.strategy + e.symbol), ranked.map((e) => e.rank + e.strategy + e.symbol));
  });

  it('ranks drawdown with the smallest first', () => {
    const ranked = rankLeaderboard(
      [
        { strategy: 'a', symbol: 'X', params: {}, metrics: metrics({ maxDrawdown: 0.3 }) },
        { strategy: 'b', symbol: 'X', params: {}, metrics: metrics({ maxDrawdown: 0.1 }) },
      ],
      'maxDrawdown',
    );
    assert.deepEqual(ranked.map((e) => e.strategy), ['b', 'a']);
  });

  it('sweeps every strategy × parameter set × symbol', () => {
    const bars = (drift: number): PriceBar[] =>
      Array.from({ length: 40 }, (_, i) => {
        const price = 100 * (1 + drift) ** i * (1 + 0.02 * Math.sin(i));
        return { date: `2024-02-${String(i + 1).padStart(2, '0')}`, open: price, close: price };
      });
    const entries = runSweep({
      registry: defaultStrategyRegistry(),
      strategies: [{ strategy: 'momentum', grid: { lookback: [5, 10] } }, { strategy: 'buy_and_hold' }],
      series: [{ symbol: 'UP', bars: bars(0.01) }, { symbol: 'DOWN', bars: bars(-0.01) }],
    });
    assert.equal(entries.length, (2 + 1) * 2);
    assert.deepEqual(entries.map((e) => `${e.strategy}:${e.params['lookback'] ?? '-'}:${e.symbol}`), [
      'momentum:5:UP', 'momentum:5:DOWN', 'momentum:10:UP', 'momentum:10:DOWN', 'buy_and_hold:-:UP', 'buy_and_hold:-:DOWN',
    ]);
    const best = rankLeaderboard(entries, 'totalReturn')[0];
    assert.equal(best?.symbol, 'UP');
  });
});
