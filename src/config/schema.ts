/**
 * The shape of `config/task_schedule.yaml` as written (snake_case keys, minutes, nulls): the first
 * typed stage. Every object is strict, so a misspelt key is an error, never silently ignored.
 * Rules that involve several keys or other tasks (one schedule, dependencies, cycles, known
 * conditions, environments) are checked afterwards, in validate-task.ts and task-graph.ts.
 * Every key's default is applied in resolve.ts.
 */
import { z } from 'zod';
import { MisfirePolicy, Priority, TaskType } from '../model/task.js';
import type { LogLevel } from './types.js';

/** An enum that accepts any letter case (`HIGH`, `Debug`) and yields lower case. */
function anyCase<const T extends readonly [string, ...string[]]>(values: T) {
  return z.preprocess((value) => (typeof value === 'string' ? value.toLowerCase() : value), z.enum(values));
}

export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat(undefined, { timeZone: value });
    return value.trim() !== '';
  } catch {
    return false;
  }
}

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

const positive = z.number().positive();
const nonNegative = z.number().min(0);
const count = (min: number) => z.number().int().min(min);
const timeZone = z.string().refine(isTimeZone);

export const PRIORITIES = Object.values(Priority) as [Priority, ...Priority[]];
export const TASK_TYPES = Object.values(TaskType) as [TaskType, ...TaskType[]];
export const MISFIRE_POLICIES = Object.values(MisfirePolicy) as [MisfirePolicy, ...MisfirePolicy[]];
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const satisfies readonly LogLevel[];

/** A task's `market:` schedule; the calendar defaults to orchestrator.calendar. */
export const MarketScheduleSchema = z.strictObject({
  /** XNYS, XNAS, 24/7, weekdays, or a calendar under calendars:. */
  calendar: z.string().min(1).optional(),
  /** Session times: "open", "open+30m", "close-15m", or a list of them. */
  at: z.union([z.string(), z.array(z.string()).min(1)]).optional(),
  /** From the open while the session lasts: "15m", "1h". */
  every: z.string().optional(),
  on: anyCase(['session_start', 'session_end'] as const).optional(),
});

export const OrchestratorSchema = z.strictObject({
  /** false: `evolve start` refuses to run the scheduler. Default true. */
  enabled: z.boolean().optional(),
  /** Runs at once across all tasks. Default 5. */
  max_concurrent_tasks: count(1).optional(),
  /** Minutes; the timeout of tasks without `timeout_minutes`. Default 15. */
  default_timeout_minutes: positive.optional(),
  /** Minutes between health checks. Default 5. */
  health_check_interval_minutes: positive.optional(),
  /** IANA time zone of cron tasks that do not name one. Default "UTC". */
  timezone: timeZone.optional(),
  /** Exchange calendar of the market conditions (market_hours): XNYS, XNAS, 24/7, weekdays or one under calendars:. Default "XNYS". */
  calendar: z.string().min(1).optional(),
  /** Folder of agents by file name (name.js / name.ts: its default export; name.py: run with python3), relative to this file. Default: none. */
  agents_dir: z.string().min(1).optional(),
  /** Seconds a clean stop waits for running runs. Default 30. */
  shutdown_grace_seconds: nonNegative.optional(),
  /** Seconds after its instant that a slot still counts as on time (else misfire applies). Default 60. */
  misfire_grace_seconds: nonNegative.optional(),
  /** Minutes a due run waits for its dependencies before it is skipped. Default 60. */
  dependency_timeout_minutes: positive.optional(),
});

export const StoreSchema = z.strictObject({
  /** Folder of the SQLite file, logs and reports, relative to the working directory. Default "./data". */
  data_dir: z.string().min(1).optional(),
  /** SQLite `synchronous`: normal (default) or full. */
  synchronous: anyCase(['normal', 'full'] as const).optional(),
});

/**
 * An agent defined in the task: exactly one of `module`, `command`, `http` (checked in
 * validate-task.ts, with the keys that belong to another kind), so a typo gets "did you mean".
 */
export const AgentSpecSchema = z.strictObject({
  /** Path of an ES module (JavaScript or TypeScript), relative to this file's folder. */
  module: z.string().min(1).optional(),
  /** Module agents: the export to use. Default "default". */
  export: z.string().min(1).optional(),
  /** Module agents: method called as method(parameters, ctx). Default: run(ctx), or the export itself when it is a function. */
  method: z.string().min(1).optional(),
  /** Program and arguments of a subprocess agent, e.g. ["python3", "agents/model_innovation.py"]. */
  command: z.array(z.string().min(1)).min(1).optional(),
  /** Command agents: working folder, relative to this file's folder. Default: this file's folder. */
  cwd: z.string().min(1).optional(),
  /** Command agents: variables set for the agent (use ${VAR} for secrets). */
  env: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  /** Command agents: names of the orchestrator's variables passed on; no other variable is. */
  pass_env: z.array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/)).optional(),
  /** Command agents: seconds between SIGTERM and SIGKILL when stopped. Default 5. */
  kill_grace_seconds: nonNegative.optional(),
  /** An HTTP agent: the request is POSTed to url, the JSON response is the result. */
  http: z
    .strictObject({
      url: z.string().refine(isHttpUrl),
      headers: z.record(z.string(), z.string()).optional(),
      /** Default: the task's timeout alone. */
      timeout_seconds: positive.optional(),
    })
    .optional(),
});

