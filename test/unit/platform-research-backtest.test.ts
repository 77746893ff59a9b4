import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { type PriceBar, defaultStrategyRegistry, runBacktest, slippageFraction } from '../../src/platform/research/index.js';

const registry = defaultStrategyRegistry();

function assertClose(actual: number | null | undefined, expected: number, tolerance = 1e-9): void {
  assert.ok(typeof actual === 'number', `expected ${expected}, got ${String(actual)}`);
  assert.ok(Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected)), `expected ${expected}, got ${actual}`);
}

const bar = (date: string, open: number, close: number): PriceBar => ({ date, open, close });

// Eight bars. Momentum with a 2-day lookback targets, at each close: t2 104/100 ↑ → 1, t3 106/102 ↑ → 1,
// t4 103/104 ↓ → 0, t5 101/106 ↓ → 0, t6 105/103 ↑ → 1, t7 → 1 (never traded: no next open).
const BARS = [
  bar('2024-01-02', 100, 100),
  bar('2024-01-03', 101, 102),
  bar('2024-01-04', 103, 104),
  bar('2024-01-05', 105, 106),
  bar('2024-01-08', 104, 103),
  bar('2024-01-09', 102, 101),
  bar('2024-01-10', 100, 105),
  bar('2024-01-11', 107, 108),
];

describe('a backtest of an eight-bar price path, checked by hand', () => {
  const result = runBacktest({
    symbol: 'TINY',
    bars: BARS,
    strategy: registry.create('momentum', { lookback: 2 }),
    initialCash: 10_000,
    slippage: { kind: 'bps', bps: 50 }, // 0.5 %
    commission: { bps: 10, perTrade: 1 }, // 0.1 % + 1.00
  });

  it('buys at the open after the signal, cut to what the cash can pay with costs', () => {
    // 01-05 open 105: ⌊10 000 / 105⌋ = 95 wanted; fill 105 × 1.005 = 105.525; with costs
    // ⌊(10 000 − 1) / (105.525 × 1.001)⌋ = ⌊94.66⌋ = 94 affordable.
    const buy = result.fills[0];
    assert.equal(buy?.date, '2024-01-05');
    assert.equal(buy.side, 'buy');
    assert.equal(buy.quantity, 94);
    assertClose(buy.price, 105.525);
    assertClose(buy.commission, 94 * 105.525 * 0.001 + 1); // 10.91935
    assertClose(buy.slippageCost, 94 * 0.525);
  });

  it('sells at the open after the exit signal, slipped downwards', () => {
    // 01-09 open 102: fill 102 × 0.995 = 101.49; commission 94 × 101.49 × 0.001 + 1 = 10.54006.
    const sell = result.fills[1];
    assert.equal(sell?.date, '2024-01-09');
    assert.equal(sell.side, 'sell');
    assert.equal(sell.quantity, 94);
    assertClose(sell.price, 101.49);
    assertClose(sell.commission, 10.54006);
  });

  it('records the round trip with its net P&L', () => {
    assert.equal(result.trades.length, 1);
    const trade = result.trades[0];
    assert.equal(trade?.entryDate, '2024-01-05');
    assert.equal(trade.exitDate, '2024-01-09');
    assertClose(trade.entryPrice, 105.525);
    assertClose(trade.exitPrice, 101.49);
    assert.equal(trade.quantity, 94);
    assert.equal(trade.barsHeld, 2);
    // 94 × 101.49 − 94 × 105.525 − (10.91935 + 10.54006) = 9540.06 − 9919.35 − 21.45941.
    assertClose(trade.pnl, -400.74941);
  });

  it('re-enters after the next signal and marks the open trade at the last close', () => {
    // Cash after the round trip: 10 000 − 400.74941 = 9599.25059. 01-11 open 107: ⌊9599.25059/107⌋ = 89,
    // fill 107.535, affordable ⌊9598.25059 / (107.535 × 1.001)⌋ = 89.
    const buy = result.fills[2];
    assert.equal(buy?.date, '2024-01-11');
    assert.equal(buy.quantity, 89);
    assertClose(buy.price, 107.535);
    const open = result.openTrade;
    assert.equal(open?.quantity, 89);
    // 89 × 108 − 89 × 107.535 − (89 × 107.535 × 0.001 + 1) = 9612 − 9570.615 − 10.570615.
    assertClose(open.unrealizedPnl, 30.814385);
  });

  it('values equity at every close and ends at the hand-computed figure', () => {
    const equity = result.equityCurve.map((p) => p.equity);
    const expected = [
      10_000,
      10_000,
      10_000,
      69.73065 + 94 * 106, // cash 10 000 − 9919.35 − 10.91935 = 69.73065
      69.73065 + 94 * 103,
      9599.25059,
      9599.25059,
      18.064975 + 89 * 108, // 9599.25059 − 9570.615 − 10.570615
    ];
    expected.forEach((e, i) => assertClose(equity[i], e));
    assertClose(result.finalEquity, 9630.064975);
    assert.deepEqual(result.equityCurve.map((p) => p.position), [0, 0, 0, 94, 94, 0, 0, 89]);
  });

  it('derives the metrics from the curve and the trades', () => {
    const m = result.metrics;
    assertClose(m.totalReturn, 9630.064975 / 10_000 - 1);
    // Peak 10 033.73065 (01-05), trough 9599.25059 (01-09), not recovered.
    assertClose(m.maxDrawdown, 1 - 9599.25059 / 10_033.73065);
    assert.equal(m.maxDrawdownPeakDate, '2024-01-05');
    assert.equal(m.maxDrawdownTroughDate, '2024-01-09');
    assert.equal(m.maxDrawdownRecoveryDate, null);
    assert.equal(m.numberOfTrades, 1);
    assert.equal(m.winRate, 0);
    assert.equal(m.profitFactor, 0);
    assert.equal(m.exposure, 3 / 8); // a position at the closes of 01-05, 01-08 and 01-11
  });
});

