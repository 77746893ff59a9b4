import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  type Fill,
  type PortfolioState,
  applyFill,
  applyFills,
  createPortfolio,
  equitySnapshot,
  planRebalance,
  valuePortfolio,
} from '../../src/platform/portfolio/index.js';

describe('the portfolio ledger', () => {
  const start = createPortfolio(10_000);
  const buy10at100 = applyFill(start, { symbol: 'AAPL', side: 'buy', quantity: 10, price: 100, fee: 1 });
  const add10at110 = applyFill(buy10at100, { symbol: 'AAPL', side: 'buy', quantity: 10, price: 110, fee: 1 });
  const sell5at120 = applyFill(add10at110, { symbol: 'AAPL', side: 'sell', quantity: 5, price: 120, fee: 1 });

  it('averages the cost of shares bought and pays for them from cash', () => {
    assert.deepEqual(buy10at100.positions['AAPL'], { symbol: 'AAPL', quantity: 10, averageCost: 100 });
    assert.equal(buy10at100.cash, 10_000 - 1000 - 1);
    // (10 × 100 + 10 × 110) / 20 = 105.
    assert.deepEqual(add10at110.positions['AAPL'], { symbol: 'AAPL', quantity: 20, averageCost: 105 });
    assert.equal(add10at110.cash, 8999 - 1100 - 1);
    assert.equal(start.cash, 10_000, 'states are not mutated');
  });

  it('realizes P&L on a partial sale and keeps the average cost of the rest', () => {
    assert.deepEqual(sell5at120.positions['AAPL'], { symbol: 'AAPL', quantity: 15, averageCost: 105 });
    assert.equal(sell5at120.realizedPnl, 5 * (120 - 105));
    assert.equal(sell5at120.cash, 7898 + 600 - 1);
    assert.equal(sell5at120.fees, 3);
  });

  it('flips through zero into a short at the fill price, then covers it', () => {
    const flipped = applyFill(sell5at120, { symbol: 'AAPL', side: 'sell', quantity: 25, price: 90, fee: 2 });
    // Closes 15 at 90 − 105 = −225 realized (75 − 225 = −150 in total); 10 short at 90 remain.
    assert.deepEqual(flipped.positions['AAPL'], { symbol: 'AAPL', quantity: -10, averageCost: 90 });
    assert.equal(flipped.realizedPnl, -150);
    assert.equal(flipped.cash, 8497 + 2250 - 2);
    const covered = applyFill(flipped, { symbol: 'AAPL', side: 'buy', quantity: 10, price: 80, fee: 1 });
    // A short gains as the price falls: 10 × (90 − 80) = +100.
    assert.deepEqual(covered.positions, {});
    assert.equal(covered.realizedPnl, -50);
    assert.equal(covered.cash, 10_745 - 800 - 1);
    assert.equal(covered.cash, 10_000 + covered.realizedPnl - covered.fees);
  });

  it('marks positions to market', () => {
    const v = valuePortfolio(sell5at120, { AAPL: 110 });
    assert.equal(v.marketValue, 15 * 110);
    assert.equal(v.equity, 8497 + 1650);
    assert.equal(v.unrealizedPnl, 15 * (110 - 105));
    // 10 000 + 75 realized + 75 unrealized − 3 fees.
    assert.equal(v.equity, 10_147);
    assert.equal(v.positions[0]?.weight, 1650 / 10_147);
    assert.deepEqual(equitySnapshot(sell5at120, '2024-06-03', { AAPL: 110 }), { date: '2024-06-03', cash: 8497, marketValue: 1650, equity: 10_147 });
    assert.throws(() => valuePortfolio(sell5at120, {}), /no price for AAPL/);
  });

  it('rejects a fill with a non-positive quantity or price', () => {
    assert.throws(() => applyFill(start, { symbol: 'AAPL', side: 'buy', quantity: 0, price: 1 }), /quantity for AAPL must be a positive number/);
    assert.throws(() => applyFill(start, { symbol: 'AAPL', side: 'buy', quantity: 1, price: -1 }), /price for AAPL/);
  });

  it('keeps equity = cash + Σ quantity × price = initial cash + realized + unrealized − fees after any fills', () => {
    const symbols = ['A', 'B', 'C'] as const;
    const fill = fc.record({
      symbol: fc.constantFrom(...symbols),
      side: fc.constantFrom('buy' as const, 'sell' as const),
      quantity: fc.integer({ min: 1, max: 500 }),
      price: fc.double({ min: 1, max: 1000, noNaN: true }),
      fee: fc.double({ min: 0, max: 20, noNaN: true }),
    });
    const prices = fc.record({ A: fc.double({ min: 1, max: 1000, noNaN: true }), B: fc.double({ min: 1, max: 1000, noNaN: true }), C: fc.double({ min: 1, max: 1000, noNaN: true }) });
    fc.assert(
      fc.property(fc.array(fill, { maxLength: 40 }), prices, (fills: Fill[], marks) => {
        const state: PortfolioState = applyFills(createPortfolio(50_000), fills);
        const v = valuePortfolio(state, marks);
        const direct = state.cash + Object.values(state.positions).reduce((s, p) => s + p.quantity * (marks[p.symbol as 'A'] ?? 0), 0);
        const accounting = 50_000 + state.realizedPnl + v.unrealizedPnl - state.fees;
        const scale = 1e-9 * (50_000 + fills.reduce((s, f) => s + f.quantity * f.price, 0));
        return Math.abs(v.equity - direct) <= scale && Math.abs(v.equity - accounting) <= scale;
      }),
    );
  });
});

