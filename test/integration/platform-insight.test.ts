import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { runInNewContext, Script } from 'node:vm';
import { after, describe, it } from 'node:test';
import type { AgentContext } from '../../src/agents/agent.js';
import { DataManager } from '../../src/platform/components/data-manager.js';
import { ExplainerAgent } from '../../src/platform/components/explainer-agent.js';
import { explanationText } from '../../src/platform/components/explanation-templates.js';
import { ReportGenerator, type PortfolioReader } from '../../src/platform/components/report-generator.js';
import { SentimentAnalyzer } from '../../src/platform/components/sentiment-analyzer.js';
import { SystemHealthMonitor, type PlatformAlert } from '../../src/platform/components/system-health-monitor.js';
import type { JournalEntry } from '../../src/platform/core/platform-journal.js';
import { maxDrawdown } from '../../src/platform/risk/index.js';
import { silentLogger } from '../../src/logging/logger.js';
import { platformFixture, type PlatformFixture } from '../support/platform.js';
import { tempDir } from '../support/temp-dir.js';

const RUN_A = 'r_000000000001aaaaaaaa';
const RUN_B = 'r_000000000002bbbbbbbb';

/** Just enough of an AgentContext for a component's agent. */
function agentContext(parameters: Record<string, unknown> = {}, runId = RUN_A): AgentContext {
  return { runId, parameters, signal: new AbortController().signal, logger: silentLogger(), progress: () => {} } as unknown as AgentContext;
}

type AgentFn = (ctx: AgentContext) => Promise<unknown>;
const agent = (agents: Readonly<Record<string, unknown>>, name: string) => agents[name] as AgentFn;

function headlineLine(id: string, published: string, title: string): string {
  return JSON.stringify({ id, published, title, source: 'test wire' });
}

/** 14 days of mixed AAPL news, then a burst of bad news on 2026-11-24. */
function writeHeadlines(dir: string): void {
  const lines: string[] = [];
  for (let day = 8; day <= 21; day++) {
    const date = `2026-11-${String(day).padStart(2, '0')}`;
    lines.push(headlineLine(`base-${day}-a`, `${date}T15:00:00Z`, 'Apple shares rise 1% in early trading'));
    lines.push(headlineLine(`base-${day}-b`, `${date}T18:00:00Z`, 'Apple shares slip 1% in choppy trading'));
  }
  lines.push(headlineLine('burst-1', '2026-11-24T14:00:00Z', 'Apple misses estimates and cuts full-year guidance'));
  lines.push(headlineLine('burst-2', '2026-11-24T15:00:00Z', 'Apple shares plunge 8% after profit warning'));
  lines.push(headlineLine('burst-3', '2026-11-24T16:00:00Z', 'Apple reports surprise loss, shares tumble'));
  lines.push(headlineLine('burst-4', '2026-11-24T17:00:00Z', 'Apple hit with class-action lawsuit after data breach'));
  writeFileSync(join(dir, 'news.jsonl'), `${lines.join('\n')}\n`);
}

