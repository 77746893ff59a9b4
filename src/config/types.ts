/**
 * The resolved configuration: YAML (or code) → validated → environment overrides and defaults
 * applied → frozen. Everything the engine reads comes from here; durations are ms.
 */
import type { TaskName } from '../model/ids.js';
import type { TaskConfig } from '../model/task.js';
import type { CalendarSpec } from './calendars-section.js';
import type { RawPlatform } from './platform-section.js';

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';

export interface OrchestratorSettings {
  /** `orchestrator.enabled`: false makes `evolve start` refuse to run the scheduler. Default true. */
  enabled: boolean;
  /** Runs at once across all tasks. Default 5. */
  maxConcurrentTasks: number;
  /** `default_timeout_minutes`, applied to tasks without `timeout_minutes`. Default 15 min. */
  defaultTimeoutMs: number;
  /** `health_check_interval_minutes`. Default 5 min. */
  healthCheckIntervalMs: number;
  /** Time zone for cron tasks that do not name one. Default UTC. */
  timezone: string;
  /** `orchestrator.calendar`: the exchange calendar of market schedules and conditions. Default XNYS. */
  calendar: string;
  /** `orchestrator.agents_dir`, absolute: a folder whose modules and Python files are agents by file name; null: none. */
  agentsDir: string | null;
  /** How long a clean stop waits for running runs before marking them interrupted. Default 30 s. */
  shutdownGraceMs: number;
  /** A slot processed later than this after its instant counts as missed (misfire policy applies). Default 60 s. */
  misfireGraceMs: number;
  /** Default for tasks without `dependency_timeout_minutes`. Default 60 min. */
  dependencyTimeoutMs: number;
}

export interface StoreSettings {
  /** Folder for the SQLite file, logs and reports. Default `./data`. */
  dataDir: string;
  /** SQLite `synchronous`: `normal` (default; a power loss may lose the last commits) or `full`. */
  synchronous: 'normal' | 'full';
}

export type AlertChannelConfig =
  | { kind: 'log' }
  | { kind: 'webhook'; url: string; headers: Readonly<Record<string, string>> };

export interface AlertSettings {
  enabled: boolean;
  /** The same alert (kind + task) is not sent again within this window. Default 15 min. */
  cooldownMs: number;
  channels: readonly AlertChannelConfig[];
}

export interface MonitoringSettings {
  /** Finished runs older than this are deleted. Default 30 days. */
  metricsRetentionMs: number;
  /** Recent finished runs used for success rates and `performance_threshold`. Default 20. */
  performanceWindow: number;
  /** A success rate is judged against `performance_threshold` only after this many runs. Default 5. */
  performanceMinRuns: number;
}

export interface LoggingSettings {
  level: LogLevel;
  /** Log file (JSON lines) besides the console; null: console only. Default `<dataDir>/logs/evolve.log`. */
  file: string | null;
}

export type ApiRole = 'viewer' | 'operator' | 'admin';

/** An API token from `api.tokens`: its SHA-256 only, never the token. */
export interface ApiTokenConfig {
  name: string;
  role: ApiRole;
  /** Lower-case hex SHA-256 of the token. */
  sha256: string;
}

export interface ApiSettings {
  /** `api.enabled`: false makes `evolve start` serve no HTTP API. Default true. */
  enabled: boolean;
  /** Listen address. Default 127.0.0.1; a non-loopback address needs tokens. */
  host: string;
  /** TCP port; 0 picks a free one. Default 8700. */
  port: number;
  /** From `api.tokens`; `EVOLVE_API_TOKENS` adds more when the server starts. Default none. */
  tokens: readonly ApiTokenConfig[];
  /** `body_limit_kb` in bytes. Default 64 KiB. */
  bodyLimitBytes: number;
  /** Requests a minute per token (per address without one); 0: no limit. Default 1200. */
  rateLimitPerMinute: number;
}

export interface ThresholdMultipliers {
  errorThreshold: number;
  performanceThreshold: number;
}

export interface ResolvedConfig {
  /** Absolute path of the file it came from, or null when built in code. */
  sourcePath: string | null;
  /** The environment applied (`--env` / `EVOLVE_ENV`), or null. */
  environment: string | null;
  /**
   * The applied environment's `error_threshold_multiplier` and `performance_threshold_multiplier`,
   * kept so that tasks added from code or changed later get the same treatment. Absent: both 1.
   */
  thresholdMultipliers?: ThresholdMultipliers;
  orchestrator: OrchestratorSettings;
  store: StoreSettings;
  tasks: ReadonlyMap<TaskName, TaskConfig>;
  /** `calendars:`: user calendars and closures added to built-in ones, by name. */
  calendars: ReadonlyMap<string, CalendarSpec>;
  /**
   * `platform:`: the reference trading platform's settings as written, folders absolute (defaults
   * applied by src/platform). Null when the file has no platform section: standalone.
   */
  platform: RawPlatform | null;
  alerts: AlertSettings;
  monitoring: MonitoringSettings;
  logging: LoggingSettings;
  /** `api:`: the HTTP API that `evolve start` serves. */
  api: ApiSettings;
}
