/**
 * ReportGenerator: `performance_analysis` (and the command `performance [period]`) computes the
 * period's performance metrics from the equity curve and writes a self-contained HTML report
 * under its folder: equity and drawdown charts (uPlot, inlined), the metrics, positions, the
 * latest forecasts with their intervals, task health and the recent decisions with their
 * explanations. Before the portfolio has two days of history, the benchmark's closes stand in for
 * the curve, and the report says so.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { AgentContext } from '../../agents/agent.js';
import type { Condition } from '../../conditions/condition-registry.js';
import type { MigrationSet } from '../../store/sqlite/migrations.js';
import type { PlatformComponent, PlatformContext } from '../core/platform-context.js';
import type { Forecast } from '../forecasting/index.js';
import type { PortfolioValuation } from '../portfolio/index.js';
import { curveReturns, returnMetrics, totalReturn, type ReturnMetrics } from '../research/index.js';
import { drawdownSeries, type EquityPoint } from '../risk/index.js';
import type { DataManager } from './data-manager.js';
import type { ExplainerAgent } from './explainer-agent.js';
import { formatNumber, formatPercent } from './figure-format.js';
import { renderReport, type ChartAssets, type ReportView } from './report-html.js';

const MIGRATIONS: MigrationSet = {
  owner: "the platform's reports",
  table: 'platform_reports_migrations',
  migrations: [
    {
      version: 1,
      name: 'reports',
      sql: `
        CREATE TABLE reports (
          id INTEGER PRIMARY KEY, path TEXT NOT NULL, created_at INTEGER NOT NULL, period TEXT NOT NULL,
          curve TEXT NOT NULL, metrics TEXT NOT NULL
        );
      `,
    },
  ],
};

type MaybePromise<T> = T | Promise<T>;

/** What the report reads of the portfolio (the PortfolioManager fits as it is). */
export interface PortfolioReader {
  /** The current valuation, or null before the portfolio exists. */
  valuation(): MaybePromise<PortfolioValuation | null>;
  /** Daily equity, oldest first. */
  equityCurve(): MaybePromise<readonly EquityPoint[]>;
}

/** What the report reads of the forecasts; for the MarketAnalyzer: `{ latestForecast: (s) => analyzer.latestForecast(s)?.forecast ?? null }`. */
export interface ForecastReader {
  latestForecast(symbol: string): MaybePromise<Pick<Forecast, 'model' | 'origin' | 'lastClose' | 'points'> | null>;
}

/** The orchestrator's health as the report shows it (SystemHealth fits). */
export interface HealthSnapshot {
  overall: number;
  byTask?: Readonly<Record<string, number>>;
  /** Platform checks (SystemHealthMonitor's), shown under the task scores. */
  checks?: readonly { name: string; ok: boolean; detail: string }[];
}

export interface ReportGeneratorOptions {
  /** The folder reports are written to (`<dataDir>/reports`); created when missing. */
  dir: string;
  portfolio?: PortfolioReader;
  forecasts?: ForecastReader;
  healthReader?: () => MaybePromise<HealthSnapshot | null>;
  explainer?: ExplainerAgent;
}

/** The headline figures of returnMetrics() over the report's period, with the benchmark's return. */
export type PerformanceMetrics = Pick<ReturnMetrics, 'days' | 'totalReturn' | 'cagr' | 'annualizedVolatility' | 'sharpe' | 'sortino' | 'maxDrawdown' | 'calmar'> & {
  from: string;
  to: string;
  /** The benchmark's total return over the same dates; null without its bars. */
  benchmarkReturn: number | null;
};

export interface ReportResult {
  path: string;
  period: string;
  /** `portfolio`, or `benchmark` while the portfolio has no history. */
  curve: 'portfolio' | 'benchmark';
  metrics: PerformanceMetrics;
}

const DAY_MS = 86_400_000;

const UNIT_DAYS: Readonly<Record<string, number>> = { d: 1, w: 7, m: 30, y: 365 };

/** Calendar days of a period written as the commands write it (`1m` = 30, `2w` = 14); null for `ytd` and `all`. */
export function periodDays(period: string): number | null {
  if (period === 'ytd' || period === 'all') return null;
  const match = /^(\d+)([dwmy])$/.exec(period.toLowerCase());
  const days = match === null ? NaN : Number(match[1]) * (UNIT_DAYS[match[2] ?? ''] ?? NaN);
  if (!(days > 0)) throw new Error(`period ${JSON.stringify(period)} is not a period: write 1d, 1w, 1m, 3m, 6m, 1y, ytd or all`);
  return days;
}