describe('the backtest engine', () => {
  it('buys and holds from the second open, with no costs matching the price change', () => {
    const r = runBacktest({
      symbol: 'X',
      bars: [bar('2024-01-02', 10, 10), bar('2024-01-03', 10, 11), bar('2024-01-04', 12, 15)],
      strategy: registry.create('buy_and_hold'),
      initialCash: 1000,
      slippage: { kind: 'bps', bps: 0 },
      commission: { bps: 0, perTrade: 0 },
    });
    // 100 shares at 10 on 01-03; closes 11 then 15.
    assert.deepEqual(r.equityCurve.map((p) => p.equity), [1000, 1100, 1500]);
    assert.deepEqual(r.trades, []);
    assert.equal(r.openTrade?.unrealizedPnl, 500);
  });

  it('prices volatility slippage from returns known at the previous close', () => {
    const closes = [100, 110, 99, 108.9, 50];
    const model = { kind: 'volatility', baseBps: 10, multiplier: 0.5, lookback: 2 } as const;
    assert.equal(slippageFraction(model, closes, 2), 0.001); // only one return known before day 2
    // Day 4's open: returns −10 %, +10 % (s.d. √0.02); the crash to 50 at day 4's close is not known yet.
    assertClose(slippageFraction(model, closes, 4), 0.001 + 0.5 * Math.sqrt(0.02));
  });

  it('skips adjustments smaller than minTradeWeight but still closes fully', () => {
    const strategy = { name: 'steps', params: {}, target: (h: { length: number }) => [0.5, 0.52, 0][h.length - 1] ?? 0 };
    const bars = [bar('2024-01-02', 10, 10), bar('2024-01-03', 10, 10), bar('2024-01-04', 10, 10), bar('2024-01-05', 10, 10)];
    const free = { initialCash: 1000, slippage: { kind: 'bps', bps: 0 }, commission: { bps: 0, perTrade: 0 } } as const;
    const r = runBacktest({ ...free, symbol: 'X', bars, strategy, minTradeWeight: 0.05 });
    assert.deepEqual(r.fills.map((f) => [f.date, f.side, f.quantity]), [['2024-01-03', 'buy', 50], ['2024-01-05', 'sell', 50]]);
    const all = runBacktest({ ...free, symbol: 'X', bars, strategy });
    assert.deepEqual(all.fills.map((f) => f.quantity), [50, 2, 52]);
  });

  it('rejects bars out of order or with a non-positive price, naming the bar', () => {
    const strategy = registry.create('buy_and_hold');
    assert.throws(() => runBacktest({ symbol: 'X', strategy, bars: [bar('2024-01-03', 1, 1), bar('2024-01-02', 1, 1)] }), /bar 1 \(2024-01-02\) does not come after/);
    assert.throws(() => runBacktest({ symbol: 'X', strategy, bars: [bar('2024-01-02', 0, 1)] }), /bar 0 \(2024-01-02\) has open 0/);
  });

  it('never spends more cash than it has, and equity is always cash plus shares at the close', () => {
    const path = fc.array(fc.tuple(fc.double({ min: 1, max: 500, noNaN: true }), fc.double({ min: 1, max: 500, noNaN: true })), { minLength: 2, maxLength: 60 });
    const strategies = [registry.create('momentum', { lookback: 3 }), registry.create('mean_reversion', { window: 3, entryZ: 0.5 }), registry.create('buy_and_hold')];
    fc.assert(
      fc.property(path, fc.nat({ max: 2 }), fc.nat({ max: 100 }), (prices, which, bps) => {
        const bars = prices.map(([open, close], i) => bar(`2024-${String(1 + Math.floor(i / 28)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`, open, close));
        const r = runBacktest({ symbol: 'P', bars, strategy: strategies[which] ?? registry.create('buy_and_hold'), slippage: { kind: 'bps', bps }, commission: { bps, perTrade: 1 } });
        return r.equityCurve.every((p) => p.cash >= -1e-6 && p.position >= 0 && Math.abs(p.equity - (p.cash + p.position * p.close)) < 1e-6);
      }),
    );
  });
});
