/**
 * `forecast AAPL 7d` end to end on the default data: two years of simulated XNYS bars, every
 * default model validated, seven session-dated points with nested intervals — and fast enough
 * for a command that must answer within a few seconds.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { calendarByName } from '../../src/calendar/index.js';
import { DEFAULT_CANDIDATES, ForecastError, forecastBars } from '../../src/platform/forecasting/index.js';
import { SimulatedMarketDataSource } from '../../src/platform/market-data/index.js';

const calendar = calendarByName('XNYS');

describe('forecasting a symbol from its bars', () => {
  it('forecasts seven sessions of AAPL from two years of simulated data well within a second', async (t) => {
    const started = performance.now();
    const source = new SimulatedMarketDataSource({ seed: 42, calendar, start: '2023-01-03' });
    const { bars } = await source.bars('AAPL', '2023-01-01', '2024-12-20');
    const loaded = performance.now();
    const forecast = forecastBars({ symbol: 'AAPL', bars, horizon: 7, calendar });
    const finished = performance.now();
    t.diagnostic(`${bars.length} bars: data ${(loaded - started).toFixed(0)} ms, validation and forecast ${(finished - loaded).toFixed(0)} ms`);
    assert.ok(finished - loaded < 1000, `forecast took ${finished - loaded} ms`);

    assert.equal(bars.length, 496);
    assert.equal(forecast.symbol, 'AAPL');
    assert.equal(forecast.horizonDays, 7);
    assert.equal(forecast.origin, '2024-12-20');
    assert.equal(forecast.lastClose, bars[bars.length - 1]?.close);
    // The next seven XNYS sessions: no Christmas Day, no New Year's Day.
    assert.deepEqual(forecast.points.map((p) => p.date), ['2024-12-23', '2024-12-24', '2024-12-26', '2024-12-27', '2024-12-30', '2024-12-31', '2025-01-02']);
    assert.ok(DEFAULT_CANDIDATES.some((c) => c.name === forecast.model));
    assert.deepEqual(Object.keys(forecast.validation.byModel), DEFAULT_CANDIDATES.map((c) => c.name));
    assert.equal(forecast.validation.metric, 'mase');
    assert.equal(forecast.validation.folds, 20);
    const chosen = forecast.validation.byModel[forecast.model];
    assert.ok(chosen?.kind === 'scored' && chosen.mase === forecast.validation.value);
    for (const other of Object.values(forecast.validation.byModel)) {
      if (other.kind === 'scored') assert.ok(other.mase >= forecast.validation.value);
    }
    let previousWidth = 0;
    for (const p of forecast.points) {
      assert.ok(p.lower95 < p.lower80 && p.lower80 < p.value && p.value < p.upper80 && p.upper80 < p.upper95, JSON.stringify(p));
      assert.ok(p.lower95 > 0);
      assert.ok(p.upper95 - p.lower95 > previousWidth, 'intervals widen with the horizon');
      previousWidth = p.upper95 - p.lower95;
    }
  });

  it('gives the same forecast for the same bars', async () => {
    const source = new SimulatedMarketDataSource({ seed: 7, calendar, start: '2023-01-03' });
    const { bars } = await source.bars('MSFT', '2023-01-01', '2024-06-28');
    const request = { symbol: 'MSFT', bars, horizon: 5, calendar };
    assert.deepEqual(forecastBars(request), forecastBars(request));
  });

  it('uses only the most recent `history` bars', async () => {
    const source = new SimulatedMarketDataSource({ seed: 7, calendar, start: '2022-01-03' });
    const { bars } = await source.bars('XOM', '2022-01-01', '2024-06-28');
    const recent = forecastBars({ symbol: 'XOM', bars: bars.slice(-200), horizon: 3, calendar });
    assert.deepEqual(forecastBars({ symbol: 'XOM', bars, horizon: 3, calendar, history: 200 }), recent);
  });

  it('explains when there are too few bars to validate', async () => {
    const source = new SimulatedMarketDataSource({ seed: 7, calendar, start: '2024-01-02' });
    const { bars } = await source.bars('SPY', '2024-01-01', '2024-02-15');
    assert.throws(() => forecastBars({ symbol: 'SPY', bars, horizon: 7, calendar }), (error: unknown) =>
      error instanceof ForecastError && error.code === 'EVOLVE_FORECAST_INVALID' && /needs at least 67 observations/.test(error.message));
  });
});