describe('SentimentAnalyzer', () => {
  it('stores each headline once across runs, and stores, journals and counts the news event', async () => {
    const dir = tempDir();
    writeHeadlines(dir);
    const f = platformFixture({ settings: { headlines: { kind: 'files', dir } } });
    const sentiment = f.install(new SentimentAnalyzer(f.ctx));
    const first = await sentiment.fetch({ runId: RUN_A });
    assert.deepEqual([first.fetched, first.added, first.duplicates], [32, 32, 0]);
    assert.equal(first.events.length, 1);
    const event = first.events[0]!;
    assert.deepEqual([event.symbol, event.date, event.trigger], ['AAPL', '2026-11-24', 'z']);
    assert.ok(event.z! < -3, `z ${event.z}`);
    assert.equal(sentiment.recentEventCount(), 1);
    assert.equal(await sentiment.conditions()[0]!.observe({ task: {} as never, now: f.clock.now() }), 1);
    const journal = f.ctx.journal.latest({ kinds: ['news_event'] });
    assert.equal(journal.length, 1);
    assert.match(journal[0]!.summary, /^AAPL news sentiment fell sharply on 2026-11-24: 4 headlines averaging −0\.\d\d \(z −\d+\.\d against the 20-day baseline\)\.$/);
    assert.equal(journal[0]!.runId, RUN_A);

    // The day's aggregate is the plain mean of its four scores.
    const scores = f.ctx.db.prepare<[], { score: number }>(`SELECT score FROM headlines WHERE id LIKE 'burst-%'`).all().map((r) => r.score);
    const answer = sentiment.sentiment('AAPL');
    assert.equal(answer.latest.date, '2026-11-24');
    assert.equal(answer.latest.count, 4);
    assert.ok(Math.abs(answer.latest.mean - scores.reduce((a, b) => a + b, 0) / 4) < 1e-12);
    assert.equal(answer.trend.direction, 'deteriorating');
    assert.equal(answer.headlines[0]!.score, Math.min(...scores), 'the strongest headline first');

    await f.clock.advanceTo(Date.parse('2026-11-24T23:00:00Z'));
    const again = await sentiment.fetch();
    assert.deepEqual([again.added, again.events.length], [0, 0]);
    assert.ok(again.duplicates >= 4, 'the overlap is read again and deduplicated');
    writeFileSync(join(dir, 'late.jsonl'), `${headlineLine('late-1', '2026-11-24T22:30:00Z', 'Apple shares slip 1% in choppy trading')}\n`);
    const third = await sentiment.fetch();
    assert.deepEqual([third.added, third.events.length], [1, 0], 'the same event is not stored twice');
    assert.equal(f.ctx.db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM headlines').get()!.n, 33);
    assert.equal(f.ctx.journal.latest({ kinds: ['news_event'] }).length, 1);
    assert.equal(sentiment.sentiment('AAPL').latest.count, 5);

    await f.clock.advanceTo(Date.parse('2026-11-26T12:00:00Z'));
    assert.equal(sentiment.recentEventCount(), 0, 'the event has left the 24-hour window');
  });

  it('runs sentiment_fetch on the sample feed and answers the sentiment command', async () => {
    const f = platformFixture();
    const sentiment = f.install(new SentimentAnalyzer(f.ctx));
    const agents = sentiment.agents();
    const report = (await agent(agents, 'sentiment_fetch')(agentContext())) as Awaited<ReturnType<SentimentAnalyzer['fetch']>>;
    assert.ok(report.added > 60, `${report.added} headlines over 30 days`);
    assert.deepEqual(Object.keys(report.symbols).sort(), ['AAPL', 'JPM', 'MSFT']);
    const means = Object.values(report.symbols).map((s) => s.mean);
    assert.ok(new Set(means).size > 1, `different symbols, different sentiment: ${means.join(', ')}`);
    const answer = (await agent(agents, 'sentiment_fetch')(agentContext({ command: 'sentiment', symbol: 'MSFT' }))) as ReturnType<SentimentAnalyzer['sentiment']>;
    assert.equal(answer.symbol, 'MSFT');
    assert.ok(answer.trend.days.length >= 3 && answer.headlines.length > 0);
    assert.ok(answer.headlines.every((h, i, all) => i === 0 || Math.abs(all[i - 1]!.score) >= Math.abs(h.score)));
    await assert.rejects(agent(agents, 'sentiment_fetch')(agentContext({ command: 'sentiment', symbol: 'ZZZZ' })), /no stored headline mentions ZZZZ/);
  });
});

function append(f: PlatformFixture, entry: Partial<Omit<JournalEntry, 'id'>> & Pick<JournalEntry, 'kind' | 'subject' | 'summary' | 'facts'>): number {
  return f.ctx.journal.append({ at: f.clock.now(), symbol: null, runId: null, ...entry });
}

const TRADE_FACTS = { side: 'buy', quantity: 120, price: 191.32, slippageBps: 5, commission: 2.3, reason: 'rebalance', weightBefore: 0.121, targetWeight: 0.2, notional: 22958.4 };

describe('ExplainerAgent', () => {
  it('explains a trade citing its exact numbers', () => {
    const entry: JournalEntry = { id: 1, at: 0, kind: 'trade', subject: 'trd_1', symbol: 'AAPL', summary: 'bought', facts: TRADE_FACTS, runId: null };
    assert.equal(
      explanationText(entry),
      'Bought 120 AAPL at 191.32 (0.05 % slippage, $2.30 commission) to rebalance: AAPL was 12.1 % of equity against a 20 % target.',
    );
    const sale = { ...entry, facts: { side: 'sell', quantity: 50, price: 1234.5, commission: 1, reason: 'stop_loss', realizedPnl: -812.25 } };
    assert.equal(explanationText(sale), 'Sold 50 AAPL at 1,234.50 ($1.00 commission) because its stop-loss was hit. The sale realised a loss of $812.25.');
    const unknown = { ...entry, facts: { side: 'buy', exposure: 0.42 } };
    assert.equal(explanationText(unknown), 'bought Other figures: exposure 42 %.', 'missing facts: the summary leads and every number is listed');
  });

  it('explains the entries the trading, risk, research and model components write, citing their numbers', () => {
    const entry = (kind: JournalEntry['kind'], symbol: string | null, summary: string, facts: Record<string, unknown>): JournalEntry => ({ id: 1, at: 0, kind, subject: 's', symbol, summary, facts, runId: null });
    const trade = entry('trade', 'AAPL', 'Sold 40 AAPL.', {
      tradeId: 'trd_7', orderId: 7, side: 'sell', quantity: 40, price: 180.5, referencePrice: 180.59, priceDate: '2026-11-24', slippageBps: 5, slippageCost: 3.61,
      commission: 1.72, notional: 7220, realizedPnl: 312.4, reason: 'stop_loss', orderReason: 'AAPL at $180.59 reached its stop-loss at $181.00 (8.00% below average cost $196.74); sell 40 to close',
    });
    assert.equal(
      explanationText(trade),
      'Sold 40 AAPL at 180.50 (close 180.59 on 2026-11-24, 0.05 % slippage costing $3.61, $1.72 commission) because its stop-loss was hit. ' +
        'AAPL at $180.59 reached its stop-loss at $181.00 (8.00% below average cost $196.74); sell 40 to close. The sale realised a profit of $312.40.',
    );
    const rebalance = entry('rebalance', null, 'Rebalanced.', {
      equity: 1_000_000, maxDrift: -0.079, threshold: 0.05, orders: 2, turnover: 30_000,
      orderList: [{ id: 1, symbol: 'AAPL', side: 'buy', quantity: 120 }, { id: 2, symbol: 'MSFT', side: 'sell', quantity: 30 }],
    });
    assert.equal(explanationText(rebalance), 'Rebalanced the $1,000,000.00 portfolio because the largest drift from the target weights was 7.9 % against a 5 % threshold: 2 orders trading $30,000.00 (buy 120 AAPL, sell 30 MSFT).');
    const breach = entry('risk_action', 'AAPL', 'Limit breaches: AAPL weight 31% > 25%; gross 104% > 100%.', {
      action: 'limit_breach', metric: 'max_weight', value: 0.31, limit: 0.25, breaches: [{ kind: 'max_weight' }, { kind: 'max_gross_exposure' }],
    });
    assert.equal(explanationText(breach), 'Risk action (limit breach) on AAPL: Limit breaches: AAPL weight 31% > 25%; gross 104% > 100%. The weight stood at 31 % against a limit of 25 %, the largest of 2 breaches.');
    const allocation = entry('allocation', null, 'Set target weights.', {
      invested: 0.45, reason: 'best strategy per symbol by Sharpe',
      allocations: [{ symbol: 'AAPL', strategy: 'momentum', sharpe: 1.234, weight: 0.25 }, { symbol: 'MSFT', strategy: 'mean_reversion', sharpe: 0.8, weight: 0.2 }, { symbol: 'JPM', strategy: 'momentum', sharpe: -0.2, weight: 0 }],
    });
    assert.equal(explanationText(allocation), 'Set the target weights to invest 45 % of equity: AAPL 25 % (momentum, Sharpe 1.23), MSFT 20 % (mean_reversion, Sharpe 0.8). Rule: best strategy per symbol by Sharpe.');
    const model = entry('model_choice', 'AAPL', 'AAPL now forecasts with holt-damped.', {
      chosen: 'holt-damped', chosenScore: 0.912, previous: 'naive', previousScore: 1.043, metric: 'mase', horizon: 5, folds: 4, scores: [], reason: 'validation',
    });
    assert.equal(
      explanationText(model),
      'AAPL now forecasts with holt-damped, replacing naive. Its validation MASE was 0.912 over 4 rolling origins of 5 sessions ahead, against 1.043 for naive (12.6 % lower); below 1 means it beat the naive forecast.',
    );
  });

  it('explains each pending entry once and answers explain last, trd_ and run ids', async () => {
    const f = platformFixture();
    const explainer = f.install(new ExplainerAgent(f.ctx));
    const trade = append(f, { kind: 'trade', subject: 'trd_abc', symbol: 'AAPL', summary: 'Bought 120 AAPL.', facts: TRADE_FACTS, runId: RUN_A });
    append(f, { kind: 'order', subject: 'ord_1', symbol: 'AAPL', summary: 'Order placed.', facts: {}, runId: RUN_A });
    append(f, { kind: 'model_choice', subject: 'AAPL', symbol: 'AAPL', summary: 'Chose holt.', facts: { model: 'holt-damped', previousModel: 'naive', mase: 0.8, previousMase: 1 }, runId: RUN_B });
    assert.equal(explainer.backlog(), 2);
    const agents = explainer.agents();
    const report = (await agent(agents, 'explanation')(agentContext())) as Awaited<ReturnType<ExplainerAgent['explainPending']>>;
    assert.deepEqual([report.explained, report.byKind], [2, { trade: 1, model_choice: 1 }]);
    assert.equal(
      report.latest,
      'AAPL now forecasts with holt-damped, replacing naive. Its validation MASE was 0.8, against 1 for naive (20 % lower); below 1 means it beat the naive forecast.',
    );
    assert.equal(((await agent(agents, 'explanation')(agentContext())) as { explained: number }).explained, 0, 'a second run explains nothing again');
    assert.equal(explainer.backlog(), 0);

    const risk = append(f, { kind: 'risk_action', subject: 'AAPL', symbol: 'AAPL', summary: 'Trimmed AAPL to 25 %.', facts: { action: 'trim', metric: 'weight', value: 0.31, limit: 0.25 }, runId: RUN_B });
    const last = (await agent(agents, 'explanation')(agentContext({ command: 'explain', target: 'last' }))) as { explanations: { journalId: number; text: string }[] };
    assert.equal(last.explanations[0]!.journalId, risk, 'explain last explains what is pending first');
    assert.equal(last.explanations[0]!.text, 'Risk action (trim) on AAPL: Trimmed AAPL to 25 %. The weight stood at 31 % against a limit of 25 %.');
    const byTrade = (await agent(agents, 'explanation')(agentContext({ command: 'explain', target: 'trade', tradeId: 'trd_abc' }))) as { explanations: { journalId: number; text: string }[] };
    assert.deepEqual(byTrade.explanations.map((e) => e.journalId), [trade]);
    assert.match(byTrade.explanations[0]!.text, /^Bought 120 AAPL at 191\.32/);
    const byRun = (await agent(agents, 'explanation')(agentContext({ command: 'explain', target: 'run', runId: RUN_B }))) as { explanations: { kind: string }[] };
    assert.deepEqual(byRun.explanations.map((e) => e.kind), ['model_choice', 'risk_action']);
    await assert.rejects(agent(agents, 'explanation')(agentContext({ command: 'explain', target: 'trade', tradeId: 'trd_nope' })), /no journal entry is about trade trd_nope/);
    await assert.rejects(agent(agents, 'explanation')(agentContext({ command: 'explain', target: 'run', runId: 'r_00000000000000000000' })), /run r_00000000000000000000 made no decision/);
  });

  it('rewrites explanations with the LLM endpoint while it answers, and keeps the template on a 500 or a timeout', async () => {
    let mode: 'ok' | 'fail' | 'hang' = 'ok';
    const bodies: unknown[] = [];
    const server = createServer((req: IncomingMessage, res: ServerResponse) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        const parsed = JSON.parse(body) as { text: string; facts: Record<string, unknown> };
        bodies.push(parsed);
        if (mode === 'hang') return;
        if (mode === 'fail') return void res.writeHead(500).end('model overloaded');
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ text: `In short: ${parsed.text}` }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    after(() => {
      server.closeAllConnections();
      server.close();
    });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/explain`;
    const f = platformFixture({ settings: { explanationLlmUrl: url } });
    const explainer = f.install(new ExplainerAgent(f.ctx, { llmTimeoutMs: 200 }));
    append(f, { kind: 'trade', subject: 'trd_1', symbol: 'AAPL', summary: 'Bought.', facts: TRADE_FACTS });
    const ok = await explainer.explainPending();
    assert.deepEqual(ok.llm, { used: 1, fallbacks: 0 });
    assert.match(ok.latest!, /^In short: Bought 120 AAPL at 191\.32/);
    assert.deepEqual((bodies[0] as { facts: unknown }).facts, TRADE_FACTS, 'the facts are sent with the template text');
    assert.equal(explainer.recent(1)[0]!.source, 'llm');

    mode = 'fail';
    append(f, { kind: 'trade', subject: 'trd_2', symbol: 'AAPL', summary: 'Bought.', facts: TRADE_FACTS });
    const failed = await explainer.explainPending();
    assert.deepEqual(failed.llm, { used: 0, fallbacks: 1 });
    assert.match(failed.latest!, /^Bought 120 AAPL/);
    assert.equal(explainer.recent(1)[0]!.source, 'template');

    mode = 'hang';
    append(f, { kind: 'trade', subject: 'trd_3', symbol: 'AAPL', summary: 'Bought.', facts: TRADE_FACTS });
    const started = performance.now();
    const hung = await explainer.explainPending();
    assert.deepEqual(hung.llm, { used: 0, fallbacks: 1 });
    assert.match(hung.latest!, /^Bought 120 AAPL/);
    assert.ok(performance.now() - started < 5_000, 'the timeout ends the wait');
    assert.equal(bodies.length, 3);
  });
});

/** Compiles every inline script and runs the chart script against a stand-in uPlot. */
function drawsTheCharts(html: string, points: number): void {
  const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
  assert.equal(scripts.length, 2, "uPlot's build and the chart script");
  for (const script of scripts) new Script(script); // throws on a syntax error
  const json = /<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(html)![1]!;
  const charts: { label: string; xs: number[]; ys: number[] }[] = [];
  class FakePlot {
    constructor(opts: { series: { label?: string }[] }, data: number[][]) {
      charts.push({ label: opts.series[1]!.label!, xs: data[0]!, ys: data[1]! });
    }
  }
  const document = { getElementById: (id: string) => (id === 'report-data' ? { textContent: json } : { clientWidth: 900 }) };
  runInNewContext(scripts[1]!, { document, uPlot: FakePlot });
  assert.deepEqual(charts.map((c) => [c.label, c.xs.length, c.ys.length]), [['SPY close', points, points], ['Drawdown', points, points]]);
  assert.ok(charts[1]!.ys.every((d) => d <= 0) && charts[1]!.ys.some((d) => d < 0), 'drawdowns plotted below zero');
}

describe('ReportGenerator', () => {
  it("writes a self-contained HTML report with the benchmark's metrics before the portfolio has history", async () => {
    const f = platformFixture();
    const data = f.install(new DataManager(f.ctx));
    await data.sync();
    const explainer = f.install(new ExplainerAgent(f.ctx));
    append(f, { kind: 'trade', subject: 'trd_1', symbol: 'AAPL', summary: 'Bought.', facts: TRADE_FACTS });
    await explainer.explainPending();
    const dir = join(tempDir(), 'reports');
    const reports = f.install(new ReportGenerator(f.ctx, data, { dir, explainer, healthReader: () => ({ overall: 0.93, byTask: { data_sync: 1, execution: 0.75 } }) }));
    const result = (await agent(reports.agents(), 'performance_analysis')(agentContext({ command: 'performance', period: '1m', periodDays: 30 }))) as Awaited<ReturnType<ReportGenerator['generate']>>;
    assert.equal(result.curve, 'benchmark');
    // By hand: SPY's closes from the last session before 2026-10-25 to 2026-11-24.
    const spy = data.bars('SPY').filter((b) => b.date >= '2026-10-23');
    assert.equal(spy[0]!.date, '2026-10-23');
    assert.ok(Math.abs(result.metrics.totalReturn - (spy.at(-1)!.close / spy[0]!.close - 1)) < 1e-12);
    assert.equal(result.metrics.maxDrawdown, maxDrawdown(spy.map((b) => ({ date: b.date, equity: b.close }))).maxDrawdown);
    assert.equal(result.metrics.days, spy.length - 1);
    assert.ok(result.metrics.sharpe !== null && result.metrics.sortino !== null);
    assert.ok(existsSync(result.path) && result.path.startsWith(dir));
    const html = readFileSync(result.path, 'utf8');
    assert.match(html, /^<!DOCTYPE html>\n<html lang="en">/);
    assert.match(html, /<\/html>\n$/);
    for (const tag of ['table', 'tr', 'td', 'script', 'style', 'h2']) {
      assert.equal(html.split(`<${tag}`).length, html.split(`</${tag}>`).length, `<${tag}> opened and closed alike`);
    }
    assert.ok(html.includes('var uPlot='), 'uPlot is inlined');
    assert.ok(html.includes('.uplot'), "uPlot's stylesheet is inlined");
    assert.doesNotMatch(html, /<script[^>]+src=/, 'no external script');
    drawsTheCharts(html, result.metrics.days + 1);
    assert.ok(html.includes("No portfolio history yet: the curve is SPY&#39;s daily closes"));
    const pct = `${(result.metrics.totalReturn * 100).toFixed(Math.abs(result.metrics.totalReturn) < 0.01 ? 2 : 1).replace(/\.?0+$/, '').replace('-', '−')} %`;
    assert.ok(html.includes(`<td>Total return</td><td>${pct}</td>`), `total return ${pct} in the report`);
    assert.ok(html.includes('Bought 120 AAPL at 191.32'), 'recent decisions carry their explanations');
    assert.ok(html.includes('<td>execution</td><td>0.75</td>'), 'task health');
    assert.equal(reports.reports()[0]!.path, result.path);
  });

  it("uses the portfolio's equity curve, positions and forecasts when they are connected", async () => {
    const f = platformFixture();
    const data = f.install(new DataManager(f.ctx));
    await data.sync();
    const curve = [
      { date: '2026-11-18', equity: 1_000_000 },
      { date: '2026-11-19', equity: 1_010_000 },
      { date: '2026-11-20', equity: 959_500 },
      { date: '2026-11-23', equity: 980_000 },
      { date: '2026-11-24', equity: 1_020_000 },
    ];
    const portfolio: PortfolioReader = {
      equityCurve: () => curve,
      valuation: () => ({
        cash: 20_000,
        marketValue: 1_000_000,
        grossMarketValue: 1_000_000,
        equity: 1_020_000,
        unrealizedPnl: 5_000,
        realizedPnl: 0,
        fees: 10,
        positions: [{ symbol: 'AAPL', quantity: 5000, averageCost: 199, price: 200, marketValue: 1_000_000, unrealizedPnl: 5_000, weight: 0.98 }],
      }),
    };
    const forecast = { symbol: 'AAPL', model: 'holt-damped', params: {}, horizonDays: 5, origin: '2026-11-24', lastClose: 200, points: [{ date: '2026-12-01', value: 203.5, lower80: 195.25, upper80: 211.75, lower95: 190, upper95: 217 }] };
    const dir = join(tempDir(), 'reports');
    const reports = f.install(new ReportGenerator(f.ctx, data, { dir, portfolio, forecasts: { latestForecast: (s) => (s === 'AAPL' ? (forecast as never) : null) } }));
    const result = await reports.generate('ytd', null);
    assert.equal(result.curve, 'portfolio');
    assert.ok(Math.abs(result.metrics.totalReturn - 0.02) < 1e-12);
    assert.ok(Math.abs(result.metrics.maxDrawdown - (1 - 959_500 / 1_010_000)) < 1e-12);
    assert.equal(result.metrics.days, 4);
    const html = readFileSync(result.path, 'utf8');
    assert.ok(html.includes('<td>AAPL</td><td>5,000</td><td>200.00</td><td>$1,000,000.00</td><td>98 %</td>'));
    assert.ok(html.includes('<td>203.50</td><td>195.25 – 211.75</td><td>190.00 – 217.00</td>'));
    assert.ok(html.includes("The curve is the paper portfolio&#39;s daily equity (5 points)."));
  });
});

describe('SystemHealthMonitor', () => {
  it('flags stale bars once time passes without a sync, and raises each alert condition once', async () => {
    const f = platformFixture();
    const data = f.install(new DataManager(f.ctx));
    await data.sync();
    const explainer = f.install(new ExplainerAgent(f.ctx));
    const raised: PlatformAlert[] = [];
    const monitor = f.install(
      new SystemHealthMonitor(f.ctx, data, { explainer, checkHealth: () => ({ overall: 0.9, byTask: { data_sync: 1 } }), raise: (alert) => void raised.push(alert) }),
    );
    const fresh = (await agent(monitor.agents(), 'system_health')(agentContext())) as Awaited<ReturnType<SystemHealthMonitor['check']>> & { overallHealth: number };
    assert.equal(fresh.overallHealth, 0.9);
    assert.deepEqual(fresh.platform.checks.map((c) => [c.name, c.ok]), [['bars_fresh', true], ['database_size', true], ['explanation_backlog', true], ['data_problems', true]]);
    assert.equal(fresh.platform.score, 1);
    assert.equal(monitor.conditions()[0]!.observe({ task: {} as never, now: f.clock.now() }), true);
    assert.deepEqual((await monitor.reviewAlerts()).raised, []);

    // Thanksgiving week: the sessions of the 25th and the 27th (early close) pass without a sync.
    await f.clock.advanceTo(Date.parse('2026-11-27T21:00:00Z'));
    append(f, { kind: 'risk_action', subject: 'AAPL', symbol: 'AAPL', summary: 'Trimmed AAPL from 31 % to 25 %.', facts: { action: 'trim' } });
    append(f, { kind: 'news_event', subject: 'news_MSFT_2026-11-27', symbol: 'MSFT', summary: 'MSFT news sentiment fell sharply.', facts: { z: -5.2 } });
    append(f, { kind: 'news_event', subject: 'news_MSFT_2026-11-23', symbol: 'MSFT', summary: 'Old news.', facts: { z: -3.1 }, at: f.clock.now() - 3 * 86_400_000 });
    f.ctx.db.prepare('INSERT INTO market_data_problems (at, symbol, row, severity, message) VALUES (?, ?, ?, ?, ?)').run(f.clock.now(), 'MSFT', 7, 'error', 'close is negative');
    const stale = monitor.platformChecks();
    const bars = stale.checks.find((c) => c.name === 'bars_fresh')!;
    assert.equal(bars.ok, false);
    assert.equal(bars.value, 4);
    assert.match(bars.detail, /AAPL \(last bar 2026-11-24\).* lack the session of 2026-11-27/);
    assert.equal(stale.checks.find((c) => c.name === 'explanation_backlog')!.value, 3);
    assert.equal(stale.checks.find((c) => c.name === 'data_problems')!.ok, false);
    assert.equal(stale.score, 0.5);
    assert.equal(monitor.conditions()[0]!.observe({ task: {} as never, now: f.clock.now() }), false);

    const review = (await agent(monitor.agents(), 'alert_manager')(agentContext())) as Awaited<ReturnType<SystemHealthMonitor['reviewAlerts']>>;
    assert.deepEqual(review.raised.map((a) => a.key.replace(/:\d+$/, ':#')), ['risk_action:#', 'news_event:#', 'stale_data:2026-11-27', 'data_problems:MSFT:#']);
    assert.deepEqual(raised.map((a) => a.severity), ['warning', 'warning', 'warning', 'warning']);
    assert.match(raised[2]!.detail, /lack the session of 2026-11-27/);
    const again = await monitor.reviewAlerts();
    assert.deepEqual([again.raised.length, again.alreadyRaised], [0, 4]);
    assert.equal(raised.length, 4, 'nothing is raised twice');

    // A third missed session is a new condition, and a critical one.
    await f.clock.advanceTo(Date.parse('2026-12-01T00:00:00Z'));
    const later = await monitor.reviewAlerts();
    assert.deepEqual(later.raised.map((a) => [a.key, a.severity]), [['stale_data:2026-11-30', 'critical']]);
    await data.sync();
    assert.deepEqual((await monitor.reviewAlerts()).raised, []);
    assert.equal(monitor.platformChecks().checks[0]!.ok, true);
  });
});
