/**
 * SystemHealthMonitor: `system_health` (integrated mode) returns the orchestrator's health (the
 * function the integration passes, its `checkHealth()`) together with the platform's checks —
 * fresh bars, database size, explanation backlog, data problems. `alert_manager` reviews the
 * last 24 hours — risk actions and news events in the journal, stale bars, data problems — and
 * raises an alert for each condition through the function passed in, once: what was raised is
 * stored by a key naming the condition (the journal entry, the missing session, the newest
 * problem), so the next run raises only what is new. The condition `data_fresh` is true when
 * every symbol has the last closed session.
 */
import type { AgentContext } from '../../agents/agent.js';
import type { Condition } from '../../conditions/condition-registry.js';
import type { MigrationSet } from '../../store/sqlite/migrations.js';
import type { PlatformComponent, PlatformContext } from '../core/platform-context.js';
import type { DataManager } from './data-manager.js';
import type { ExplainerAgent } from './explainer-agent.js';
import { formatNumber } from './figure-format.js';
import {
  backlogCheck,
  databaseSizeCheck,
  dataProblems,
  dataProblemsCheck,
  freshness,
  freshnessCheck,
  type PlatformCheck,
} from './platform-checks.js';
import type { HealthSnapshot } from './report-generator.js';

const MIGRATIONS: MigrationSet = {
  owner: "the platform's alerts",
  table: 'platform_alerts_migrations',
  migrations: [
    {
      version: 1,
      name: 'raised alerts',
      sql: `
        CREATE TABLE platform_alerts (
          key TEXT PRIMARY KEY, severity TEXT NOT NULL, title TEXT NOT NULL, detail TEXT NOT NULL, raised_at INTEGER NOT NULL
        );
        CREATE INDEX platform_alerts_raised ON platform_alerts (raised_at);
      `,
    },
  ],
};

type MaybePromise<T> = T | Promise<T>;

export interface PlatformAlert {
  severity: 'info' | 'warning' | 'critical';
  title: string;
  detail: string;
}

export interface SystemHealthMonitorOptions {
  /** The orchestrator's health check; without it only the platform's checks are reported. */
  checkHealth?: () => MaybePromise<HealthSnapshot>;
  /** Where alerts go (the orchestrator's alert manager); without it they are logged and stored. */
  raise?: (alert: PlatformAlert) => MaybePromise<void>;
  /** For the explanation backlog check. */
  explainer?: ExplainerAgent;
  /** Bars are due this long after a session closes. Default 2 hours. */
  freshnessGraceMs?: number;
  /** Default 2 GiB. */
  maxDatabaseBytes?: number;
  /** Unexplained journal entries tolerated. Default 100. */
  maxBacklog?: number;
}

export interface HealthReport {
  orchestrator: HealthSnapshot | null;
  platform: { score: number; ok: boolean; checks: PlatformCheck[] };
}

export interface AlertReview {
  raised: (PlatformAlert & { key: string })[];
  /** Conditions found that had been raised already. */
  alreadyRaised: number;
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** Raised keys are kept this long; every condition they name is younger than a day. */
const KEEP_RAISED_MS = 30 * DAY_MS;

export class SystemHealthMonitor implements PlatformComponent {
  readonly name = 'SystemHealthMonitor';
  readonly migrations = MIGRATIONS;
  readonly #ctx: PlatformContext;
  readonly #data: DataManager;
  readonly #options: SystemHealthMonitorOptions;
  readonly #graceMs: number;

  constructor(ctx: PlatformContext, data: DataManager, options: SystemHealthMonitorOptions = {}) {
    this.#ctx = ctx;
    this.#data = data;
    this.#options = options;
    this.#graceMs = options.freshnessGraceMs ?? 2 * HOUR_MS;
  }

