/**
 * The market simulator and the session helpers: the PRNG against its published reference
 * outputs, determinism by seed, independence of symbols, OHLC invariants over many generated
 * bars (property), and the statistics the model promises — volatilities, correlations, volume
 * reacting to moves, volatility clustering — against figures worked out by hand from the
 * configured parameters.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { calendarByName } from '../../src/calendar/index.js';
import {
  DEFAULT_UNIVERSE, MarketDataError, SimulatedMarketDataSource, nextSessionDates, simulateBars, xnysSessionDates,
  type Bar, type SymbolSpec,
} from '../../src/platform/market-data/index.js';
import { createRandom, createXoshiro128 } from '../../src/platform/random.js';

const TEN_YEARS = xnysSessionDates('2015-01-01', '2024-12-31');
const ONE_YEAR = TEN_YEARS.filter((date) => date.startsWith('2024'));

function logReturns(bars: readonly Bar[]): number[] {
  return bars.slice(1).map((bar, i) => Math.log(bar.close / (bars[i] as Bar).close));
}
function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}
function correlation(a: readonly number[], b: readonly number[]): number {
  const ma = mean(a);
  const mb = mean(b);
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  a.forEach((x, i) => {
    const y = b[i] ?? 0;
    sab += (x - ma) * (y - mb);
    saa += (x - ma) ** 2;
    sbb += (y - mb) ** 2;
  });
  return sab / Math.sqrt(saa * sbb);
}
function annualVol(returns: readonly number[]): number {
  const m = mean(returns);
  return Math.sqrt((returns.reduce((s, r) => s + (r - m) ** 2, 0) / (returns.length - 1)) * 252);
}
function bars(map: ReadonlyMap<string, Bar[]>, symbol: string): Bar[] {
  const found = map.get(symbol);
  assert.ok(found, `no bars for ${symbol}`);
  return found;
}

function symbolSpec(symbol: string, sector: string, volatility: number, beta: number, sectorShare: number): SymbolSpec {
  return { symbol, sector, price: 100, volatility, beta, sectorShare, alpha: 0, jumpsPerYear: 0, jumpMean: 0, jumpVolatility: 0, volume: 1_000_000 };
}

describe('seeded random numbers', () => {
  it('reproduces the xoshiro128** reference outputs for the state (1, 2, 3, 4)', () => {
    // Worked by hand from the algorithm: rotl(2·5, 7)·9 = 11520; then s1 becomes 0; then
    // rotl(1029·5, 7)·9 = 5927040. The fourth is the reference implementation's output.
    const random = createXoshiro128([1, 2, 3, 4]);
    assert.deepEqual([random.nextUint32(), random.nextUint32(), random.nextUint32(), random.nextUint32()], [11520, 0, 5927040, 70819200]);
  });

  it('draws uniforms with mean ½ and normals with mean 0 and variance 1', () => {
    const random = createRandom(7, 'check');
    const n = 50_000;
    const uniforms = Array.from({ length: n }, () => random.next());
    const normals = Array.from({ length: n }, () => random.normal());
    assert.ok(Math.abs(mean(uniforms) - 0.5) < 0.01);
    assert.ok(uniforms.every((u) => u >= 0 && u < 1));
    assert.ok(Math.abs(mean(normals)) < 0.02);
    assert.ok(Math.abs(mean(normals.map((z) => z * z)) - 1) < 0.03);
  });

  it('gives each label its own stream and the same stream for the same seed and labels', () => {
    const draw = (seed: number, label: string): number[] => {
      const random = createRandom(seed, label);
      return [random.nextUint32(), random.nextUint32()];
    };
    assert.deepEqual(draw(1, 'AAPL'), draw(1, 'AAPL'));
    assert.notDeepEqual(draw(1, 'AAPL'), draw(1, 'MSFT'));
    assert.notDeepEqual(draw(1, 'AAPL'), draw(2, 'AAPL'));
  });
});

describe('the market simulator', () => {
  const symbols = DEFAULT_UNIVERSE.map((spec) => spec.symbol);

  it('gives the same bars, byte for byte, for the same seed, symbols and dates', () => {
    const first = simulateBars(ONE_YEAR, symbols, { seed: 42 });
    const second = simulateBars(ONE_YEAR, symbols, { seed: 42 });
    assert.equal(JSON.stringify([...first]), JSON.stringify([...second]));
  });

  it('gives different bars for a different seed', () => {
    const a = bars(simulateBars(ONE_YEAR, ['AAPL'], { seed: 42 }), 'AAPL');
    const b = bars(simulateBars(ONE_YEAR, ['AAPL'], { seed: 43 }), 'AAPL');
    assert.notDeepEqual(a.map((bar) => bar.close), b.map((bar) => bar.close));
  });

  it('gives a symbol the same bars whether simulated alone or with the whole universe', () => {
    const alone = bars(simulateBars(ONE_YEAR, ['MSFT'], { seed: 5 }), 'MSFT');
    const together = bars(simulateBars(ONE_YEAR, symbols, { seed: 5 }), 'MSFT');
    assert.deepEqual(alone, together);
  });

  it('never changes earlier bars when more dates are simulated', () => {
    const short = bars(simulateBars(ONE_YEAR.slice(0, 100), ['NVDA'], { seed: 9 }), 'NVDA');
    const long = bars(simulateBars(ONE_YEAR, ['NVDA'], { seed: 9 }), 'NVDA');
    assert.deepEqual(long.slice(0, 100), short);
  });

  it('labels bars with exactly the session dates it is given', () => {
    const dates = ['2024-07-03', '2024-07-05', '2024-07-08'];
    assert.deepEqual(bars(simulateBars(dates, ['SPY'], { seed: 1 }), 'SPY').map((bar) => bar.date), dates);
  });

  it('rejects unknown symbols and dates that are not strictly increasing', () => {
    assert.throws(() => simulateBars(ONE_YEAR, ['TSLA'], { seed: 1 }), (error: unknown) => error instanceof MarketDataError && /TSLA.*AAPL, MSFT/.test(error.message));
    assert.throws(() => simulateBars(['2024-01-03', '2024-01-02'], ['SPY'], { seed: 1 }), /strictly increasing/);
    assert.throws(() => simulateBars(['2024-02-30'], ['SPY'], { seed: 1 }), /not a date/);
  });

  it('keeps high ≥ max(open, close), low ≤ min(open, close), prices > 0 and whole volumes for any parameters', () => {
    const dates = ONE_YEAR.slice(0, 150);
    const specArbitrary = fc.record({
      volatility: fc.double({ min: 0.05, max: 1.5, noNaN: true }),
      betaShare: fc.double({ min: -1, max: 1, noNaN: true }),
      sectorShare: fc.double({ min: 0, max: 1, noNaN: true }),
      price: fc.double({ min: 0.05, max: 5000, noNaN: true }),
      jumpsPerYear: fc.double({ min: 0, max: 30, noNaN: true }),
      jumpVolatility: fc.double({ min: 0, max: 0.3, noNaN: true }),
      alpha: fc.double({ min: -0.5, max: 0.5, noNaN: true }),
    });
    fc.assert(fc.property(fc.integer(), specArbitrary, (seed, p) => {
      const spec: SymbolSpec = {
        ...symbolSpec('X', 's', p.volatility, (p.betaShare * p.volatility) / 0.16, p.sectorShare),
        price: p.price, jumpsPerYear: p.jumpsPerYear, jumpVolatility: p.jumpVolatility, alpha: p.alpha,
      };
      for (const bar of bars(simulateBars(dates, ['X'], { seed, universe: [spec] }), 'X')) {
        assert.ok(bar.high >= Math.max(bar.open, bar.close), `high ${bar.high} below open/close on ${bar.date}`);
        assert.ok(bar.low <= Math.min(bar.open, bar.close), `low ${bar.low} above open/close on ${bar.date}`);
        assert.ok(bar.low > 0 && Number.isFinite(bar.high));
        assert.ok(Number.isInteger(bar.volume) && bar.volume >= 0);
      }
    }), { numRuns: 200, seed: 20240101 });
  });

  it('matches the configured volatilities and the correlations the factor model implies', () => {
    // Market σ_M = 0.16. Non-market variance R = σ² − β²σ_M²:
    //   A: 0.25² − 0.16² = 0.0369    B: 0.30² − (1.2·0.16)² = 0.053136
    // corr(A, B), same sector, q = ½ each: (1.0·1.2·0.0256 + √(½·0.0369·½·0.053136)) / (0.25·0.30)
    //   = (0.03072 + 0.022140) / 0.075 = 0.7048
    // corr(A, C), C in another sector with β = 0.5, σ = 0.20: (1.0·0.5·0.0256) / (0.25·0.20) = 0.256
    const universe = [symbolSpec('A', 'x', 0.25, 1, 0.5), symbolSpec('B', 'x', 0.3, 1.2, 0.5), symbolSpec('C', 'y', 0.2, 0.5, 0.5)];
    const simulated = simulateBars(TEN_YEARS, ['A', 'B', 'C'], { seed: 2024, universe });
    const [a, b, c] = ['A', 'B', 'C'].map((symbol) => logReturns(bars(simulated, symbol))) as [number[], number[], number[]];
    assert.ok(Math.abs(correlation(a, b) - 0.7048) < 0.05, `corr(A, B) = ${correlation(a, b)}`);
    assert.ok(Math.abs(correlation(a, c) - 0.256) < 0.06, `corr(A, C) = ${correlation(a, c)}`);
    for (const [returns, configured] of [[a, 0.25], [b, 0.3], [c, 0.2]] as const) {
      assert.ok(Math.abs(annualVol(returns) / configured - 1) < 0.12, `vol ${annualVol(returns)} vs ${configured}`);
    }
  });

  it('clusters volatility, trades more on big moves and jumps now and then', () => {
    const nvda = bars(simulateBars(TEN_YEARS, ['NVDA'], { seed: 3 }), 'NVDA');
    const returns = logReturns(nvda);
    const squared = returns.map((r) => r * r);
    // GARCH: squared returns are autocorrelated; i.i.d. returns would give ≈ 0 ± 0.02.
    assert.ok(correlation(squared.slice(1), squared.slice(0, -1)) > 0.08);
    assert.ok(correlation(returns.map(Math.abs), nvda.slice(1).map((bar) => bar.volume)) > 0.3);
    // Jumps and GARCH make tails fat: excess kurtosis of a normal is 0.
    const m = mean(returns);
    const variance = mean(returns.map((r) => (r - m) ** 2));
    const kurtosis = mean(returns.map((r) => (r - m) ** 4)) / variance ** 2 - 3;
    assert.ok(kurtosis > 1, `excess kurtosis ${kurtosis}`);
  });
});

describe('session dates', () => {
  const xnys = calendarByName('XNYS');

  it('lists the sessions after a date across Christmas and New Year', () => {
    assert.deepEqual(nextSessionDates(xnys, '2024-12-20', 7), ['2024-12-23', '2024-12-24', '2024-12-26', '2024-12-27', '2024-12-30', '2024-12-31', '2025-01-02']);
  });

  it('uses the sessions of the exchange: 252 in 2024', () => {
    assert.equal(ONE_YEAR.length, 252);
    assert.equal(ONE_YEAR[0], '2024-01-02');
  });

  it('accepts any object with sessions(), such as a calendar open only on Wednesdays', () => {
    const wednesdays = {
      sessions: (from: string, to: string) => {
        const out: { date: string }[] = [];
        for (let t = Date.parse(from); t <= Date.parse(to); t += 86_400_000) {
          if (new Date(t).getUTCDay() === 3) out.push({ date: new Date(t).toISOString().slice(0, 10) });
        }
        return out;
      },
    };
    assert.deepEqual(nextSessionDates(wednesdays, '2024-01-03', 3), ['2024-01-10', '2024-01-17', '2024-01-24']);
  });
});

describe('the simulated market-data source', () => {
  const calendar = calendarByName('XNYS');

  it('serves a range of simulated bars that does not depend on the range asked for', async () => {
    const source = new SimulatedMarketDataSource({ seed: 42, calendar, start: '2023-01-03' });
    const wide = await source.bars('AAPL', '2023-01-01', '2024-12-31');
    const fresh = new SimulatedMarketDataSource({ seed: 42, calendar, start: '2023-01-03' });
    const narrow = await fresh.bars('AAPL', '2024-03-01', '2024-03-31');
    assert.equal(wide.bars.length, 250 + 252);
    assert.deepEqual(narrow.bars, wide.bars.filter((bar) => bar.date.startsWith('2024-03')));
    assert.equal(narrow.bars[0]?.date, '2024-03-01');
    assert.deepEqual(narrow.problems, []);
  });

  it('rejects a symbol that could escape a path and one it does not simulate', async () => {
    const source = new SimulatedMarketDataSource({ seed: 1, calendar });
    await assert.rejects(source.bars('../etc', '2024-01-01', '2024-01-31'), /not a ticker symbol/);
    await assert.rejects(source.bars('ZZZZ', '2024-01-01', '2024-01-31'), /no symbol "ZZZZ"/);
  });
});
