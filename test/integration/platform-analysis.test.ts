import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AgentContext } from '../../src/agents/agent.js';
import { newRunId, parseTaskName } from '../../src/model/ids.js';
import { silentLogger } from '../../src/logging/logger.js';
import { DataManager } from '../../src/platform/components/data-manager.js';
import { DEFAULT_HORIZON, MarketAnalyzer, type AnalysisReport, type SymbolAnalysis, type SymbolForecast } from '../../src/platform/components/market-analyzer.js';
import { ModelInnovationAgent, type ModelRunReport, type SymbolInnovationReport, type SymbolValidationReport } from '../../src/platform/components/model-innovation-agent.js';
import {
  periodReturn, realizedVolatility, relativeStrengthIndex, simpleMovingAverage, technicalStats, trendOf,
} from '../../src/platform/components/technical-indicators.js';
import type { PlatformSettings } from '../../src/platform/core/platform-settings.js';
import { DEFAULT_PLATFORM_SETTINGS } from '../../src/platform/core/platform-settings.js';
import { addDays, sessionDates, type BarsResult, type MarketDataSource, type SessionCalendar } from '../../src/platform/market-data/index.js';
import { parse, task } from '../support/config.js';
import { platformFixture } from '../support/platform.js';

const TASK_CONFIG = task(parse('tasks:\n  analysis:\n    manual: true\n'), 'analysis');

/** An agent context for calling a component's agent directly; `progress` calls are collected. */
function agentContext(name: string, parameters: Record<string, unknown>, progress: string[] = []): AgentContext {
  return {
    task: parseTaskName(name), taskConfig: TASK_CONFIG, runId: newRunId(Date.parse('2026-11-24T22:00:00Z')), attempt: 1, trigger: 'manual',
    idempotencyKey: 'test', parameters, signal: new AbortController().signal, deadline: Number.MAX_SAFE_INTEGER, logger: silentLogger(),
    progress: (fraction, message) => progress.push(`${fraction.toFixed(2)} ${message ?? ''}`),
  };
}

/** A series that climbs steadily (0.4 % a session) with a small ripple: a drift model clearly beats the random walk. */
class TrendSource implements MarketDataSource {
  readonly kind = 'simulator' as const;
  readonly #calendar: SessionCalendar;

  constructor(calendar: SessionCalendar) {
    this.#calendar = calendar;
  }

  bars(_symbol: string, from: string, to: string): Promise<BarsResult> {
    const bars = sessionDates(this.#calendar, from, to).map((date, t) => {
      const close = 100 * Math.exp(0.004 * t + 0.002 * Math.sin(t));
      return { date, open: close, high: close * 1.001, low: close * 0.999, close, volume: 1_000_000 };
    });
    return Promise.resolve({ bars, problems: [] });
  }
}

async function platform(options: { settings?: Partial<PlatformSettings>; trend?: boolean; sync?: readonly string[] } = {}) {
  const f = platformFixture(options.settings === undefined ? {} : { settings: options.settings });
  const data = f.install(options.trend === true ? new DataManager(f.ctx, new TrendSource(f.ctx.calendar)) : new DataManager(f.ctx));
  const models = f.install(new ModelInnovationAgent(f.ctx, data));
  const analyzer = f.install(new MarketAnalyzer(f.ctx, data, models));
  await data.sync(options.sync);
  return { f, data, models, analyzer };
}

const TREND = { settings: { symbols: ['TRND'], benchmark: 'TRND' }, trend: true } as const;