/** The first date of the period ending `today`; null for `all`. */
export function periodStart(period: string, days: number | null, today: string): string | null {
  if (period === 'all') return null;
  if (period === 'ytd') return `${today.slice(0, 4)}-01-01`;
  if (days === null || !(days > 0)) throw new Error(`period ${JSON.stringify(period)} needs a positive number of days (periodDays), got ${days}`);
  return new Date(Date.parse(`${today}T00:00:00Z`) - days * DAY_MS).toISOString().slice(0, 10);
}

/** The points on or after `start`, preceded by the last one before it (the period's starting value). */
export function periodSlice<T extends { date: string }>(points: readonly T[], start: string | null): T[] {
  if (start === null) return [...points];
  const first = points.findIndex((p) => p.date >= start);
  if (first === -1) return [];
  return points.slice(Math.max(0, first - 1));
}

export class ReportGenerator implements PlatformComponent {
  readonly name = 'ReportGenerator';
  readonly migrations = MIGRATIONS;
  readonly #ctx: PlatformContext;
  readonly #data: DataManager;
  readonly #options: ReportGeneratorOptions;
  #assets: ChartAssets | null = null;

  constructor(ctx: PlatformContext, data: DataManager, options: ReportGeneratorOptions) {
    this.#ctx = ctx;
    this.#data = data;
    this.#options = options;
  }

