import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AgentContext } from '../../src/agents/agent.js';
import type { Condition } from '../../src/conditions/condition-registry.js';
import { newRunId, parseTaskName } from '../../src/model/ids.js';
import { silentLogger } from '../../src/logging/logger.js';
import { DataManager } from '../../src/platform/components/data-manager.js';
import { ExecutionAgent } from '../../src/platform/components/execution-agent.js';
import { PortfolioManager } from '../../src/platform/components/portfolio-manager.js';
import { RiskManager } from '../../src/platform/components/risk-manager.js';
import { StrategyResearchAgent } from '../../src/platform/components/strategy-research-agent.js';
import type { PlatformContext } from '../../src/platform/core/platform-context.js';
import { PlatformJournal } from '../../src/platform/core/platform-journal.js';
import type { PlatformSettings } from '../../src/platform/core/platform-settings.js';
import { DEFAULT_PLATFORM_SETTINGS } from '../../src/platform/core/platform-settings.js';
import { sessionDates } from '../../src/platform/market-data/index.js';
import type { OrderIntent } from '../../src/platform/portfolio/index.js';
import { parse, task } from '../support/config.js';
import { platformFixture } from '../support/platform.js';

const TASK_CONFIG = task(parse('tasks:\n  trading:\n    manual: true\n'), 'trading');
const NOW = Date.parse('2026-11-24T22:00:00Z');
const HOUR = 3_600_000;

/** An agent context as the executor makes one; `key` is the run chain's idempotency key. */
function agentContext(name: string, options: { key?: string; parameters?: Record<string, unknown>; signal?: AbortSignal; progress?: (f: number) => void } = {}): AgentContext {
  return {
    task: parseTaskName(name), taskConfig: TASK_CONFIG, runId: newRunId(NOW), attempt: 1, trigger: 'manual',
    idempotencyKey: options.key ?? `${name}-1`, parameters: options.parameters ?? {}, signal: options.signal ?? new AbortController().signal,
    deadline: Number.MAX_SAFE_INTEGER, logger: silentLogger(), progress: (f) => options.progress?.(f),
  };
}

const NO_COSTS = { slippageBps: 0, commissionBps: 0, commissionPerTrade: 0 };

function platform(settings: Partial<PlatformSettings> = {}, ctxOverride?: (ctx: PlatformContext) => PlatformContext) {
  const f = platformFixture({ settings });
  const data = f.install(new DataManager(f.ctx));
  const portfolio = f.install(new PortfolioManager(f.ctx, data));
  const execution = f.install(new ExecutionAgent(ctxOverride ? ctxOverride(f.ctx) : f.ctx, data, portfolio));
  const risk = f.install(new RiskManager(f.ctx, data, portfolio));
  const research = f.install(new StrategyResearchAgent(f.ctx, data, portfolio));
  /** Writes hand-made closes (open = high = low = close). */
  const bars = (symbol: string, closes: Record<string, number>) => {
    const insert = f.ctx.db.prepare('INSERT OR REPLACE INTO market_bars (symbol, date, open, high, low, close, volume) VALUES (?, ?, ?, ?, ?, ?, 1000)');
    for (const [date, price] of Object.entries(closes)) insert.run(symbol, date, price, price, price, price);
  };
  return { f, data, portfolio, execution, risk, research, bars };
}

const order = (symbol: string, side: 'buy' | 'sell', quantity: number): OrderIntent => ({ symbol, side, quantity, kind: 'rebalance', reason: `test ${side} ${quantity} ${symbol}` });
const close = (actual: number, expected: number, what: string) => assert.ok(Math.abs(actual - expected) < 1e-6, `${what}: ${actual} vs ${expected}`);

function observe(conditions: readonly Condition[], now: number): Record<string, number | boolean> {
  return Object.fromEntries(conditions.map((c) => [c.name, c.observe({ task: TASK_CONFIG, now }) as number | boolean]));
}