describe('technical indicators', () => {
  it('computes Wilder RSI, moving averages, returns and volatility as worked out by hand', () => {
    // Changes +1, −0.5, +1, −0.5, +1 with period 3: first averages gain 2/3, loss 1/6; then
    // gain (2/3·2 + 0)/3 = 4/9, loss (1/6·2 + 0.5)/3 = 5/18; then gain (4/9·2 + 1)/3 = 17/27,
    // loss (5/18·2)/3 = 5/27; RS = 17/5, RSI = 100 − 100/4.4 = 77.2727…
    const closes = [10, 11, 10.5, 11.5, 11, 12];
    assert.ok(Math.abs(relativeStrengthIndex(closes, 3)! - (100 - 100 / 4.4)) < 1e-9);
    assert.equal(relativeStrengthIndex(closes, 5)! > 0, true);
    assert.equal(relativeStrengthIndex(closes, 6), null, 'needs period + 1 closes');
    assert.equal(relativeStrengthIndex([1, 2, 3, 4], 3), 100, 'no losses');
    assert.equal(relativeStrengthIndex([5, 5, 5, 5], 3), 50, 'no movement');
    assert.equal(simpleMovingAverage(closes, 3), (11.5 + 11 + 12) / 3);
    assert.equal(simpleMovingAverage(closes, 7), null);
    assert.equal(periodReturn(closes, 5), 12 / 10 - 1);
    // Returns +10 % and −10 %: sample sd √((0.01 + 0.01) / 1), annualised by √252.
    assert.ok(Math.abs(realizedVolatility([100, 110, 99], 2)! - Math.sqrt(0.02) * Math.sqrt(252)) < 1e-12);
    assert.deepEqual([trendOf(12, 11, 10), trendOf(9, 10, 11), trendOf(10.5, 10, 11), trendOf(10, 10, null)], ['up', 'down', 'sideways', 'unknown']);
  });
});