export const DependencySchema = z.union([
  z.string(),
  z.strictObject({
    task: z.string(),
    /** Minutes; the upstream's latest success must be at most this old. Default: any age. */
    max_age_minutes: positive.optional(),
  }),
]);

export const TaskSchema = z.strictObject({
  /** Default true. */
  enabled: z.boolean().optional(),
  /** One of the TaskType values. Default: the task name if it is one, else "custom". */
  type: anyCase(TASK_TYPES).optional(),
  /** Registered agent name, or an agent of the task's own: `{ module }`, `{ command }` or `{ http }`. Default: the task name. */
  agent: z.union([z.string().min(1), AgentSpecSchema]).optional(),
  /** Default "". */
  description: z.string().optional(),
  /** Minutes between fixed-rate runs; fractions allowed (0.5 = 30 s). One schedule key is required. */
  interval_minutes: positive.optional(),
  /** Five- or six-field cron expression. */
  cron: z.string().min(1).optional(),
  /** IANA time zone of `cron`. Default: orchestrator.timezone. */
  timezone: timeZone.optional(),
  /** true: no schedule, runs only when triggered. */
  manual: z.boolean().optional(),
  /**
   * Relative to exchange sessions: `{ calendar, at: "open+30m" | [...] }`, `{ every: "15m" }` or
   * `{ on: session_end }`. The calendar defaults to orchestrator.calendar.
   */
  market: MarketScheduleSchema.optional(),
  /** Interval tasks only: the first run is at start (true, default) or one interval later. */
  run_at_start: z.boolean().optional(),
  /** Missed fires while down: once (default), skip or all. */
  misfire: anyCase(MISFIRE_POLICIES).optional(),
  /** Upper bound on catch-up runs under misfire: all. Default 10. */
  misfire_max_runs: count(1).optional(),
  /** critical, high, medium (default) or low; any letter case. */
  priority: anyCase(PRIORITIES).optional(),
  /** Minutes; SLA past which an alert fires (the run is not killed). Default 30; null: no SLA. */
  max_duration_minutes: positive.nullable().optional(),
  /** Further attempts after a failure. Default 3. */
  retry_count: count(0).optional(),
  /** Minutes between attempts. Default 5. */
  retry_delay_minutes: nonNegative.optional(),
  /** fixed (default) or exponential (with jitter). */
  retry_backoff: anyCase(['fixed', 'exponential'] as const).optional(),
  /** Minutes; cap on one exponential delay. Default 60. */
  retry_max_delay_minutes: positive.optional(),
  /** Minutes before the run is aborted. Default: orchestrator.default_timeout_minutes. */
  timeout_minutes: positive.optional(),
  /** true: runs of this task may overlap. Default false. */
  concurrent_execution: z.boolean().optional(),
  /** Consecutive failed runs that disable the task. Default 5. */
  error_threshold: count(1).optional(),
  /** Minimum success rate in [0, 1] over the recent window. Default 0.8; null: none. */
  performance_threshold: z.number().min(0).max(1).nullable().optional(),
  /** Task names, or `{ task, max_age_minutes }`. Default none. */
  dependencies: z.array(DependencySchema).optional(),
  /** Minutes; default orchestrator.dependency_timeout_minutes. */
  dependency_timeout_minutes: positive.optional(),
  /** Condition name → true/false, a minimum number, or a comparison string (">0"). */
  conditions: z.record(z.string(), z.union([z.boolean(), z.number(), z.string()])).optional(),
  /** Passed to the agent as is. Default {}. */
  parameters: z.record(z.string(), z.unknown()).optional(),
});

export const EnvironmentSchema = z.strictObject({
  max_concurrent_tasks: count(1).optional(),
  default_timeout_minutes: positive.optional(),
  health_check_interval_minutes: positive.optional(),
  /** Multiplies every task's error_threshold (rounded up, at least 1). Default 1. */
  error_threshold_multiplier: positive.optional(),
  /** Multiplies every task's performance_threshold (at most 1). Default 1. */
  performance_threshold_multiplier: positive.optional(),
  /** Per-task overrides, merged over the task's own keys. */
  tasks: z.record(z.string(), z.unknown()).nullable().optional(),
});