describe('ExecutionAgent (paper broker)', () => {
  const settings = { symbols: ['AAPL', 'MSFT'], account: { initialCash: 100_000 }, trading: { slippageBps: 10, commissionBps: 2, commissionPerTrade: 1 } };

  it('fills at the close moved against the trade, charges commission, moves cash and positions, and rejects what it cannot fill', () => {
    const p = platform(settings);
    p.bars('AAPL', { '2026-11-23': 195, '2026-11-24': 200 });
    p.bars('MSFT', { '2026-11-24': 400 });
    p.portfolio.createOrders([order('AAPL', 'buy', 100), order('MSFT', 'buy', 50)], { runId: 'r1', idempotencyKey: 'k1' });
    const first = p.execution.agents().execution(agentContext('execution'));
    assert.deepEqual([first.pending, first.filled, first.rejected], [2, 2, 0]);
    // AAPL: 200 × 1.001 = 200.2; commission 100 × 200.2 × 0.0002 + 1 = 5.004. MSFT: 400.4; 50 × 400.4 × 0.0002 + 1 = 5.004.
    const [aapl, msft] = p.portfolio.fills();
    close(aapl!.price, 200.2, 'AAPL fill price');
    close(aapl!.commission, 5.004, 'AAPL commission');
    close(aapl!.slippage, 100 * 0.2, 'AAPL slippage cost');
    close(msft!.price, 400.4, 'MSFT fill price');
    close(p.portfolio.account().cash, 100_000 - 20_020 - 5.004 - 20_020 - 5.004, 'cash after the buys');
    assert.equal(aapl!.tradeId, `trd_20261124_${aapl!.orderId}`);
    assert.deepEqual(p.portfolio.positions().map((x) => [x.symbol, x.quantity, Number(x.averageCost.toFixed(6))]), [['AAPL', 100, 200.2], ['MSFT', 50, 400.4]]);

    p.bars('AAPL', { '2026-11-25': 210 });
    p.bars('JPM', { '2026-11-25': 300 });
    p.portfolio.createOrders([order('MSFT', 'buy', 1000), order('AAPL', 'sell', 40), order('XYZ', 'buy', 1), order('JPM', 'sell', 5)], { runId: 'r2', idempotencyKey: 'k2' });
    const second = p.execution.execute({ runId: 'r2' });
    assert.deepEqual([second.filled, second.rejected], [1, 3]);
    // The sell goes first: 210 × 0.999 = 209.79; commission 40 × 209.79 × 0.0002 + 1 = 2.67832; realized 40 × (209.79 − 200.2).
    const sell = p.portfolio.fills().at(-1)!;
    assert.deepEqual([sell.symbol, sell.side], ['AAPL', 'sell']);
    close(sell.price, 209.79, 'sell price');
    close(sell.commission, 2.67832, 'sell commission');
    const account = p.portfolio.account();
    close(account.cash, 59_949.992 + 40 * 209.79 - 2.67832, 'cash after the sell');
    close(account.realizedPnl, 40 * (209.79 - 200.2), 'realized P&L');
    close(account.fees, 5.004 + 5.004 + 2.67832, 'fees');
    assert.equal(p.portfolio.positions().find((x) => x.symbol === 'AAPL')!.quantity, 60);
    const reasons = Object.fromEntries(second.rejections.map((r) => [r.symbol, r.reason]));
    assert.match(reasons['MSFT']!, /costs 400,?\d+.*cash is 68338\.91/);
    assert.match(reasons['XYZ']!, /no price for XYZ/);
    assert.match(reasons['JPM']!, /exceeds the 0 shares held/);
    assert.deepEqual(p.portfolio.orders({ status: 'rejected' }).length, 3);

    const trade = p.f.ctx.journal.latest({ kinds: ['trade'], subject: sell.tradeId })[0]!;
    assert.deepEqual([trade.symbol, trade.facts['price'], trade.facts['quantity'], trade.facts['reason'], trade.facts['slippageBps']], ['AAPL', sell.price, 40, 'rebalance', 10]);
    assert.equal(trade.facts['orderReason'], 'test sell 40 AAPL');
    close(trade.facts['realizedPnl'] as number, 383.6, 'journalled realized P&L');
    assert.equal(p.f.ctx.journal.latest({ kinds: ['order'] }).length, 3, 'each rejection is journalled');
  });

  it('never fills an order twice: a repeated run finds nothing to do', () => {
    const p = platform(settings);
    p.bars('AAPL', { '2026-11-24': 200 });
    p.portfolio.createOrders([order('AAPL', 'buy', 10)], { runId: 'r1', idempotencyKey: 'k1' });
    p.execution.agents().execution(agentContext('execution', { key: 'exec' }));
    const cash = p.portfolio.account().cash;
    const again = p.execution.agents().execution(agentContext('execution', { key: 'exec' }));
    assert.deepEqual([again.pending, again.filled], [0, 0]);
    assert.equal(p.portfolio.fills().length, 1);
    assert.equal(p.portfolio.account().cash, cash);
    const id = p.portfolio.fills()[0]!.orderId;
    assert.equal(p.portfolio.settle(id, () => assert.fail('a filled order is not decided again'), 'r9'), null);
    // The planner's retry does not create the order again either.
    assert.deepEqual(p.portfolio.createOrders([order('AAPL', 'buy', 10)], { runId: 'r1b', idempotencyKey: 'k1' }), []);
  });

  it('resumes after a crash between orders without filling any order twice', () => {
    const orders = [order('AAPL', 'sell', 10), order('AAPL', 'buy', 20), order('MSFT', 'buy', 5)];
    const setup = () => {
      const p = platform(settings);
      p.bars('AAPL', { '2026-11-24': 200 });
      p.bars('MSFT', { '2026-11-24': 400 });
      p.portfolio.createOrders([order('AAPL', 'buy', 30)], { runId: 'r0', idempotencyKey: 'k0' });
      p.execution.execute({ runId: 'r0' });
      p.portfolio.createOrders(orders, { runId: 'r1', idempotencyKey: 'k1' });
      return p;
    };
    const uninterrupted = setup();
    uninterrupted.execution.execute({ runId: 'r1' });

    const p = setup();
    const controller = new AbortController();
    const crashing = agentContext('execution', { key: 'exec', signal: controller.signal, progress: () => controller.abort(new Error('process killed')) });
    assert.throws(() => p.execution.agents().execution(crashing), /process killed/);
    assert.equal(p.portfolio.orders({ status: 'pending' }).length, 2, 'one order settled before the crash');
    const resumed = p.execution.agents().execution(agentContext('execution', { key: 'exec' }));
    assert.deepEqual([resumed.pending, resumed.filled], [2, 2]);
    const fills = p.portfolio.fills();
    assert.equal(new Set(fills.map((x) => x.orderId)).size, fills.length, 'one fill per order');
    assert.equal(fills.length, 4);
    assert.deepEqual(p.portfolio.account(), { ...uninterrupted.portfolio.account(), openedAt: p.portfolio.account().openedAt });
    assert.deepEqual(p.portfolio.positions(), uninterrupted.portfolio.positions());
  });

  it('rolls a fill back whole when its transaction fails (fill, position, cash and journal commit together)', () => {
    let failures = 1;
    const p = platform(settings, (ctx) => {
      const journal = new PlatformJournal(ctx.db);
      const append = journal.append.bind(journal);
      journal.append = (entry) => {
        if (failures-- > 0) throw new Error('disk full');
        return append(entry);
      };
      return { ...ctx, journal };
    });
    p.bars('AAPL', { '2026-11-24': 200 });
    p.portfolio.createOrders([order('AAPL', 'buy', 10)], { runId: 'r1', idempotencyKey: 'k1' });
    assert.throws(() => p.execution.execute({ runId: 'r1' }), /disk full/);
    assert.deepEqual([p.portfolio.fills().length, p.portfolio.positions().length, p.portfolio.account().cash], [0, 0, 100_000]);
    assert.equal(p.portfolio.orders({ status: 'pending' }).length, 1);
    assert.equal(p.execution.execute({ runId: 'r1' }).filled, 1);
    assert.equal(p.portfolio.fills().length, 1);
  });
});

