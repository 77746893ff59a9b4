/**
 * Parsers for option values. Each rejects a bad value with commander's InvalidArgumentError, so
 * the user sees which option and value were wrong, and the CLI exits 2.
 */
import { InvalidArgumentError } from 'commander';
import type { LogLevel } from '../config/types.js';
import { EvolveError } from '../errors.js';
import { parseRunId, type RunId } from '../model/ids.js';
import { RUN_STATUSES, type RunStatus } from '../model/run.js';
import { ALERT_SEVERITIES, type AlertSeverity } from '../store/store.js';

const LOG_LEVELS: readonly LogLevel[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];
/** The original (Python logging) spellings. */
const LOG_LEVEL_ALIASES: Readonly<Record<string, LogLevel>> = { warning: 'warn', critical: 'fatal' };

/** `DEBUG`, `debug`, `Warning` …: case-insensitive, Python's names accepted. */
export function parseLogLevel(value: string): LogLevel {
  const lower = value.trim().toLowerCase();
  const level = LOG_LEVEL_ALIASES[lower] ?? LOG_LEVELS.find((l) => l === lower);
  if (!level) throw new InvalidArgumentError(`use one of ${LOG_LEVELS.join(', ')} (any case; WARNING and CRITICAL work too)`);
  return level;
}

/** A whole number ≥ 1. */
export function parsePositiveInt(value: string): number {
  const n = /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of at least 1, such as 20');
  return n;
}

/** A number of minutes above 0, fractions allowed (`30`, `0.5`). */
export function parsePositiveMinutes(value: string): number {
  const n = /^\s*(\d+(\.\d*)?|\.\d+)\s*$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a number of minutes above 0, such as 30 or 0.5');
  return n;
}

/** A run id as `evolve history` lists them. */
export function parseRunIdOption(value: string): RunId {
  try {
    return parseRunId(value.trim());
  } catch {
    throw new InvalidArgumentError('expected a run id such as r_0m5x8k2a1000a1b2c3d4 (the RUN column of `evolve history`)');
  }
}

/** One status or a comma-separated list: `failed`, `failed,timed_out`. */
export function parseRunStatuses(value: string): RunStatus[] {
  const wanted = value.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  const known = RUN_STATUSES as readonly string[];
  const bad = wanted.filter((s) => !known.includes(s));
  if (wanted.length === 0 || bad.length > 0) {
    throw new InvalidArgumentError(`${bad.length > 0 ? `unknown status ${bad.map((b) => `'${b}'`).join(', ')}; ` : ''}use ${RUN_STATUSES.join(', ')} (comma-separated for several)`);
  }
  return wanted as RunStatus[];
}

/** An ISO-8601 date (UTC midnight) or date and time. */
export function parseInstant(value: string): number {
  const instant = /^\d{4}-\d{2}-\d{2}/.test(value.trim()) ? Date.parse(value.trim()) : Number.NaN;
  if (Number.isNaN(instant)) throw new InvalidArgumentError('expected an ISO-8601 date or time, such as 2026-11-27 (UTC midnight) or 2026-11-27T14:30:00Z');
  return instant;
}

const AGO_UNIT_MS: Readonly<Record<string, number>> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `--since`: how long ago (`30m`, `24h`, `7d`, `2w`) or an ISO-8601 instant; epoch ms. */
export function parseSince(value: string, now = Date.now()): number {
  const ago = /^\s*(\d+)\s*([mhdw])\s*$/.exec(value);
  if (ago !== null) return now - Number(ago[1]) * AGO_UNIT_MS[ago[2]!]!;
  try {
    return parseInstant(value);
  } catch {
    throw new InvalidArgumentError('expected how long ago (30m, 24h, 7d, 2w) or an ISO-8601 date or time, such as 2026-11-27T14:30:00Z');
  }
}

/** An alert severity: info, warning or critical (any case). */
export function parseAlertSeverity(value: string): AlertSeverity {
  const lower = value.trim().toLowerCase();
  const severity = ALERT_SEVERITIES.find((s) => s === lower);
  if (!severity) throw new InvalidArgumentError(`use one of ${ALERT_SEVERITIES.join(', ')}`);
  return severity;
}

/** Collects repeated `--param key=value` options. */
export function collect(value: string, previous: readonly string[] = []): string[] {
  return [...previous, value];
}

/** A parameter value: JSON when it parses as JSON (7, true, null, [1,2], {"a":1}, "quoted"), else the text itself. */
function paramValue(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Run parameters from `--params-json '{…}'` and `--param key=value` (the latter win). */
export function parseRunParameters(pairs: readonly string[], json: string | undefined): Record<string, unknown> {
  const parameters: Record<string, unknown> = {};
  if (json !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch (error) {
      throw new EvolveError('EVOLVE_USAGE', `--params-json is not valid JSON (${(error as Error).message}): pass an object such as '{"symbol":"AAPL","days":7}'`);
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new EvolveError('EVOLVE_USAGE', `--params-json must be a JSON object such as '{"symbol":"AAPL"}', not ${Array.isArray(parsed) ? 'an array' : parsed === null ? 'null' : typeof parsed}`);
    }
    Object.assign(parameters, parsed);
  }
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new EvolveError('EVOLVE_USAGE', `--param expects key=value (such as --param symbol=AAPL), got '${pair}'`);
    parameters[pair.slice(0, eq).trim()] = paramValue(pair.slice(eq + 1));
  }
  return parameters;
}
