/**
 * The error catalogue. Every error a user can see extends EvolveError with a stable `code`
 * (EVOLVE_<AREA>_<WHAT>); the code decides the CLI exit code and, later, the HTTP status.
 */

export const ErrorCodes = {
  EVOLVE_CONFIG_INVALID: { exitCode: 2, httpStatus: 400, message: 'the configuration is invalid' },
  EVOLVE_CONFIG_NOT_FOUND: { exitCode: 2, httpStatus: 400, message: 'the configuration file does not exist' },
  EVOLVE_TASK_NOT_FOUND: { exitCode: 2, httpStatus: 404, message: 'no task has that name' },
  EVOLVE_TASK_BUSY: { exitCode: 1, httpStatus: 409, message: 'the task is already running and does not allow concurrent runs' },
  EVOLVE_TASK_DISABLED: { exitCode: 1, httpStatus: 409, message: 'the task is disabled' },
  EVOLVE_RUN_NOT_FOUND: { exitCode: 2, httpStatus: 404, message: 'no run has that id' },
  EVOLVE_AGENT_NOT_FOUND: { exitCode: 2, httpStatus: 400, message: 'no agent is registered under that name' },
  EVOLVE_AGENT_FAILED: { exitCode: 1, httpStatus: 500, message: 'the agent failed' },
  EVOLVE_AGENT_TIMEOUT: { exitCode: 1, httpStatus: 504, message: 'the agent did not finish in time' },
  EVOLVE_AGENT_BAD_RESULT: { exitCode: 1, httpStatus: 500, message: 'the agent returned a value that cannot be stored' },
  EVOLVE_MARKET_DATA_UNAVAILABLE: { exitCode: 1, httpStatus: 502, message: 'the market data source could not be read' },
  EVOLVE_MARKET_DATA_INVALID: { exitCode: 2, httpStatus: 400, message: 'the market data request is invalid' },
  EVOLVE_FORECAST_INVALID: { exitCode: 2, httpStatus: 400, message: 'the series cannot be forecast as asked' },
  EVOLVE_FORECAST_FAILED: { exitCode: 1, httpStatus: 500, message: 'the forecast model could not be fitted' },
  EVOLVE_STRATEGY_INVALID: { exitCode: 2, httpStatus: 400, message: 'the strategy is unknown or its parameters are invalid' },
  EVOLVE_SENTIMENT_SOURCE_INVALID: { exitCode: 2, httpStatus: 400, message: 'the headline source is configured wrongly' },
  EVOLVE_SENTIMENT_SOURCE_UNAVAILABLE: { exitCode: 1, httpStatus: 502, message: 'the headline source could not be read' },
  EVOLVE_CALENDAR_INVALID: { exitCode: 2, httpStatus: 400, message: 'the calendar is unknown or its definition is invalid' },
  EVOLVE_CONDITION_UNKNOWN: { exitCode: 2, httpStatus: 400, message: 'no condition is registered under that name' },
  EVOLVE_STORE_LOCKED: { exitCode: 3, httpStatus: 503, message: 'another orchestrator process holds the store' },
  EVOLVE_STORE_FAILED: { exitCode: 3, httpStatus: 500, message: 'the store failed' },
  EVOLVE_BACKUP_FAILED: { exitCode: 1, httpStatus: 500, message: 'the store could not be backed up' },
  EVOLVE_LIFECYCLE: { exitCode: 1, httpStatus: 409, message: 'the orchestrator is not in a state that allows this' },
  EVOLVE_SHUTDOWN_TIMEOUT: { exitCode: 1, httpStatus: 500, message: 'runs were still going when the grace period ended' },
  EVOLVE_USAGE: { exitCode: 2, httpStatus: 400, message: 'the command line is invalid' },
  EVOLVE_COMMAND_INVALID: { exitCode: 2, httpStatus: 400, message: 'the system command is invalid' },
  EVOLVE_RUN_FINISHED: { exitCode: 1, httpStatus: 409, message: 'the run has already finished' },
  EVOLVE_API_INSECURE: { exitCode: 2, httpStatus: 500, message: 'the API would listen beyond this machine without tokens' },
  EVOLVE_API_LISTEN_FAILED: { exitCode: 1, httpStatus: 500, message: 'the API server cannot listen on its address' },
  EVOLVE_API_UNAUTHORIZED: { exitCode: 2, httpStatus: 401, message: 'the request carries no valid API token' },
  EVOLVE_API_FORBIDDEN: { exitCode: 2, httpStatus: 403, message: "the API token's role does not allow this" },
  EVOLVE_API_INVALID_REQUEST: { exitCode: 2, httpStatus: 400, message: 'the request is invalid' },
  EVOLVE_API_UNSUPPORTED_MEDIA_TYPE: { exitCode: 2, httpStatus: 415, message: 'the request body is not JSON' },
  EVOLVE_API_BODY_TOO_LARGE: { exitCode: 2, httpStatus: 413, message: 'the request body is larger than the limit' },
  EVOLVE_API_ROUTE_NOT_FOUND: { exitCode: 2, httpStatus: 404, message: 'no API route has that method and path' },
  EVOLVE_API_PLATFORM_NOT_ATTACHED: { exitCode: 2, httpStatus: 404, message: 'the orchestrator runs without the reference platform' },
  EVOLVE_API_RATE_LIMITED: { exitCode: 1, httpStatus: 429, message: 'too many requests' },
  EVOLVE_INTERNAL: { exitCode: 1, httpStatus: 500, message: 'an unexpected error' },
} as const satisfies Record<string, { exitCode: number; httpStatus: number; message: string }>;

export type ErrorCode = keyof typeof ErrorCodes;

export class EvolveError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EvolveError';
    this.code = code;
  }

  get exitCode(): number {
    return ErrorCodes[this.code].exitCode;
  }

  get httpStatus(): number {
    return ErrorCodes[this.code].httpStatus;
  }
}

/** One problem in a configuration file, located as precisely as the source allows. */
export interface ConfigIssue {
  /** File path, or `<code>` for configuration given in code. */
  file: string;
  line: number | null;
  column: number | null;
  /** Key path such as `tasks.data_sync.interval_minutes`. */
  path: string;
  message: string;
  /** How to fix it, in one sentence. */
  fix: string | null;
}

export function formatConfigIssue(issue: ConfigIssue): string {
  const where = issue.line === null ? issue.file : `${issue.file}:${issue.line}:${issue.column ?? 1}`;
  const fix = issue.fix ? `\n    fix: ${issue.fix}` : '';
  return `${where}: ${issue.path ? `${issue.path}: ` : ''}${issue.message}${fix}`;
}

export class ConfigError extends EvolveError {
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[]) {
    const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
    super('EVOLVE_CONFIG_INVALID', `invalid configuration (${count}):\n${issues.map((i) => `  ${formatConfigIssue(i)}`).join('\n')}`);
    this.name = 'ConfigError';
    this.issues = issues;
  }
}

/** The message of anything thrown, without losing it when a non-Error was thrown. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  if (typeof error === 'string') return error;
  try {
    return `non-Error thrown: ${JSON.stringify(error)}`;
  } catch {
    return `non-Error thrown: ${String(error)}`;
  }
}