describe('PortfolioManager', () => {
  it('plans the rebalance of a known drifted portfolio, once per run chain, superseding stale orders', () => {
    const p = platform({ symbols: ['AAPL', 'MSFT'], account: { initialCash: 100_000 }, trading: NO_COSTS, rebalance: { threshold: 0.05 } });
    p.bars('AAPL', { '2026-11-23': 100 });
    p.bars('MSFT', { '2026-11-23': 200 });
    const none = p.portfolio.rebalance({ runId: 'r0', idempotencyKey: 'k0' });
    assert.deepEqual([none.triggered, none.ordersCreated.length, none.equity], [null, 0, 100_000]);
    assert.match(none.skipped!, /no target weights/);

    p.portfolio.setTargets({ AAPL: 0.5, MSFT: 0.3 }, 'test');
    const initial = p.portfolio.rebalance({ runId: 'r1', idempotencyKey: 'k1' });
    assert.deepEqual(initial.ordersCreated.map((o) => [o.symbol, o.side, o.quantity]), [['AAPL', 'buy', 500], ['MSFT', 'buy', 150]]);
    p.execution.execute({ runId: 'x1' });

    // AAPL rises 30 %: 500 × 130 = 65 000, MSFT 30 000, cash 20 000; equity 115 000, AAPL at 56.52 % (drift +6.52 % > 5 %).
    p.bars('AAPL', { '2026-11-24': 130 });
    const drifted = p.portfolio.rebalance({ runId: 'r2', idempotencyKey: 'k2' });
    assert.equal(drifted.equity, 115_000);
    close(drifted.maxDrift, 65_000 / 115_000 - 0.5, 'max drift');
    // Targets: ⌊0.5 × 115 000 / 130⌋ = 442 (sell 58), ⌊0.3 × 115 000 / 200⌋ = 172 (buy 22).
    assert.deepEqual(drifted.ordersCreated.map((o) => [o.symbol, o.side, o.quantity]), [['AAPL', 'sell', 58], ['MSFT', 'buy', 22]]);
    assert.deepEqual(p.portfolio.equityCurve().map((x) => [x.date, x.equity]), [['2026-11-24', 115_000]]);
    const entry = p.f.ctx.journal.latest({ kinds: ['rebalance'] })[0]!;
    assert.deepEqual([entry.facts['orders'], entry.facts['turnover']], [2, 58 * 130 + 22 * 200]);

    assert.deepEqual(p.portfolio.rebalance({ runId: 'r2', idempotencyKey: 'k2' }).ordersCreated, [], 'a retry creates nothing');
    assert.equal(p.f.ctx.journal.latest({ kinds: ['rebalance'] }).length, 2, 'nor journals again');
    const next = p.portfolio.rebalance({ runId: 'r3', idempotencyKey: 'k3' });
    assert.deepEqual([next.cancelled, next.ordersCreated.length], [2, 2]);
    assert.equal(p.portfolio.orders({ status: 'pending' }).length, 2);
    assert.throws(() => p.portfolio.setTargets({ AAPL: 0.7, MSFT: 0.4 }, 'too much'), /sum to 1\.1/);
  });

  it('does not buy back what a stop sold until stop_cooldown_sessions sessions have closed', async () => {
    const p = platform({ symbols: ['AAPL', 'MSFT'], account: { initialCash: 100_000 }, trading: NO_COSTS, risk: { ...DEFAULT_PLATFORM_SETTINGS.risk, stopCooldownSessions: 3 } });
    p.bars('AAPL', { '2026-11-23': 100, '2026-11-24': 90 });
    p.bars('MSFT', { '2026-11-24': 200 });
    p.portfolio.createOrders([order('AAPL', 'buy', 100)], { runId: 'r0', idempotencyKey: 'k0' });
    p.execution.execute({ runId: 'x0' });
    p.portfolio.createOrders([{ symbol: 'AAPL', side: 'sell', quantity: 100, kind: 'stop_loss', reason: 'stop' }], { runId: 'r1', idempotencyKey: 'k1' });
    p.execution.execute({ runId: 'x1' });
    assert.deepEqual(p.portfolio.positions(), []);
    p.portfolio.setTargets({ AAPL: 0.4, MSFT: 0.4 }, 'test');

    // Stopped out on Tue 2026-11-24; the three sessions after it are Wed 25, Fri 27 (Thanksgiving
    // on the 26th) and Mon 30, so AAPL may be bought once the 30th has closed.
    const held = p.portfolio.rebalance({ runId: 'r2', idempotencyKey: 'k2' });
    assert.deepEqual(held.ordersCreated.map((o) => [o.symbol, o.side]), [['MSFT', 'buy']]);
    assert.deepEqual(held.coolingDown, [{ symbol: 'AAPL', stoppedOn: '2026-11-24', until: '2026-11-30', sessionsLeft: 3 }]);

    await p.f.clock.advanceTo(Date.parse('2026-11-27T22:00:00Z'));
    assert.deepEqual(p.portfolio.rebalance({ runId: 'r3', idempotencyKey: 'k3' }).coolingDown.map((c) => c.sessionsLeft), [1]);
    await p.f.clock.advanceTo(Date.parse('2026-11-30T20:00:00Z')); // the 30th is still open
    assert.equal(p.portfolio.rebalance({ runId: 'r4', idempotencyKey: 'k4' }).coolingDown.length, 1);
    await p.f.clock.advanceTo(Date.parse('2026-11-30T22:00:00Z'));
    const released = p.portfolio.rebalance({ runId: 'r5', idempotencyKey: 'k5' });
    assert.deepEqual(released.coolingDown, []);
    assert.deepEqual(released.ordersCreated.filter((o) => o.symbol === 'AAPL').map((o) => o.side), ['buy']);
  });

  it('buys back at once with stop_cooldown_sessions: 0', () => {
    const p = platform({ symbols: ['AAPL'], account: { initialCash: 100_000 }, trading: NO_COSTS, risk: { ...DEFAULT_PLATFORM_SETTINGS.risk, stopCooldownSessions: 0 } });
    p.bars('AAPL', { '2026-11-24': 90 });
    p.portfolio.createOrders([order('AAPL', 'buy', 10)], { runId: 'r0', idempotencyKey: 'k0' });
    p.execution.execute({ runId: 'x0' });
    p.portfolio.createOrders([{ symbol: 'AAPL', side: 'sell', quantity: 10, kind: 'trailing_stop', reason: 'stop' }], { runId: 'r1', idempotencyKey: 'k1' });
    p.execution.execute({ runId: 'x1' });
    p.portfolio.setTargets({ AAPL: 0.5 }, 'test');
    const summary = p.portfolio.rebalance({ runId: 'r2', idempotencyKey: 'k2' });
    assert.deepEqual([summary.coolingDown, summary.ordersCreated.map((o) => o.side)], [[], ['buy']]);
  });

  it('reports its conditions from the account after a known sequence', async () => {
    const p = platform({ symbols: ['AAPL', 'MSFT'], trading: NO_COSTS });
    p.bars('AAPL', { '2026-11-24': 100 });
    p.bars('MSFT', { '2026-11-24': 200 });
    const conditions = p.portfolio.conditions();
    const at = () => observe(conditions, p.f.clock.now());
    assert.deepEqual(at(), { position_count: 0, pending_orders: 0, new_trades: 0, trading_activity: 0, low_activity: true });
    p.portfolio.createOrders([order('AAPL', 'buy', 10), order('MSFT', 'buy', 5)], { runId: 'r1', idempotencyKey: 'k1' });
    assert.deepEqual(at(), { position_count: 0, pending_orders: 2, new_trades: 0, trading_activity: 2, low_activity: false });
    await p.f.clock.advanceTo(NOW + HOUR);
    p.execution.execute({ runId: 'x1' });
    assert.deepEqual(at(), { position_count: 2, pending_orders: 0, new_trades: 2, trading_activity: 4, low_activity: false });
    await p.f.clock.advanceTo(NOW + 24.5 * HOUR);
    assert.deepEqual(at(), { position_count: 2, pending_orders: 0, new_trades: 2, trading_activity: 2, low_activity: false }, 'the orders are older than 24 h, the fills not yet');
    await p.f.clock.advanceTo(NOW + 26 * HOUR);
    assert.deepEqual(at(), { position_count: 2, pending_orders: 0, new_trades: 0, trading_activity: 0, low_activity: true });
  });
});