export const LogChannelSchema = z.strictObject({ type: z.literal('log') });
export const WebhookChannelSchema = z.strictObject({
  /** slack is a webhook whose URL is a Slack incoming-webhook URL. */
  type: z.enum(['webhook', 'slack']),
  url: z.string().refine(isHttpUrl),
  headers: z.record(z.string(), z.string()).optional(),
});
export const ChannelSchema = z.discriminatedUnion('type', [LogChannelSchema, WebhookChannelSchema]);

export const AlertsSchema = z.strictObject({
  /** Default true. */
  enabled: z.boolean().optional(),
  /** Minutes before the same alert (kind + task) is sent again. Default 15. */
  cooldown_minutes: nonNegative.optional(),
  /** Where alerts go. Default [{ type: log }]. */
  channels: z.array(ChannelSchema).optional(),
});

export const MonitoringSchema = z.strictObject({
  /** Days finished runs are kept. Default 30. */
  metrics_retention_days: positive.optional(),
  /** Recent finished runs behind success rates. Default 20. */
  performance_window: count(1).optional(),
  /** Runs needed before performance_threshold is judged. Default 5. */
  performance_min_runs: count(1).optional(),
});

export const LoggingSchema = z.strictObject({
  /** trace, debug, info (default), warn, error or fatal; any letter case. */
  level: anyCase(LOG_LEVELS).optional(),
  /** JSON-lines log file; null: console only. Default "<data_dir>/logs/evolve.log". */
  file: z.string().min(1).nullable().optional(),
});

export const API_ROLES = ['viewer', 'operator', 'admin'] as const;

/** One API token, stored hashed: `evolve api new-token` prints a token and this entry. */
export const ApiTokenSchema = z.strictObject({
  /** Who holds it (audited as `api:<name>`): letters, digits, "_", ".", "@", "-". */
  name: z.string().regex(/^[A-Za-z0-9_.@-]{1,64}$/),
  /** viewer (reads), operator (reads and actions) or admin (also configuration changes). */
  role: anyCase(API_ROLES),
  /** SHA-256 of the token, 64 hex digits (`printf %s "$TOKEN" | sha256sum`); never the token itself. */
  token_sha256: z.string().regex(/^[0-9a-fA-F]{64}$/),
});

export const ApiSchema = z.strictObject({
  /** false: `evolve start` serves no HTTP API. Default true. */
  enabled: z.boolean().optional(),
  /** Address to listen on. Default "127.0.0.1"; any other than loopback needs tokens. */
  host: z.string().min(1).optional(),
  /** TCP port; 0 picks a free one. Default 8700. */
  port: z.number().int().min(0).max(65_535).optional(),
  /** Who may call the API. Default none (then only a loopback host is allowed, and it is open). */
  tokens: z.array(ApiTokenSchema).optional(),
  /** Largest request body in KiB. Default 64. */
  body_limit_kb: positive.optional(),
  /** Requests a minute per token (per address without one); 0: no limit. Default 1200. */
  rate_limit_per_minute: count(0).optional(),
});

/** The top level: each section may be absent or empty. */
export const SECTION_SCHEMAS = {
  orchestrator: OrchestratorSchema,
  store: StoreSchema,
  tasks: z.record(z.string(), z.unknown()),
  environments: z.record(z.string(), z.unknown()),
  alerts: AlertsSchema,
  monitoring: MonitoringSchema,
  logging: LoggingSchema,
  calendars: z.record(z.string(), z.unknown()),
  platform: z.record(z.string(), z.unknown()),
  api: ApiSchema,
} as const;
export type SectionName = keyof typeof SECTION_SCHEMAS;
export const SECTION_NAMES = Object.keys(SECTION_SCHEMAS) as SectionName[];

export type RawOrchestrator = z.output<typeof OrchestratorSchema>;
export type RawStore = z.output<typeof StoreSchema>;
export type RawTask = z.output<typeof TaskSchema>;
export type RawDependency = z.output<typeof DependencySchema>;
export type RawEnvironment = z.output<typeof EnvironmentSchema>;
export type RawAlerts = z.output<typeof AlertsSchema>;
export type RawChannel = z.output<typeof ChannelSchema>;
export type RawMonitoring = z.output<typeof MonitoringSchema>;
export type RawLogging = z.output<typeof LoggingSchema>;
export type RawApi = z.output<typeof ApiSchema>;

export const TASK_KEYS = Object.keys(TaskSchema.shape) as (keyof RawTask)[];
export const ENVIRONMENT_KEYS = Object.keys(EnvironmentSchema.shape);