describe('MarketAnalyzer', () => {
  it('answers "forecast AAPL 7d" with seven ordered intervals on the next seven XNYS sessions', async () => {
    const { f, data, analyzer } = await platform();
    const result = (await analyzer.agents().market_analysis(agentContext('market_analysis', { command: 'forecast', symbol: 'AAPL', horizon: '7d', horizonDays: 7 }))) as SymbolForecast;
    assert.equal(result.points.length, 7);
    for (const p of result.points) assert.ok(p.lower95 < p.lower80 && p.lower80 < p.value && p.value < p.upper80 && p.upper80 < p.upper95, JSON.stringify(p));
    const last = data.bars('AAPL', 1)[0]!;
    assert.equal(result.origin, last.date);
    assert.equal(result.lastClose, last.close);
    const expected = f.ctx.calendar.sessions(addDays(last.date, 1), addDays(last.date, 30)).slice(0, 7).map((s) => s.date);
    assert.deepEqual(result.points.map((p) => p.date), expected);
    // By hand: Thanksgiving (Thursday 26 November 2026) is no session.
    assert.deepEqual(expected, ['2026-11-25', '2026-11-27', '2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04']);
    assert.ok(result.validation.folds >= 5 && result.validation.value > 0, JSON.stringify(result.validation));
    assert.equal(analyzer.latestForecast('AAPL', 7)?.forecast.points[6]?.value, result.points[6]!.value, 'the forecast is stored');
  });

  it('forecasts a year (365 sessions) with validation capped to the history and widening intervals', async () => {
    const { analyzer } = await platform();
    const result = analyzer.forecast('MSFT', 365);
    assert.equal(result.points.length, 365);
    assert.equal(result.validation.horizon, 38, '(250 bars − 60) / 5 origins');
    const width = (i: number) => result.points[i]!.upper95 - result.points[i]!.lower95;
    assert.ok(width(364) > width(6) && width(6) > width(0));
  });

  it('refuses an unknown symbol naming the known ones', async () => {
    const { analyzer } = await platform();
    await assert.rejects(async () => analyzer.agents().market_analysis(agentContext('market_analysis', { command: 'forecast', symbol: 'ZZZZ', horizon: '7d', horizonDays: 7 })),
      /no market data for "ZZZZ"; known symbols: AAPL, MSFT, JPM, SPY/);
  });

  it('analyses every symbol on schedule, storing one forecast each, idempotently', async () => {
    const { data, analyzer, f } = await platform();
    const [stale] = analyzer.conditions();
    assert.equal(await stale!.observe({ task: TASK_CONFIG, now: f.clock.now() }), 4);
    const progress: string[] = [];
    const report = (await analyzer.agents().market_analysis(agentContext('market_analysis', {}, progress))) as AnalysisReport;
    assert.deepEqual(Object.keys(report.symbols), ['AAPL', 'MSFT', 'JPM', 'SPY']);
    assert.equal(progress.length, 4);
    assert.equal(report.asOf, '2026-11-24');
    for (const [symbol, s] of Object.entries(report.symbols)) {
      const closes = data.bars(symbol).map((b) => b.close);
      assert.equal(s.rsi14, Math.round(relativeStrengthIndex(closes, 14)! * 1e4) / 1e4);
      assert.equal(s.lastClose, closes.at(-1));
      assert.ok(s.lower95 < s.forecast && s.forecast < s.upper95);
      assert.equal(analyzer.latestForecast(symbol)?.horizon, DEFAULT_HORIZON);
    }
    assert.equal(new Set(Object.values(report.symbols).map((s) => s.forecast)).size, 4, 'data-dependent forecasts');
    const count = () => f.ctx.db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM market_forecasts').get()!.n;
    assert.equal(count(), 4);
    await analyzer.agents().market_analysis(agentContext('market_analysis', {}));
    assert.equal(count(), 4, 'a rerun on the same bars replaces the forecasts');
    assert.equal(await stale!.observe({ task: TASK_CONFIG, now: f.clock.now() }), 0);

    const analysis = (await analyzer.agents().market_analysis(agentContext('market_analysis', { command: 'analyze', symbol: 'JPM' }))) as SymbolAnalysis;
    assert.deepEqual(analysis.stats, technicalStats(data.bars('JPM')));
    assert.equal(analysis.forecast.points.length, DEFAULT_HORIZON);
    assert.equal(count(), 4, 'analyze reuses the stored forecast of the last bar');
  });

  it('answers the forecast command quickly on the default data (timing logged)', async () => {
    const { analyzer } = await platform({ settings: { ...DEFAULT_PLATFORM_SETTINGS }, sync: ['AAPL'] });
    const started = performance.now();
    const result = (await analyzer.agents().market_analysis(agentContext('market_analysis', { command: 'forecast', symbol: 'AAPL', horizon: '7d', horizonDays: 7 }))) as SymbolForecast;
    const ms = performance.now() - started;
    console.log(`forecast AAPL 7d on ${DEFAULT_PLATFORM_SETTINGS.historySessions} sessions: ${ms.toFixed(0)} ms (model ${result.model}, incumbent chosen on the fly)`);
    assert.equal(result.points.length, 7);
  });
});