describe('RiskManager', () => {
  it('creates exactly one stop-loss order when the price reaches the stop, not a cent before', () => {
    const p = platform({ symbols: ['AAPL'], account: { initialCash: 100_000 }, trading: NO_COSTS, risk: { ...DEFAULT_PLATFORM_SETTINGS.risk, stopLossPct: 0.08, trailingStopPct: 0.5 } });
    const dates = sessionDates(p.f.ctx.calendar, '2026-10-01', '2026-11-24');
    const history = dates.slice(0, -2);
    p.bars('AAPL', Object.fromEntries(history.map((d, i) => [d, i === history.length - 1 ? 100 : 100 + (i % 3)])));
    p.portfolio.createOrders([order('AAPL', 'buy', 100)], { runId: 'r0', idempotencyKey: 'k0' });
    p.execution.execute({ runId: 'r0' });
    assert.equal(p.portfolio.positions()[0]!.averageCost, 100);

    p.bars('AAPL', { [dates.at(-2)!]: 92.01 });
    const above = p.risk.agents().risk_management(agentContext('risk_management', { key: 'risk-1' }));
    assert.deepEqual([above.stops.triggered.length, above.stops.ordersCreated.length, above.basis], [0, 0, 'portfolio']);

    p.bars('AAPL', { [dates.at(-1)!]: 92 }); // 100 × (1 − 0.08)
    const at = p.risk.agents().risk_management(agentContext('risk_management', { key: 'risk-2' }));
    assert.equal(at.stops.ordersCreated.length, 1);
    const [stop] = p.portfolio.orders({ status: 'pending' });
    assert.deepEqual([stop!.symbol, stop!.side, stop!.quantity, stop!.kind], ['AAPL', 'sell', 100, 'stop_loss']);
    assert.match(stop!.reason, /AAPL at 92\.00 reached its stop-loss at 92\.00/);
    p.risk.agents().risk_management(agentContext('risk_management', { key: 'risk-2' }));
    p.risk.agents().risk_management(agentContext('risk_management', { key: 'risk-3' }));
    assert.equal(p.portfolio.orders({ status: 'pending' }).length, 1, 'neither a retry nor the next run adds a second stop order');
    const actions = p.f.ctx.journal.latest({ kinds: ['risk_action'] });
    assert.equal(actions.length, 1);
    assert.deepEqual([actions[0]!.facts['action'], actions[0]!.facts['value']], ['stop_loss', 92]);
    close(actions[0]!.facts['limit'] as number, 92, 'stop level');

    p.execution.execute({ runId: 'x2' });
    assert.deepEqual(p.portfolio.positions(), []);
    close(p.portfolio.account().realizedPnl, -800, 'realized loss at the stop');
  });

  it('measures an equal-weight universe without positions, and the given symbols on a risk command', async () => {
    const p = platform();
    await p.data.sync();
    const empty = p.risk.assess();
    assert.deepEqual([empty.basis, empty.positions, Object.keys(empty.perSymbol)], ['equal_weight', 0, ['AAPL', 'MSFT', 'JPM']]);
    assert.ok(empty.var['95'].var > 0.002 && empty.var['95'].var < 0.1, `VaR95 ${empty.var['95'].var}`);
    assert.ok(empty.var['99'].var >= empty.var['95'].var && empty.var['95'].cvar >= empty.var['95'].var, 'VaR99 ≥ VaR95 and CVaR ≥ VaR');
    close(empty.var['95'].varAmount, empty.var['95'].var * 1_000_000, 'VaR in cash');
    assert.equal(empty.observations, 250, 'historySessions (250) daily returns');
    const corr = empty.correlation.matrix[0]![1]!;
    assert.ok(corr > -1 && corr < 1 && empty.correlation.average !== null, `AAPL/MSFT correlation ${corr}`);
    const command = p.risk.agents().risk_management(agentContext('risk_management', { parameters: { command: 'risk', symbols: ['SPY', 'AAPL'] } }));
    assert.deepEqual(Object.keys(command.perSymbol), ['SPY', 'AAPL']);
    assert.notEqual(command.var['95'].var, empty.var['95'].var);
    assert.equal(p.risk.snapshots().length, 2);
  });
});

