/**
 * The reference Evolve platform, assembled: every component on the orchestrator's store file,
 * their tables migrated, and their agents and conditions registered on an orchestrator
 * (`evolve start --integrated`, `startIntegratedSystem()`).
 */
import type Database from 'better-sqlite3';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Calendar } from '../calendar/calendar.js';
import type { Clock } from '../clock.js';
import type { TaskOrchestrator } from '../engine/orchestrator.js';
import { openConnection } from '../store/sqlite/connection.js';
import { migrate } from '../store/sqlite/migrations.js';
import { DataManager } from './components/data-manager.js';
import { ExecutionAgent } from './components/execution-agent.js';
import { ExplainerAgent } from './components/explainer-agent.js';
import { MarketAnalyzer } from './components/market-analyzer.js';
import { ModelInnovationAgent } from './components/model-innovation-agent.js';
import { PortfolioManager } from './components/portfolio-manager.js';
import { ReportGenerator } from './components/report-generator.js';
import { RiskManager } from './components/risk-manager.js';
import { SentimentAnalyzer } from './components/sentiment-analyzer.js';
import { StrategyResearchAgent } from './components/strategy-research-agent.js';
import { SystemHealthMonitor } from './components/system-health-monitor.js';
import type { PlatformComponent, PlatformContext } from './core/platform-context.js';
import { JOURNAL_MIGRATIONS, PlatformJournal } from './core/platform-journal.js';
import type { PlatformSettings } from './core/platform-settings.js';

export interface PlatformOptions {
  /** The orchestrator's SQLite file: the platform keeps its tables there. */
  databasePath: string;
  /** Reports go to `<dataDir>/reports`. */
  dataDir: string;
  clock: Clock;
  calendar: Calendar;
  settings: PlatformSettings;
  logger: Logger;
}

export class EvolvePlatform {
  readonly data: DataManager;
  readonly models: ModelInnovationAgent;
  readonly analyzer: MarketAnalyzer;
  readonly portfolio: PortfolioManager;
  readonly execution: ExecutionAgent;
  readonly risk: RiskManager;
  readonly research: StrategyResearchAgent;
  readonly sentiment: SentimentAnalyzer;
  readonly explainer: ExplainerAgent;
  readonly reports: ReportGenerator;
  readonly health: SystemHealthMonitor;
  readonly journal: PlatformJournal;
  readonly #db: Database.Database;
  #orchestrator: TaskOrchestrator | null = null;

  constructor(options: PlatformOptions) {
    // Set up as the store's own connection (WAL, busy timeout, checkpoints left to its worker thread).
    const db = openConnection(options.databasePath);
    this.#db = db;
    const now = (): number => options.clock.now();
    migrate(db, options.databasePath, now, JOURNAL_MIGRATIONS);
    this.journal = new PlatformJournal(db);
    const ctx: PlatformContext = { db, clock: options.clock, calendar: options.calendar, settings: options.settings, logger: options.logger, journal: this.journal };
    const install = <C extends PlatformComponent>(component: C): C => {
      migrate(db, options.databasePath, now, component.migrations);
      return component;
    };
    this.data = install(new DataManager(ctx));
    this.models = install(new ModelInnovationAgent(ctx, this.data));
    this.analyzer = install(new MarketAnalyzer(ctx, this.data, this.models));
    this.portfolio = install(new PortfolioManager(ctx, this.data));
    this.execution = install(new ExecutionAgent(ctx, this.data, this.portfolio));
    this.risk = install(new RiskManager(ctx, this.data, this.portfolio));
    this.research = install(new StrategyResearchAgent(ctx, this.data, this.portfolio));
    this.sentiment = install(new SentimentAnalyzer(ctx));
    this.explainer = install(new ExplainerAgent(ctx));
    this.reports = install(
      new ReportGenerator(ctx, this.data, {
        dir: join(options.dataDir, 'reports'),
        portfolio: this.portfolio,
        forecasts: { latestForecast: (symbol) => this.analyzer.latestForecast(symbol)?.forecast ?? null },
        explainer: this.explainer,
        healthReader: async () => (this.#orchestrator ? this.#orchestrator.checkHealth() : null),
      }),
    );
    this.health = install(
      new SystemHealthMonitor(ctx, this.data, {
        checkHealth: async () => {
          if (!this.#orchestrator) throw new Error('the platform is not attached to an orchestrator');
          return this.#orchestrator.checkHealth();
        },
        raise: (alert) => {
          this.#orchestrator?.raiseAlert({ kind: `platform:${alert.title}`, severity: alert.severity, message: `${alert.title}: ${alert.detail}` });
        },
        explainer: this.explainer,
      }),
    );
  }

  get components(): PlatformComponent[] {
    return [this.data, this.models, this.analyzer, this.portfolio, this.execution, this.risk, this.research, this.sentiment, this.explainer, this.reports, this.health];
  }

  /** Registers every component's agents (by task name) and conditions on `orchestrator`. */
  attach(orchestrator: TaskOrchestrator): void {
    this.#orchestrator = orchestrator;
    for (const component of this.components) {
      for (const [task, agent] of Object.entries(component.agents())) {
        orchestrator.agents.register(task, agent, { source: { kind: 'platform', detail: `${component.name} (src/platform)` } });
      }
      for (const condition of component.conditions()) orchestrator.registerCondition(condition);
    }
  }

  close(): void {
    if (this.#db.open) this.#db.close();
  }
}