  /** The platform's checks; `score` is the share that pass. */
  platformChecks(): HealthReport['platform'] {
    const now = this.#ctx.clock.now();
    const checks = [
      freshnessCheck(freshness(this.#ctx, this.#data, this.#graceMs)),
      databaseSizeCheck(this.#ctx, this.#options.maxDatabaseBytes ?? 2 * 1024 ** 3),
      ...(this.#options.explainer === undefined ? [] : [backlogCheck(this.#options.explainer.backlog(), this.#options.maxBacklog ?? 100)]),
      dataProblemsCheck(dataProblems(this.#ctx, now - DAY_MS)),
    ];
    const passed = checks.filter((c) => c.ok).length;
    return { score: passed / checks.length, ok: passed === checks.length, checks };
  }

  async check(): Promise<HealthReport> {
    const orchestrator = this.#options.checkHealth === undefined ? null : await this.#options.checkHealth();
    return { orchestrator, platform: this.platformChecks() };
  }

  /** Raises each alert condition of the last 24 hours that was not raised before. */
  async reviewAlerts(): Promise<AlertReview> {
    const now = this.#ctx.clock.now();
    this.#ctx.db.prepare('DELETE FROM platform_alerts WHERE raised_at < ?').run(now - KEEP_RAISED_MS);
    const review: AlertReview = { raised: [], alreadyRaised: 0 };
    for (const [key, alert] of this.#conditions(now)) {
      if (this.#ctx.db.prepare('SELECT 1 FROM platform_alerts WHERE key = ?').get(key) !== undefined) {
        review.alreadyRaised++;
        continue;
      }
      if (this.#options.raise !== undefined) await this.#options.raise(alert);
      else this.#ctx.logger[alert.severity === 'info' ? 'info' : 'warn']({ alert: key }, `${alert.title}: ${alert.detail}`);
      this.#ctx.db.prepare('INSERT INTO platform_alerts (key, severity, title, detail, raised_at) VALUES (?, ?, ?, ?, ?)').run(key, alert.severity, alert.title, alert.detail, now);
      review.raised.push({ key, ...alert });
    }
    return review;
  }

  /** Every alert condition now present, by its key. */
  #conditions(now: number): [string, PlatformAlert][] {
    const since = now - DAY_MS;
    const found: [string, PlatformAlert][] = [];
    for (const entry of this.#ctx.journal.latest({ kinds: ['risk_action'], limit: 200 }).filter((e) => e.at >= since).reverse()) {
      found.push([`risk_action:${entry.id}`, { severity: 'warning', title: `Risk action${entry.symbol === null ? '' : ` on ${entry.symbol}`}`, detail: entry.summary }]);
    }
    for (const entry of this.#ctx.journal.latest({ kinds: ['news_event'], limit: 200 }).filter((e) => e.at >= since).reverse()) {
      const z = entry.facts['z'];
      const strong = typeof z === 'number' && Math.abs(z) >= 5;
      found.push([`news_event:${entry.id}`, { severity: strong ? 'warning' : 'info', title: `News event${entry.symbol === null ? '' : ` on ${entry.symbol}`}`, detail: entry.summary }]);
    }
    const fresh = freshness(this.#ctx, this.#data, this.#graceMs);
    if (fresh.stale.length > 0) {
      const worst = Math.max(...fresh.stale.map((s) => s.sessionsBehind ?? Infinity));
      found.push([
        `stale_data:${fresh.expected}`,
        {
          severity: worst >= 3 ? 'critical' : 'warning',
          title: 'Market data is stale',
          detail: `${fresh.stale.map((s) => `${s.symbol} (last bar ${s.last ?? 'none'})`).join(', ')} lack the session of ${fresh.expected}, closed more than ${formatNumber(this.#graceMs / HOUR_MS, 1)} h ago: check data_sync and the data source`,
        },
      ]);
    }
    for (const group of dataProblems(this.#ctx, since)) {
      found.push([
        `data_problems:${group.symbol}:${group.lastId}`,
        {
          severity: group.errors > 0 ? 'warning' : 'info',
          title: `Data problems in ${group.symbol}`,
          detail: `${group.count} problem(s) in the last 24 hours (${group.errors} error(s)); latest: ${group.example}`,
        },
      ]);
    }
    return found;
  }

  agents() {
    return {
      system_health: async (ctx: AgentContext) => {
        const report = await this.check();
        ctx.logger.info({ platform: report.platform.score }, `platform checks: ${report.platform.checks.filter((c) => c.ok).length}/${report.platform.checks.length} ok`);
        return { overallHealth: report.orchestrator?.overall ?? null, ...report };
      },
      alert_manager: async (ctx: AgentContext) => {
        const review = await this.reviewAlerts();
        ctx.logger.info({ raised: review.raised.length }, `${review.raised.length} alert(s) raised`);
        return review;
      },
    };
  }

  conditions(): Condition[] {
    return [
      {
        name: 'data_fresh',
        description: 'true when every symbol has the bars of the last closed session (2 hours after its close)',
        valueKind: 'boolean',
        observe: () => freshness(this.#ctx, this.#data, this.#graceMs).stale.length === 0,
      },
    ];
  }
}