  /** uPlot's browser build and stylesheet, read once from node_modules. */
  get #chartAssets(): ChartAssets {
    if (this.#assets === null) {
      const require = createRequire(import.meta.url);
      this.#assets = {
        script: readFileSync(require.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8'),
        css: readFileSync(require.resolve('uplot/dist/uPlot.min.css'), 'utf8'),
      };
    }
    return this.#assets;
  }

  /** Computes the period's metrics and writes the report. */
  async generate(period = '1m', days: number | null = periodDays(period)): Promise<ReportResult> {
    const now = this.#ctx.clock.now();
    const today = this.#ctx.calendar.dateOf(now);
    const start = periodStart(period, days, today);
    const benchmark = this.#ctx.settings.benchmark;
    const benchmarkCurve = periodSlice(this.#data.bars(benchmark, Number.MAX_SAFE_INTEGER).map((b) => ({ date: b.date, equity: b.close })), start);
    const portfolioCurve = periodSlice(await (this.#options.portfolio?.equityCurve() ?? []), start);
    const source = portfolioCurve.length >= 2 ? 'portfolio' : 'benchmark';
    const curve = source === 'portfolio' ? portfolioCurve : benchmarkCurve;
    if (curve.length < 2) throw new Error(`no equity curve for period ${period}: the portfolio has no history and ${benchmark} has ${curve.length} bar(s) in the period; run data_sync first`);
    const metrics = this.#metrics(curve, benchmarkCurve);
    const view = await this.#view(curve, source, period, metrics, now);
    const dir = this.#options.dir;
    mkdirSync(dir, { recursive: true });
    const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
    const path = join(dir, `performance-${period}-${stamp}.html`);
    writeFileSync(path, renderReport(view, this.#chartAssets));
    this.#ctx.db.prepare('INSERT INTO reports (path, created_at, period, curve, metrics) VALUES (?, ?, ?, ?, ?)').run(path, now, period, source, JSON.stringify(metrics));
    return { path, period, curve: source, metrics };
  }

  /** The newest reports, newest first. */
  reports(limit = 20): { path: string; createdAt: number; period: string; curve: string }[] {
    return this.#ctx.db
      .prepare<[number], { path: string; createdAt: number; period: string; curve: string }>('SELECT path, created_at AS createdAt, period, curve FROM reports ORDER BY id DESC LIMIT ?')
      .all(limit);
  }

  #metrics(curve: readonly EquityPoint[], benchmarkCurve: readonly EquityPoint[]): PerformanceMetrics {
    const m = returnMetrics(curve);
    const from = curve[0]?.date ?? '';
    const to = curve.at(-1)?.date ?? '';
    const bench = benchmarkCurve.filter((p) => p.date >= from && p.date <= to);
    return {
      from,
      to,
      days: m.days,
      totalReturn: m.totalReturn,
      cagr: m.cagr,
      annualizedVolatility: m.annualizedVolatility,
      sharpe: m.sharpe,
      sortino: m.sortino,
      maxDrawdown: m.maxDrawdown,
      calmar: m.calmar,
      benchmarkReturn: bench.length >= 2 ? totalReturn(curveReturns(bench)) : null,
    };
  }

  async #view(curve: readonly EquityPoint[], source: ReportResult['curve'], period: string, metrics: PerformanceMetrics, now: number): Promise<ReportView> {
    const benchmark = this.#ctx.settings.benchmark;
    const valuation = (await this.#options.portfolio?.valuation()) ?? null;
    const ratio = (v: number | null) => (v === null ? 'n/a' : formatNumber(v));
    const pct = (v: number | null) => (v === null ? 'n/a' : formatPercent(v));
    return {
      title: `Performance report — ${period}`,
      generatedAt: new Date(now).toISOString(),
      period,
      range: { from: metrics.from, to: metrics.to },
      curveNote:
        source === 'portfolio'
          ? `The curve is the paper portfolio's daily equity (${curve.length} points).`
          : `No portfolio history yet: the curve is ${benchmark}'s daily closes (${curve.length} points), so the metrics describe the benchmark, not the portfolio.`,
      metrics: [
        { label: 'Total return', value: pct(metrics.totalReturn) },
        { label: 'CAGR', value: pct(metrics.cagr) },
        { label: 'Annualised volatility', value: pct(metrics.annualizedVolatility) },
        { label: 'Sharpe ratio', value: ratio(metrics.sharpe) },
        { label: 'Sortino ratio', value: ratio(metrics.sortino) },
        { label: 'Max drawdown', value: pct(metrics.maxDrawdown) },
        { label: 'Calmar ratio', value: ratio(metrics.calmar) },
        { label: `${benchmark} return, same dates`, value: pct(metrics.benchmarkReturn) },
        { label: 'Trading days', value: String(metrics.days) },
      ],
      curve: { dates: curve.map((p) => p.date), equity: curve.map((p) => p.equity), drawdown: drawdownSeries(curve).map((d) => d.drawdown), label: source === 'portfolio' ? 'Equity' : `${benchmark} close` },
      positions: valuation?.positions ?? [],
      cash: valuation?.cash ?? null,
      forecasts: await this.#forecasts(),
      health: await this.#health(),
      journal: this.#journal(),
    };
  }

  async #forecasts(): Promise<ReportView['forecasts']> {
    const reader = this.#options.forecasts;
    if (reader === undefined) return [];
    const rows: ReportView['forecasts'] = [];
    for (const symbol of this.#ctx.settings.symbols) {
      const forecast = await reader.latestForecast(symbol);
      const last = forecast?.points.at(-1);
      if (forecast === null || last === undefined) continue;
      rows.push({ symbol, model: forecast.model, origin: forecast.origin, lastClose: forecast.lastClose, ...last });
    }
    return rows;
  }

  async #health(): Promise<ReportView['health']> {
    const health = (await this.#options.healthReader?.()) ?? null;
    if (health === null) return null;
    const tasks = Object.entries(health.byTask ?? {})
      .map(([name, score]) => ({ name, score }))
      .sort((a, b) => a.score - b.score || a.name.localeCompare(b.name));
    return { overall: health.overall, tasks, checks: [...(health.checks ?? [])] };
  }

  #journal(): ReportView['journal'] {
    const explanations = new Map((this.#options.explainer?.recent(100) ?? []).map((e) => [e.journalId, e.text]));
    const entries = this.#ctx.journal.latest({ limit: 20 }).sort((a, b) => b.at - a.at || b.id - a.id);
    return entries.map((e) => ({ at: new Date(e.at).toISOString(), kind: e.kind, subject: e.subject, text: explanations.get(e.id) ?? e.summary }));
  }

  agents() {
    return {
      performance_analysis: async (ctx: AgentContext) => {
        const period = typeof ctx.parameters['period'] === 'string' ? ctx.parameters['period'] : '1m';
        const days = ctx.parameters['periodDays'];
        const result = await this.generate(period, typeof days === 'number' ? days : periodDays(period));
        ctx.logger.info({ path: result.path, totalReturn: result.metrics.totalReturn }, `performance report written to ${result.path}`);
        return result;
      },
    };
  }

  conditions(): Condition[] {
    return [];
  }
}