describe('ModelInnovationAgent', () => {
  it('chooses a model per symbol, journals it, and leaves a rerun unchanged', async () => {
    const { f, models } = await platform();
    const [unvalidated] = models.conditions();
    assert.equal(await unvalidated!.observe({ task: TASK_CONFIG, now: f.clock.now() }), 4);
    const progress: string[] = [];
    const first = models.agents().model_validation(agentContext('model_validation', {}, progress)) as ModelRunReport<SymbolValidationReport>;
    assert.equal(progress.length, 4);
    for (const [symbol, s] of Object.entries(first.symbols)) {
      assert.equal(s.previous, null);
      assert.equal(Object.keys(s.scores).length, 5);
      assert.equal(s.score, Math.min(...Object.values(s.scores).filter((v): v is number => v !== null)));
      assert.equal(models.incumbentRecord(symbol)?.candidate, s.incumbent);
      assert.equal(models.incumbent(symbol).name, s.incumbent);
    }
    assert.ok(new Set(Object.values(first.symbols).map((s) => s.score)).size === 4, 'scores depend on the data');
    const choices = f.ctx.journal.latest({ kinds: ['model_choice'] });
    assert.equal(choices.length, 4);
    const again = models.validate();
    assert.ok(Object.values(again.symbols).every((s) => !s.switched));
    assert.equal(f.ctx.journal.latest({ kinds: ['model_choice'] }).length, 4, 'nothing new to journal');
    assert.equal(await unvalidated!.observe({ task: TASK_CONFIG, now: f.clock.now() }), 0);
    assert.equal(await unvalidated!.observe({ task: TASK_CONFIG, now: f.clock.now() + 8 * 86_400_000 }), 4);
  });

  it('switches an incumbent that another model clearly beats, and journals the scores', async () => {
    const { f, models } = await platform(TREND);
    models.pin('TRND', 'naive');
    const report = models.agents().model_validation(agentContext('model_validation', { symbols: ['TRND'] })) as ModelRunReport<SymbolValidationReport>;
    const s = report.symbols['TRND']!;
    assert.equal(s.switched, true);
    assert.equal(s.previous, 'naive');
    assert.notEqual(s.incumbent, 'naive');
    assert.ok(s.score < s.scores['naive']! * 0.5, JSON.stringify(s.scores));
    const [entry] = f.ctx.journal.latest({ kinds: ['model_choice'], subject: 'TRND', limit: 1 });
    assert.match(entry!.summary, new RegExp(`TRND now forecasts with ${s.incumbent.replace(/[()]/g, '\\$&')} instead of naive`));
    assert.equal(entry!.facts['previous'], 'naive');
    assert.deepEqual(entry!.facts['scores'], s.scores);
  });

  it('keeps a proposal that beats the incumbent, records every trial and moves on to new ones', async () => {
    const { f, models } = await platform(TREND);
    models.pin('TRND', 'naive');
    const first = models.agents().model_innovation(agentContext('model_innovation', {})) as ModelRunReport<SymbolInnovationReport>;
    const s = first.symbols['TRND']!;
    assert.equal(s.incumbent, 'naive');
    assert.equal(s.tried.length, 4);
    assert.ok(s.kept.length >= 1 && s.adopted !== null, JSON.stringify(s));
    assert.equal(models.incumbentRecord('TRND')?.candidate, s.adopted);
    assert.ok(models.registry().some((c) => c.name === s.adopted));
    const trials = models.trials({ symbol: 'TRND' });
    assert.deepEqual(trials.map((t) => t.candidate).sort(), [...s.tried].sort());
    for (const t of trials) assert.equal(t.kept, s.kept.includes(t.candidate));
    assert.ok(trials.filter((t) => t.kept).every((t) => t.ratio! < 0.99));
    const kept = f.ctx.journal.latest({ kinds: ['model_choice'] }).filter((e) => e.facts['reason'] === 'innovation');
    assert.equal(kept.length, s.kept.length);
    assert.match(kept.find((e) => e.facts['adopted'] === true)!.summary, /beat naive on TRND: MASE [\d.]+ vs [\d.]+ \([\d.]+% better\); TRND now forecasts with it/);
    const second = models.innovate({ symbols: ['TRND'], proposals: 3 }).symbols['TRND']!;
    assert.equal(second.tried.filter((name) => s.tried.includes(name)).length, 0, 'tried proposals are not retried at once');
  });

  it('limits innovation to the symbols asked for', async () => {
    const { models } = await platform();
    const report = models.agents().model_innovation(agentContext('model_innovation', { symbols: ['msft'], proposals: 2 })) as ModelRunReport<SymbolInnovationReport>;
    assert.deepEqual(Object.keys(report.symbols), ['MSFT']);
    assert.equal(report.symbols['MSFT']!.tried.length, 2);
    assert.equal(models.trials().length, 2);
    assert.throws(() => models.innovate({ symbols: ['NOPE'] }), /no market data for "NOPE"/);
  });
});
