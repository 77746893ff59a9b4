import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  checkLimits,
  checkStops,
  correlationMatrix,
  drawdownSeries,
  exposureReport,
  historicalCVaR,
  historicalTailRisk,
  historicalVaR,
  maxDrawdown,
  pearsonCorrelation,
  portfolioVaR,
  quantile,
} from '../../src/platform/risk/index.js';

function assertClose(actual: number | null | undefined, expected: number, tolerance = 1e-12): void {
  assert.ok(typeof actual === 'number', `expected ${expected}, got ${String(actual)}`);
  assert.ok(Math.abs(actual - expected) <= tolerance, `expected ${expected}, got ${actual}`);
}

// Twenty daily returns in percent. Sorted: −4.0, −3.0, −2.5, −1.5, −1.1, −0.9, −0.7, −0.2, 0.3, 0.4,
// 0.5, 0.6, 0.8, 0.9, 1.1, 1.2, 1.4, 1.6, 2.0, 2.3.
const SAMPLE = [-4.0, -2.5, 1.2, 0.8, -1.5, 2.0, 0.3, -0.7, 1.1, -3.0, 0.5, 0.9, -0.2, 1.6, -1.1, 0.4, 2.3, -0.9, 0.6, 1.4].map((x) => x / 100);

describe('historical VaR and CVaR on a known 20-value sample', () => {
  it('at 95 %: the 5 % quantile interpolated between the two worst days', () => {
    // h = (20 − 1) × 0.05 = 0.95 → Q = −4.0 + 0.95 × (−3.0 − −4.0) = −3.05 %.
    assertClose(historicalVaR(SAMPLE, 0.95), 0.0305);
    // Only −4.0 % lies at or below −3.05 %.
    assertClose(historicalCVaR(SAMPLE, 0.95), 0.04);
  });

  it('at 99 %: h = 19 × 0.01 = 0.19 → Q = −4.0 + 0.19 = −3.81 %', () => {
    const tail = historicalTailRisk(SAMPLE, 0.99);
    assertClose(tail.valueAtRisk, 0.0381);
    assertClose(tail.conditionalVaR, 0.04);
    assert.equal(tail.tailCount, 1);
    assert.equal(tail.observations, 20);
  });

  it('at 90 % the tail holds two days and CVaR averages them', () => {
    // h = 1.9 → Q = −3.0 + 0.9 × (−2.5 − −3.0) = −2.55 %; tail −4.0 and −3.0 → CVaR 3.5 %.
    assertClose(historicalVaR(SAMPLE, 0.9), 0.0255);
    assertClose(historicalCVaR(SAMPLE, 0.9), 0.035);
  });

  it('uses the same type-7 quantile as R and NumPy', () => {
    assert.equal(quantile([1, 2, 3, 4], 0.5), 2.5);
    assertClose(quantile([10, 20, 30], 0.25), 15);
  });

  it('VaR99 ≥ VaR95 and CVaR ≥ VaR for any sample', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -0.5, max: 0.5, noNaN: true }), { minLength: 1, maxLength: 300 }), (returns) => {
        const t95 = historicalTailRisk(returns, 0.95);
        const t99 = historicalTailRisk(returns, 0.99);
        return t99.valueAtRisk >= t95.valueAtRisk && t99.conditionalVaR >= t95.conditionalVaR && t95.conditionalVaR >= t95.valueAtRisk && t99.conditionalVaR >= t99.valueAtRisk;
      }),
    );
  });

  it('rejects a confidence outside (0, 1) and an empty sample', () => {
    assert.throws(() => historicalVaR(SAMPLE, 95), /confidence must be strictly between 0 and 1/);
    assert.throws(() => historicalVaR([], 0.95), /at least 1 value/);
    assert.throws(() => historicalVaR([0.01, Number.NaN]), /returns\[1\] must be a finite number/);
  });
});

