import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  annualizedVolatility,
  cagr,
  downsideDeviation,
  returnMetrics,
  sharpeRatio,
  sortinoRatio,
  totalReturn,
  tradeStatistics,
} from '../../src/platform/research/index.js';

function assertClose(actual: number | null, expected: number, tolerance = 1e-9): void {
  assert.ok(actual !== null, `expected ${expected}, got null`);
  assert.ok(Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected)), `expected ${expected}, got ${actual}`);
}

// Six daily returns, in percent: +1, −2, +3, −1, +2, +1.
const RETURNS = [0.01, -0.02, 0.03, -0.01, 0.02, 0.01];
// The equity curve they make from 100 (each value multiplied out by hand).
const CURVE = [
  { date: '2024-03-01', equity: 100 },
  { date: '2024-03-04', equity: 101 }, // × 1.01
  { date: '2024-03-05', equity: 98.98 }, // × 0.98
  { date: '2024-03-06', equity: 101.9494 }, // × 1.03
  { date: '2024-03-07', equity: 100.929906 }, // × 0.99
  { date: '2024-03-08', equity: 102.94850412 }, // × 1.02
  { date: '2024-03-11', equity: 103.9779891612 }, // × 1.01
];
// mean = (1 − 2 + 3 − 1 + 2 + 1) / 6 = 2/3 %; deviations in % are 1/3, −8/3, 7/3, −5/3, 4/3, 1/3;
// their squares sum to (1 + 64 + 49 + 25 + 16 + 1) / 9 = 156/9 = 52/3 %²; sample variance 52/15 %².
const MEAN = 2 / 3 / 100;
const SAMPLE_SD = Math.sqrt(52 / 15) / 100;
// Downside against 0: only −2 % and −1 %, squares 4 + 1 = 5 %², divided by all 6 days.
const DOWNSIDE = Math.sqrt(5 / 6) / 100;
const ROOT_252 = Math.sqrt(252);

describe('return metrics of a known six-day series', () => {
  it('compound the total return and annualize it over 252 trading days', () => {
    assertClose(totalReturn(RETURNS), 0.039779891612);
    assertClose(cagr(RETURNS), 1.039779891612 ** (252 / 6) - 1);
  });

  it('annualize volatility with the sample standard deviation', () => {
    assertClose(annualizedVolatility(RETURNS), SAMPLE_SD * ROOT_252);
  });

  it('compute Sharpe as mean excess return over sample deviation times √252', () => {
    assertClose(sharpeRatio(RETURNS), (MEAN / SAMPLE_SD) * ROOT_252); // ≈ 5.6838
    assertClose(sharpeRatio(RETURNS), 5.683, 1e-3);
    // 2.52 % a year is 0.01 % a day.
    assertClose(sharpeRatio(RETURNS, { riskFreeRate: 0.0252 }), ((MEAN - 0.0001) / SAMPLE_SD) * ROOT_252);
  });

  it('compute Sortino with the downside deviation over all days against a target of 0', () => {
    assertClose(downsideDeviation(RETURNS), DOWNSIDE);
    assertClose(sortinoRatio(RETURNS), (MEAN / DOWNSIDE) * ROOT_252); // ≈ 11.593
    assertClose(sortinoRatio(RETURNS), 11.593, 1e-3);
  });

  it('find the maximum drawdown, its peak, trough and recovery dates', () => {
    const m = returnMetrics(CURVE);
    // Peak 101 on 03-04, trough 98.98 on 03-05: 1 − 98.98/101 = 2 %; back above 101 on 03-06.
    assertClose(m.maxDrawdown, 0.02);
    assert.equal(m.maxDrawdownPeakDate, '2024-03-04');
    assert.equal(m.maxDrawdownTroughDate, '2024-03-05');
    assert.equal(m.maxDrawdownRecoveryDate, '2024-03-06');
    assert.equal(m.days, 6);
    assertClose(m.totalReturn, 0.039779891612);
    assertClose(m.sharpe, (MEAN / SAMPLE_SD) * ROOT_252);
    assertClose(m.calmar, (1.039779891612 ** 42 - 1) / 0.02);
  });

  it('report null, not ∞ or NaN, where a ratio is undefined', () => {
    const flat = [0.001, 0.001, 0.001];
    assert.equal(sharpeRatio(flat), null);
    assert.equal(sortinoRatio(flat), null);
    assert.equal(sharpeRatio([0.01]), null);
    assert.equal(cagr([]), null);
    const m = returnMetrics([{ date: '2024-01-02', equity: 100 }, { date: '2024-01-03', equity: 101 }]);
    assert.equal(m.maxDrawdown, 0);
    assert.equal(m.calmar, null);
    assert.equal(m.maxDrawdownPeakDate, null);
  });

  it('keep max drawdown within [0, 1] on any positive equity curve', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0.01, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 60 }), (values) => {
        const m = returnMetrics(values.map((equity, i) => ({ date: `d${String(i).padStart(3, '0')}`, equity })));
        return m.maxDrawdown >= 0 && m.maxDrawdown <= 1;
      }),
    );
  });
});

describe('trade statistics of a known trade list', () => {
  it('count wins, losses, win rate and profit factor by hand', () => {
    const s = tradeStatistics([{ pnl: 120 }, { pnl: -50 }, { pnl: 0 }, { pnl: 80 }, { pnl: -30 }, { pnl: 200 }]);
    assert.equal(s.numberOfTrades, 6);
    assert.equal(s.winners, 3);
    assert.equal(s.losers, 2);
    assert.equal(s.winRate, 3 / 6); // a break-even trade is not a win
    assert.equal(s.grossProfit, 120 + 80 + 200);
    assert.equal(s.grossLoss, 50 + 30);
    assert.equal(s.profitFactor, 400 / 80);
    assert.equal(s.averagePnl, 320 / 6);
  });

  it('leave the win rate and profit factor null when they are undefined', () => {
    assert.deepEqual(
      [tradeStatistics([]).winRate, tradeStatistics([]).profitFactor, tradeStatistics([{ pnl: 5 }]).profitFactor],
      [null, null, null],
    );
  });
});