describe('rebalancing to target weights', () => {
  // Equity 10 000: 1000 cash, AAPL 50 × 120 = 6000 (60 %), MSFT 10 × 300 = 3000 (30 %).
  const state = createPortfolio(1000);
  const drifted: PortfolioState = {
    ...state,
    positions: { AAPL: { symbol: 'AAPL', quantity: 50, averageCost: 100 }, MSFT: { symbol: 'MSFT', quantity: 10, averageCost: 280 } },
  };
  const prices = { AAPL: 120, MSFT: 300 };
  const targets = { AAPL: 0.5, MSFT: 0.4 };

  it('trades back to target when a weight drifts beyond an absolute threshold, sells first', () => {
    const plan = planRebalance({ state: drifted, prices, targets, threshold: { kind: 'absolute', value: 0.05 } });
    assert.equal(plan.triggered, true);
    assert.equal(plan.equity, 10_000);
    // AAPL ⌊0.5 × 10 000 / 120⌋ = 41 → sell 50 − 41 = 9; MSFT ⌊0.4 × 10 000 / 300⌋ = 13 → buy 3.
    assert.deepEqual(plan.orders.map((o) => [o.side, o.symbol, o.quantity, o.kind]), [['sell', 'AAPL', 9, 'rebalance'], ['buy', 'MSFT', 3, 'rebalance']]);
    assert.equal(
      plan.orders[0]?.reason,
      'rebalance triggered by AAPL, MSFT: AAPL weight 60.00% vs target 50.00% (drift +10.00%; absolute threshold 5.00%); sell 9 to reach the target',
    );
  });

  it('does nothing while every drift is within the threshold (at the threshold is within)', () => {
    assert.deepEqual(planRebalance({ state: drifted, prices, targets, threshold: { kind: 'absolute', value: 0.1 } }).orders, []);
    // Relative: AAPL 0.10 / 0.5 = 20 %, MSFT 0.10 / 0.4 = 25 %.
    assert.equal(planRebalance({ state: drifted, prices, targets, threshold: { kind: 'relative', value: 0.25 } }).triggered, false);
    const relative = planRebalance({ state: drifted, prices, targets, threshold: { kind: 'relative', value: 0.2 } });
    assert.deepEqual(relative.drifts.map((d) => [d.symbol, d.breached]), [['AAPL', false], ['MSFT', true]]);
    assert.equal(relative.orders.length, 2, 'a breach rebalances every symbol');
  });

  it('cuts a buy to the cash available after sells and estimated costs', () => {
    // Equity 10 000, no cash: AAPL 60 × 100, MSFT 8 × 500. Targets 30 % / 70 %: sell 30 AAPL for
    // 3000 × (1 − 0.001) = 2997; MSFT wants ⌊7000/500⌋ − 8 = 6, affordable ⌊2997 / 500.5⌋ = 5.
    const plan = planRebalance({
      state: { cash: 0, positions: { AAPL: { symbol: 'AAPL', quantity: 60, averageCost: 90 }, MSFT: { symbol: 'MSFT', quantity: 8, averageCost: 450 } } },
      prices: { AAPL: 100, MSFT: 500 },
      targets: { AAPL: 0.3, MSFT: 0.7 },
      threshold: { kind: 'absolute', value: 0.05 },
      costBps: 10,
    });
    assert.deepEqual(plan.orders.map((o) => [o.side, o.symbol, o.quantity]), [['sell', 'AAPL', 30], ['buy', 'MSFT', 5]]);
    assert.match(plan.orders[1]?.reason ?? '', /cut from 6 to the cash available/);
  });

  it('sells a holding that has no target', () => {
    const plan = planRebalance({ state: drifted, prices, targets: { MSFT: 0.9 }, threshold: { kind: 'relative', value: 0.5 } });
    assert.deepEqual(plan.orders.map((o) => [o.side, o.symbol, o.quantity]), [['sell', 'AAPL', 50], ['buy', 'MSFT', 20]]);
  });

  it('rejects targets that sum above 1 or are negative', () => {
    assert.throws(() => planRebalance({ state: drifted, prices, targets: { AAPL: 0.7, MSFT: 0.4 }, threshold: { kind: 'absolute', value: 0.05 } }), /sum to 1.1/);
    assert.throws(() => planRebalance({ state: drifted, prices, targets: { AAPL: -0.1 }, threshold: { kind: 'absolute', value: 0.05 } }), /target weight of AAPL must be in \[0, 1\]/);
  });

  it('never plans buys the cash cannot pay for', () => {
    const holding = fc.record({ quantity: fc.integer({ min: 0, max: 200 }), price: fc.double({ min: 1, max: 500, noNaN: true }), target: fc.double({ min: 0, max: 0.33, noNaN: true }) });
    fc.assert(
      fc.property(fc.tuple(holding, holding, holding), fc.double({ min: 0, max: 50_000, noNaN: true }), fc.integer({ min: 0, max: 100 }), (hs, cash, costBps) => {
        const names = ['A', 'B', 'C'];
        const positions = Object.fromEntries(hs.flatMap((h, i) => (h.quantity > 0 ? [[names[i] as string, { symbol: names[i] as string, quantity: h.quantity, averageCost: h.price }]] : [])));
        const prices = Object.fromEntries(hs.map((h, i) => [names[i] as string, h.price]));
        const equity = cash + hs.reduce((s, h) => s + h.quantity * h.price, 0);
        if (equity <= 0) return true;
        const plan = planRebalance({ state: { cash, positions }, prices, targets: Object.fromEntries(hs.map((h, i) => [names[i] as string, h.target])), threshold: { kind: 'absolute', value: 0.01 }, costBps });
        let left = cash;
        for (const o of plan.orders) {
          const price = prices[o.symbol] as number;
          left += (o.side === 'sell' ? 1 - costBps / 10_000 : -(1 + costBps / 10_000)) * o.quantity * price;
          if (!Number.isInteger(o.quantity) || o.quantity <= 0) return false;
        }
        return left >= -1e-6 * Math.max(1, equity);
      }),
    );
  });
});
