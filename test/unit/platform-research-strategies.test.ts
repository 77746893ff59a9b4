import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { EvolveError } from '../../src/index.js';
import {
  StrategyParameterError,
  defaultStrategyRegistry,
  priceHistory,
  targetSeries,
  zScore,
} from '../../src/platform/research/index.js';

const registry = defaultStrategyRegistry();

function thrownBy(f: () => unknown): StrategyParameterError {
  try {
    f();
  } catch (error) {
    assert.ok(error instanceof StrategyParameterError, `expected a StrategyParameterError, got ${String(error)}`);
    return error;
  }
  return assert.fail('expected an error');
}

describe('the strategy registry', () => {
  it('lists the three built-in strategies and fills in their defaults', () => {
    assert.deepEqual(registry.names(), ['buy_and_hold', 'mean_reversion', 'momentum']);
    assert.deepEqual(registry.resolveParameters('momentum'), { lookback: 60, threshold: 0, targetVolatility: 0, volatilityLookback: 20 });
    assert.deepEqual(registry.resolveParameters('mean_reversion', { entryZ: 1.5 }), { window: 20, entryZ: 1.5, exitZ: 0 });
    assert.deepEqual(registry.create('buy_and_hold').params, {});
  });

  it('rejects an unknown strategy and names the ones that exist', () => {
    const error = thrownBy(() => registry.create('momentun'));
    assert.ok(error instanceof EvolveError);
    assert.equal(error.code, 'EVOLVE_STRATEGY_INVALID');
    assert.match(error.message, /unknown strategy "momentun"; use one of buy_and_hold, mean_reversion, momentum/);
  });

  it('reports every bad parameter at once, each with its rule and default', () => {
    const error = thrownBy(() => registry.create('momentum', { lookback: 2.5, threshold: '0.1', speed: 3 }));
    assert.deepEqual(
      error.issues.map((i) => i.path),
      ['momentum.speed', 'momentum.lookback', 'momentum.threshold'],
    );
    assert.match(error.message, /momentum has no parameter "speed"; its parameters are lookback, threshold, targetVolatility, volatilityLookback/);
    assert.match(error.message, /lookback: must be a whole number from 1 to 2520 \(days over which the return is measured; default 60\), got 2\.5/);
    assert.match(error.message, /threshold: must be a number from -1 to 10 .*got "0\.1"/);
  });

  it('checks rules across parameters', () => {
    const error = thrownBy(() => registry.create('mean_reversion', { entryZ: 1, exitZ: -1 }));
    assert.match(error.message, /exitZ \(-1\) must be above −entryZ \(-1\)/);
  });

  it('refuses to register a second strategy under a taken name', () => {
    const own = defaultStrategyRegistry();
    assert.throws(() => own.register({ name: 'momentum', description: '', parameters: {}, create: () => registry.create('buy_and_hold') }), /already registered/);
  });
});

describe('strategy rules, decided at each close from closes known so far', () => {
  it('momentum holds while the lookback return is above the threshold', () => {
    const strategy = registry.create('momentum', { lookback: 2 });
    // t2: 104/100 > 1, t3: 106/102 > 1, t4: 103/104 < 1, t5: 101/106 < 1, t6: 105/103 > 1.
    assert.deepEqual(targetSeries(strategy, [100, 102, 104, 106, 103, 101, 105, 108]), [0, 0, 1, 1, 0, 0, 1, 1]);
    const demanding = registry.create('momentum', { lookback: 2, threshold: 0.03 });
    // 104/100 − 1 = 4 % > 3 %, 106/102 − 1 = 3.92 % > 3 %, 108/101 − 1 = 6.9 % > 3 %; 105/103 − 1 = 1.9 % is not.
    assert.deepEqual(targetSeries(demanding, [100, 102, 104, 106, 103, 101, 105, 108]), [0, 0, 1, 1, 0, 0, 0, 1]);
  });

  it('momentum scales the position to a target volatility', () => {
    const strategy = registry.create('momentum', { lookback: 1, targetVolatility: 0.5, volatilityLookback: 2 });
    // Returns +10 %, −10 %, +10 %. At t3: 108.9/99 − 1 = 10 % > 0; the last two returns −10 %, +10 %
    // have mean 0 and sample s.d. √((0.01 + 0.01) / 1) = √0.02, annualized √0.02 · √252.
    const targets = targetSeries(strategy, [100, 110, 99, 108.9]);
    assert.deepEqual(targets.slice(0, 3), [0, 0, 0]);
    assert.ok(Math.abs((targets[3] as number) - 0.5 / (Math.sqrt(0.02) * Math.sqrt(252))) < 1e-12);
  });

  it('mean reversion enters below −entryZ and holds until the z-score is back at exitZ', () => {
    const strategy = registry.create('mean_reversion', { window: 3, entryZ: 1 });
    const closes = [10, 10, 10, 9, 9.2, 10, 10.1];
    // t3: window 10, 10, 9: mean 29/3, s = √((1/9 + 1/9 + 4/9) / 2) = √(1/3); z = (9 − 29/3)/√(1/3) = −1.1547 < −1: enter.
    assert.ok(Math.abs(zScore(priceHistory(closes, 3), 3) - -(2 / 3) / Math.sqrt(1 / 3)) < 1e-12);
    // t4: window 10, 9, 9.2: mean 9.4, s = √(0.56 / 2); z = −0.2/√0.28 = −0.378: not an entry, but holds.
    assert.ok(Math.abs(zScore(priceHistory(closes, 4), 3) - -0.2 / Math.sqrt(0.28)) < 1e-12);
    // t5: window 9, 9.2, 10: z = 0.6/√0.28 ≥ 0: exit.
    assert.deepEqual(targetSeries(strategy, closes), [0, 0, 0, 1, 1, 0, 0]);
  });

  it('buy and hold is fully invested from the first close', () => {
    assert.deepEqual(targetSeries(registry.create('buy_and_hold'), [5, 4, 6]), [1, 1, 1]);
  });

  it('a price history refuses to show a close after today', () => {
    const history = priceHistory([1, 2, 3, 4], 1);
    assert.equal(history.length, 2);
    assert.equal(history.close(1), 2);
    assert.throws(() => history.close(2), /may not look ahead/);
  });

  it('no strategy changes a past target when future closes are appended', () => {
    const closes = fc.array(fc.double({ min: 1, max: 1000, noNaN: true }), { minLength: 2, maxLength: 80 });
    const strategies = [
      registry.create('momentum', { lookback: 5, targetVolatility: 0.2, volatilityLookback: 4 }),
      registry.create('mean_reversion', { window: 4, entryZ: 0.5 }),
      registry.create('buy_and_hold'),
    ];
    fc.assert(
      fc.property(closes, fc.nat(), (series, cut) => {
        const prefix = series.slice(0, 1 + (cut % series.length));
        return strategies.every((s) => {
          const full = targetSeries(s, series);
          const partial = targetSeries(s, prefix);
          return partial.every((t, i) => t === full[i] && t >= 0 && t <= 1);
        });
      }),
    );
  });
});