describe('StrategyResearchAgent', () => {
  it('backtests a strategy on a symbol over a period, with metrics and Monte Carlo percentiles', async () => {
    const p = platform();
    await p.data.sync();
    const agent = p.research.agents().strategy_backtesting;
    const momentum = agent(agentContext('strategy_backtesting', { parameters: { command: 'backtest', strategy: 'momentum', symbol: 'AAPL', period: '6m', periodDays: 180, lookback: 20, top: 7 } }));
    assert.ok('strategy' in momentum, 'a backtest report');
    assert.deepEqual([momentum.strategy, momentum.params['lookback'], momentum.from >= '2026-05-28', momentum.to], ['momentum', 20, true, '2026-11-24']);
    assert.ok(momentum.sessions >= 120 && momentum.sessions <= 126, `${momentum.sessions} sessions`);
    assert.equal(momentum.trades, momentum.metrics.numberOfTrades);
    assert.ok(momentum.fills >= 1 && momentum.metrics.maxDrawdown! >= 0 && momentum.metrics.maxDrawdown! < 1, `${momentum.fills} fills, drawdown ${momentum.metrics.maxDrawdown}`);
    assert.equal(momentum.openTrade === null, momentum.fills % 2 === 0, 'an odd number of fills leaves a position open');
    const mc = momentum.monteCarlo!;
    assert.ok(mc.finalReturn['p5']! < mc.finalReturn['p50']! && mc.finalReturn['p50']! < mc.finalReturn['p95']!, `percentiles ${JSON.stringify(mc.finalReturn)}`);
    assert.ok(Math.abs(mc.finalReturn['p50']! - momentum.metrics.totalReturn!) < 0.15, 'the median path is near the backtest');
    assert.ok(mc.probabilityOfLoss >= 0 && mc.probabilityOfLoss <= 1 && mc.paths === 1000, `P(loss) ${mc.probabilityOfLoss}`);

    const hold = agent(agentContext('strategy_backtesting', { parameters: { command: 'backtest', strategy: 'buy_and_hold', symbol: 'MSFT', period: 'all', periodDays: null } }));
    assert.ok('strategy' in hold, 'a backtest report');
    const bars = p.data.bars('MSFT', 10_000);
    // Bought at the second bar's open (plus 5 bps slippage and 1 bp + $1 commission), held to the last close.
    const expected = bars.at(-1)!.close / (bars[1]!.open * 1.0005) - 1;
    assert.ok(Math.abs(hold.metrics.totalReturn! - expected) < 0.002, `${hold.metrics.totalReturn} vs ${expected}`);
    assert.equal(hold.sessions, bars.length);
    const ytd = p.research.backtestCommand({ strategy: 'mean_reversion', symbol: 'JPM', period: 'ytd', periodDays: null });
    assert.equal(ytd.from, '2026-01-02');
    assert.equal(p.research.backtests().length, 3);
    assert.throws(() => p.research.backtestCommand({ strategy: 'momentum', symbol: 'AAPL', period: '6m', periodDays: 180, params: { lookback: 0 } }), /momentum\.lookback/);
  });

  it('turns the leaderboard into target weights within the risk limits', async () => {
    const p = platform({ risk: { ...DEFAULT_PLATFORM_SETTINGS.risk, maxWeightPerSymbol: 0.3, maxGrossExposure: 0.5 } });
    await p.data.sync();
    const research = p.research.research();
    assert.equal(research.entries, 8 * 3);
    const board = p.research.leaderboard();
    assert.deepEqual(board.map((e) => e.rank), board.map((_, i) => i + 1));
    assert.ok(board.every((e, i) => i === 0 || (board[i - 1]!.score ?? -Infinity) >= (e.score ?? -Infinity)), 'ranked by Sharpe');
    const result = p.research.allocate({ runId: 'r1', idempotencyKey: 'meta-1' });
    const total = result.allocations.reduce((s, a) => s + Math.max(0, a.sharpe!) * a.signal!, 0);
    for (const a of result.allocations) {
      const best = board.find((e) => e.symbol === a.symbol)!;
      assert.equal(a.strategy, best.strategy, `${a.symbol}: the best strategy of the symbol`);
      const expected = total === 0 ? 0 : Math.min(0.3 * 0.99, (0.5 * 0.99 * Math.max(0, a.sharpe!) * a.signal!) / total);
      close(a.weight!, expected, `${a.symbol} weight`);
      assert.ok(a.weight! <= 0.3, `${a.symbol} weight ${a.weight}`);
    }
    assert.ok(result.invested <= 0.5 * 0.99 + 1e-9, 'within 99 % of the limits, leaving room for costs');
    assert.deepEqual(p.portfolio.targets().weights, Object.fromEntries(result.allocations.map((a) => [a.symbol, a.weight])));
    p.research.allocate({ runId: 'r1', idempotencyKey: 'meta-1' });
    assert.equal(p.f.ctx.journal.latest({ kinds: ['allocation'] }).length, 1, 'a retried run journals once');
  });
});