describe('portfolio VaR from position-weighted historical returns', () => {
  it('weights each day by market value over equity', () => {
    // Equity 10 000 (5000 in A, 3000 in B, 2000 cash): weights 0.5 and 0.3.
    const result = portfolioVaR(
      { equity: 10_000, positions: [{ symbol: 'A', marketValue: 5000 }, { symbol: 'B', marketValue: 3000 }] },
      { A: [0.02, -0.04, 0.01, 0.03, -0.01], B: [-0.01, -0.02, 0.04, 0, 0.01], C: [9, 9, 9, 9, 9] },
      [0.95],
    );
    // Days: 0.01 − 0.003, −0.02 − 0.006, 0.005 + 0.012, 0.015 + 0, −0.005 + 0.003.
    [0.007, -0.026, 0.017, 0.015, -0.002].forEach((r, i) => assertClose(result.returns[i], r));
    // Sorted −0.026, −0.002, …; h = 4 × 0.05 = 0.2 → Q = −0.026 + 0.2 × 0.024 = −0.0212.
    const level = result.levels[0];
    assertClose(level?.valueAtRisk, 0.0212);
    assertClose(level?.valueAtRiskAmount, 212, 1e-9);
    assertClose(level?.conditionalVaR, 0.026);
    assertClose(level?.conditionalVaRAmount, 260, 1e-9);
  });

  it('needs a history for every position, of one length', () => {
    const portfolio = { equity: 100, positions: [{ symbol: 'A', marketValue: 50 }, { symbol: 'B', marketValue: 50 }] };
    assert.throws(() => portfolioVaR(portfolio, { A: [0.01, 0.02] }), /no return history for B/);
    assert.throws(() => portfolioVaR(portfolio, { A: [0.01, 0.02], B: [0.01] }), /align them by date/);
  });
});

describe('drawdown of an equity curve', () => {
  const curve = [100, 120, 90, 110, 130, 117].map((equity, i) => ({ date: `2024-05-0${i + 1}`, equity }));

  it('measures each point against the running peak', () => {
    // 1 − 90/120 = 0.25; 1 − 110/120; 1 − 117/130 = 0.1.
    const expected = [0, 0, 0.25, 1 - 110 / 120, 0, 0.1];
    drawdownSeries(curve).forEach((p, i) => assertClose(p.drawdown, expected[i] as number));
    assert.deepEqual(maxDrawdown(curve), { maxDrawdown: 0.25, peakDate: '2024-05-02', troughDate: '2024-05-03', recoveryDate: '2024-05-05', lengthToTrough: 1 });
  });
});

describe('correlation of returns', () => {
  it('matches a hand computation on two short series', () => {
    // x − 3 = −2, −1, 0, 1, 2; y − 4 = −2, 0, 1, 0, 1: Σxy = 6, Σx² = 10, Σy² = 6 → r = 6/√60.
    assertClose(pearsonCorrelation([1, 2, 3, 4, 5], [2, 4, 5, 4, 5]), 6 / Math.sqrt(60));
  });

  it('builds a symmetric matrix in symbol order, null for a constant series', () => {
    const m = correlationMatrix({ Y: [2, 4, 5, 4, 5], X: [1, 2, 3, 4, 5], Z: [5, 4, 3, 2, 1], K: [1, 1, 1, 1, 1] });
    assert.deepEqual(m.symbols, ['K', 'X', 'Y', 'Z']);
    assert.deepEqual(m.matrix[0], [null, null, null, null]);
    assert.equal(m.matrix[1]?.[1], 1);
    assert.equal(m.matrix[1]?.[3], -1);
    assertClose(m.matrix[1]?.[2], 6 / Math.sqrt(60));
    assert.equal(m.matrix[2]?.[1], m.matrix[1]?.[2]);
    assert.throws(() => correlationMatrix({ A: [1, 2, 3], B: [1, 2] }), /align them by date/);
  });
});

