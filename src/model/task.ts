/** The resolved, validated configuration of one task: what the engine runs. Durations are ms. */
import type { TaskName } from './ids.js';

export const Priority = { critical: 'critical', high: 'high', medium: 'medium', low: 'low' } as const;
export type Priority = (typeof Priority)[keyof typeof Priority];

/** Higher ranks start first. */
export const PRIORITY_RANK: Readonly<Record<Priority, number>> = { critical: 3, high: 2, medium: 1, low: 0 };

/** The original platform's task types; `custom` for anything registered by a user. */
export const TaskType = {
  DATA_SYNC: 'data_sync',
  SENTIMENT_FETCH: 'sentiment_fetch',
  MARKET_ANALYSIS: 'market_analysis',
  MODEL_INNOVATION: 'model_innovation',
  MODEL_VALIDATION: 'model_validation',
  STRATEGY_RESEARCH: 'strategy_research',
  STRATEGY_BACKTESTING: 'strategy_backtesting',
  META_CONTROL: 'meta_control',
  RISK_MANAGEMENT: 'risk_management',
  EXECUTION: 'execution',
  PORTFOLIO_REBALANCING: 'portfolio_rebalancing',
  PERFORMANCE_ANALYSIS: 'performance_analysis',
  EXPLANATION: 'explanation',
  SYSTEM_HEALTH: 'system_health',
  ALERT_MANAGER: 'alert_manager',
  CACHE_MANAGEMENT: 'cache_management',
  CUSTOM: 'custom',
} as const;
export type TaskType = (typeof TaskType)[keyof typeof TaskType];

export type Schedule =
  /** Fixed-rate: slot n+1 = slot n + everyMs. The first slot is the start time when runAtStart. */
  | { kind: 'interval'; everyMs: number; runAtStart: boolean }
  /** Five- or six-field cron expression evaluated in an IANA time zone. */
  | { kind: 'cron'; expression: string; timezone: string }
  /** Relative to the sessions of an exchange calendar (by name): no fire on a day without a session. */
  | { kind: 'market'; calendar: string; rule: MarketRule }
  /** No schedule: runs only when triggered (run now, a command, the API). */
  | { kind: 'manual' };

/** An instant of a session: its open or close moved by an offset (`open+30m`: open, +1,800,000 ms). */
export interface SessionTime {
  anchor: 'open' | 'close';
  offsetMs: number;
}

export type MarketRule =
  /** At these times of each session (`at: ["open", "close-5m"]`); a time past an early close is skipped. */
  | { kind: 'at'; times: readonly SessionTime[] }
  /** From the open, every `everyMs` while the session lasts (none at or after the close). */
  | { kind: 'every'; everyMs: number }
  /** At the open (`session_start`) or the close (`session_end`) of each session. */
  | { kind: 'on'; event: 'session_start' | 'session_end' };

export const MisfirePolicy = {
  /** Run once now for all the slots missed while down; the others are recorded as skipped. */
  once: 'once',
  /** Record every missed slot as skipped; wait for the next slot. */
  skip: 'skip',
  /** Run every missed slot (at most `misfireMaxRuns`, the rest recorded as skipped). */
  all: 'all',
} as const;
export type MisfirePolicy = (typeof MisfirePolicy)[keyof typeof MisfirePolicy];

export interface Dependency {
  task: TaskName;
  /** The upstream's latest success must be at most this old (ms); null: any age. */
  maxAgeMs: number | null;
}

/** `>0`, `>=0.8`, `<5`, `==3`, `!=0`. */
export type ComparisonOp = '>' | '>=' | '<' | '<=' | '==' | '!=';

export type ConditionExpectation =
  | { kind: 'boolean'; value: boolean }
  /** A bare number: the observed value must be at least this (as in `system_health: 0.8`). */
  | { kind: 'atLeast'; value: number }
  | { kind: 'compare'; op: ComparisonOp; value: number };

export interface ConditionSpec {
  name: string;
  expect: ConditionExpectation;
  /** The value as written in the config, for messages. */
  source: string;
}

/** An agent the task's own configuration defines (`agent: { module | command | http }` in the YAML). */
export type AgentSpec =
  /** Loaded from a JavaScript or TypeScript module, in-process. */
  | {
      kind: 'module';
      /** As written: relative to the configuration file's folder, or absolute. */
      module: string;
      /** The export to use. Default `default`. */
      export: string;
      /** Method called as `method(parameters, ctx)`; null: the agent's `run(ctx)`, or the export itself when it is a function. */
      method: string | null;
    }
  /** A subprocess in any language speaking JSON lines (docs/agent-protocol.md). */
  | {
      kind: 'command';
      command: readonly string[];
      /** Working folder, as written (relative to the configuration file's folder); null: that folder. */
      cwd: string | null;
      /** Variables set for the agent (after ${VAR} interpolation). */
      env: Readonly<Record<string, string>>;
      /** Names of the orchestrator's environment variables passed on; no others are. */
      passEnv: readonly string[];
      /** Between SIGTERM and SIGKILL when the agent is stopped. */
      killGraceMs: number;
    }
  /** A POST of the request to a URL; the JSON response is the result. */
  | {
      kind: 'http';
      url: string;
      headers: Readonly<Record<string, string>>;
      /** null: bounded by the task's timeout only. */
      timeoutMs: number | null;
    };

export interface TaskConfig {
  name: TaskName;
  type: TaskType;
  /** Name of the registered agent that runs this task; defaults to the task name (for a module agent, `<module>#<export>`). */
  agent: string;
  /** The agent the task defines itself (module, command, http); null for an agent registered by name. */
  agentSpec: AgentSpec | null;
  description: string;
  enabled: boolean;
  schedule: Schedule;
  priority: Priority;
  dependencies: readonly Dependency[];
  /** A due run waiting on dependencies is skipped after this long. */
  dependencyTimeoutMs: number;
  conditions: readonly ConditionSpec[];
  parameters: Readonly<Record<string, unknown>>;
  /** The AbortSignal fires and the run ends timed_out after this long. */
  timeoutMs: number;
  /** SLA: past this a running run raises an alert; it is not killed. null: no SLA. */
  maxDurationMs: number | null;
  /** Further attempts after a failure. */
  retryCount: number;
  retryDelayMs: number;
  retryBackoff: 'fixed' | 'exponential';
  /** Upper bound on one retry delay with exponential backoff. */
  retryMaxDelayMs: number;
  /** false: at most one running run of this task, enforced by the store. */
  concurrentExecution: boolean;
  /** Consecutive failed runs that disable the task (after the environment multiplier). */
  errorThreshold: number;
  /** Minimum success rate over the recent window, in [0, 1] (after the multiplier); null: none. */
  performanceThreshold: number | null;
  misfire: MisfirePolicy;
  /** Upper bound on runs started for missed slots under the `all` policy. */
  misfireMaxRuns: number;
}