describe('the trading pipeline on the simulated data', () => {
  it('sync → strategy_research → strategy_backtesting → meta_control → portfolio_rebalancing → execution → risk_management', async () => {
    const p = platform({ symbols: ['AAPL', 'MSFT', 'JPM', 'XOM', 'NVDA'] });
    await p.data.agents().data_sync(agentContext('data_sync'));
    const research = p.research.agents().strategy_research(agentContext('strategy_research'));
    assert.equal(research.entries, 40);
    const validation = p.research.agents().strategy_backtesting(agentContext('strategy_backtesting'));
    assert.ok('results' in validation && validation.results.length === 3 && validation.results.every((r) => r.monteCarlo !== null), 'the top three validated with Monte Carlo');
    const meta = p.research.agents().meta_control(agentContext('meta_control'));
    assert.ok(meta.invested > 0 && meta.invested <= 1, `invested ${meta.invested}`);
    const rebalance = p.portfolio.agents().portfolio_rebalancing(agentContext('portfolio_rebalancing'));
    assert.equal(rebalance.triggered, true);
    assert.ok(rebalance.ordersCreated.length > 0, 'orders to reach the targets');
    const execution = p.execution.agents().execution(agentContext('execution'));
    assert.deepEqual([execution.filled, execution.rejected], [rebalance.ordersCreated.length, 0]);
    const risk = p.risk.agents().risk_management(agentContext('risk_management'));

    const valuation = p.portfolio.valuation();
    assert.ok(valuation.positions.length > 0, 'positions opened');
    for (const position of valuation.positions) assert.ok(position.weight <= 0.25 + 0.001, `${position.symbol} at ${position.weight}`);
    close(valuation.equity, execution.equity, 'equity after execution');
    assert.ok(valuation.equity < 1_000_000 && valuation.equity > 999_000, `costs only: ${valuation.equity}`);
    assert.equal(p.portfolio.fills().length, execution.filled);
    assert.deepEqual(p.portfolio.equityCurve().map((x) => x.date), ['2026-11-24']);
    assert.equal(risk.basis, 'portfolio');
    assert.deepEqual(Object.keys(risk.perSymbol).sort(), valuation.positions.map((x) => x.symbol).sort());
    assert.ok(risk.var['95'].var > 0 && risk.var['99'].var >= risk.var['95'].var, `VaR ${JSON.stringify(risk.var)}`);
    close(risk.exposure.gross, valuation.grossMarketValue / valuation.equity, 'gross exposure');
    assert.deepEqual(risk.breaches, []);
    assert.equal(p.risk.snapshots()[0]!.var95, risk.var['95'].var);
    const kinds = new Set(p.f.ctx.journal.latest({ limit: 100 }).map((e) => e.kind));
    assert.deepEqual([...kinds].sort(), ['allocation', 'rebalance', 'trade']);
  });
});