describe('exposure, concentration and position limits', () => {
  const exposure = exposureReport({
    equity: 10_000,
    positions: [{ symbol: 'MSFT', marketValue: -2000 }, { symbol: 'AAPL', marketValue: 6000 }, { symbol: 'GOOG', marketValue: 2000 }],
  });

  it('sums long, short, gross and net exposure as fractions of equity', () => {
    assert.equal(exposure.long, 0.8);
    assert.equal(exposure.short, 0.2);
    assert.equal(exposure.gross, 1);
    assertClose(exposure.net, 0.6);
    assert.deepEqual(exposure.weights, [{ symbol: 'AAPL', weight: 0.6 }, { symbol: 'GOOG', weight: 0.2 }, { symbol: 'MSFT', weight: -0.2 }]);
    // Shares of gross 0.6, 0.2, 0.2: 0.36 + 0.04 + 0.04 = 0.44.
    assertClose(exposure.herfindahl, 0.44);
    assertClose(exposure.effectivePositions, 1 / 0.44);
  });

  it('lists every breached limit with the value and the limit', () => {
    const breaches = checkLimits(exposure, 3, { maxWeightPerSymbol: 0.5, maxGrossExposure: 0.9, maxNetExposure: 0.7, maxPositions: 2 });
    assert.deepEqual(breaches.map((b) => [b.kind, b.symbol, b.value, b.limit]), [
      ['max_weight', 'AAPL', 0.6, 0.5],
      ['max_gross_exposure', null, 1, 0.9],
      ['max_positions', null, 3, 2],
    ]);
    assert.equal(breaches[0]?.message, 'AAPL is 60.00% of equity, above the 50.00% per-symbol limit');
    assert.deepEqual(checkLimits(exposure, 3, { maxWeightPerSymbol: 0.6 }), []); // at the limit is within it
  });
});

describe('stop-loss checks', () => {
  /** Runs the check day by day, carrying the best price; returns the first day with an intent. */
  function firstTrigger(prices: number[], position: { quantity: number; averageCost: number }, rules: { stopLossPct?: number; trailingStopPct?: number }) {
    let bestPrice: number | undefined;
    for (const [day, price] of prices.entries()) {
      const check = checkStops([{ symbol: 'AAPL', ...position, ...(bestPrice === undefined ? {} : { bestPrice }) }], { AAPL: price }, rules);
      bestPrice = check.bestPrices['AAPL'];
      if (check.intents.length > 0) return { day, intent: check.intents[0] };
    }
    return null;
  }

  it('closes a long at the bar whose price reaches average cost × (1 − stop)', () => {
    // Stop at 100 × 0.75 = 75: 76 does not trigger, 75 does.
    const hit = firstTrigger([98, 90, 80, 76, 75, 70], { quantity: 10, averageCost: 100 }, { stopLossPct: 0.25 });
    assert.equal(hit?.day, 4);
    assert.deepEqual(hit.intent, {
      symbol: 'AAPL', side: 'sell', quantity: 10, kind: 'stop_loss',
      reason: 'AAPL at 75.00 reached its stop-loss at 75.00 (25.00% below average cost 100.00); sell 10 to close',
    });
  });

  it('trails the high since entry', () => {
    // High 120 → trailing level 120 × 0.75 = 90: 91 holds, 90 triggers; the fixed stop at 80 is never reached.
    const hit = firstTrigger([104, 112, 120, 100, 91, 90, 85], { quantity: 10, averageCost: 100 }, { stopLossPct: 0.2, trailingStopPct: 0.25 });
    assert.equal(hit?.day, 5);
    assert.equal(hit.intent?.kind, 'trailing_stop');
    assert.match(hit.intent?.reason ?? '', /trailing stop at 90\.00 \(25\.00% below the high of 120\.00 since entry\)/);
  });

  it('triggers at the level the user means despite floating-point rounding', () => {
    // 120 × (1 − 0.03) computes as 116.39999999999999; a price of 116.40 is at the stop.
    assert.equal(firstTrigger([118, 116.41, 116.4], { quantity: 3, averageCost: 120 }, { stopLossPct: 0.03 })?.day, 2);
  });

  it('covers a short whose price rises to its stop with a buy', () => {
    // Short 5 at 50, stop at 50 × 1.25 = 62.5.
    const hit = firstTrigger([55, 62, 62.5], { quantity: -5, averageCost: 50 }, { stopLossPct: 0.25 });
    assert.equal(hit?.day, 2);
    assert.equal(hit.intent?.side, 'buy');
    assert.equal(hit.intent?.quantity, 5);
  });

  it('rejects a stop given in percent instead of a fraction', () => {
    assert.throws(() => checkStops([], {}, { stopLossPct: 8 }), /stopLossPct must be a fraction between 0 and 1/);
  });
});
