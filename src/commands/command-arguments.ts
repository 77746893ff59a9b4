/**
 * The argument types of the system command language and their parsers. Each parser takes one
 * whitespace-free token and returns the typed value or throws an ArgumentError, which the command
 * parser turns into a SystemCommandError carrying the command's usage.
 */
import { closest } from '../closest-name.js';
import { parseRunId, type RunId } from '../model/ids.js';
import { CommandErrorKind, quoteToken } from './command-error.js';

/** Raised by an argument parser; never leaves src/commands (the command parser wraps it). */
export class ArgumentError extends Error {
  readonly kind: CommandErrorKind;
  readonly suggestion: string | null;

  constructor(kind: CommandErrorKind, reason: string, suggestion: string | null = null) {
    super(reason);
    this.name = 'ArgumentError';
    this.kind = kind;
    this.suggestion = suggestion;
  }
}

// ---------------------------------------------------------------------------------------------
// Symbols

/** A raw token is checked in ASCII before upper-casing: `'ß'.toUpperCase()` is `'SS'`. */
const SYMBOL = /^[A-Za-z0-9.^/-]{1,10}$/;
const HAS_LETTER_OR_DIGIT = /[A-Za-z0-9]/;

/** `aapl` → `AAPL`; `BRK.B`, `BTC-USD`, `^GSPC`, `EUR/USD` as they are. */
export function parseSymbol(token: string): string {
  if (!SYMBOL.test(token) || !HAS_LETTER_OR_DIGIT.test(token)) {
    throw new ArgumentError(
      CommandErrorKind.badSymbol,
      `${quoteToken(token)} is not a symbol: use 1 to 10 letters, digits or . - ^ / with at least one letter or digit, such as AAPL, BRK.B, BTC-USD, ^GSPC or EUR/USD.`,
    );
  }
  return token.toUpperCase();
}

/** Zero or more symbols, upper-cased, each kept once in the order first given. */
export function parseSymbols(tokens: readonly string[]): string[] {
  return [...new Set(tokens.map(parseSymbol))];
}

// ---------------------------------------------------------------------------------------------
// Horizons and periods

/**
 * Calendar days per unit. Calendar rather than trading days because the parser knows no exchange
 * calendar: the agent converts to sessions with the calendar of the symbol's market.
 */
export const DAYS_PER_UNIT = { d: 1, w: 7, m: 30, y: 365 } as const;
type DurationUnit = keyof typeof DAYS_PER_UNIT;

/** A forecast reaches at most 5 years ahead. */
export const MAX_HORIZON_DAYS = 5 * DAYS_PER_UNIT.y;
/** A performance or backtest window reaches at most 20 years back. */
export const MAX_PERIOD_DAYS = 20 * DAYS_PER_UNIT.y;

const DURATION = /^(\d{1,6})([dwmy])$/i;

interface Duration {
  /** Canonical text: the count without leading zeros and a lower-case unit (`07D` → `7d`). */
  text: string;
  days: number;
}

function parseDuration(token: string): Duration | null {
  const match = DURATION.exec(token);
  if (!match) return null;
  const count = Number(match[1]);
  const unit = (match[2] ?? 'd').toLowerCase() as DurationUnit;
  return { text: `${count}${unit}`, days: count * DAYS_PER_UNIT[unit] };
}

function daysText(days: number): string {
  return days === 1 ? '1 day' : `${days} days`;
}

export interface Horizon {
  /** Canonical text such as `7d`, `2w`, `3m`, `1y`. */
  horizon: string;
  /** Calendar days: d = 1, w = 7, m = 30, y = 365. */
  horizonDays: number;
}

const HORIZON_FORMS = 'a whole number followed by d, w, m or y (days, weeks, 30-day months, 365-day years), such as 7d, 2w, 1m, 3m or 1y';

/** `7d`, `2w`, `1m`, `3m`, `1y`, `10d` …: between 1 day and 5 years. */
export function parseHorizon(token: string): Horizon {
  const duration = parseDuration(token);
  if (duration === null) {
    throw new ArgumentError(CommandErrorKind.badHorizon, `${quoteToken(token)} is not a horizon: use ${HORIZON_FORMS}.`);
  }
  if (duration.days < 1 || duration.days > MAX_HORIZON_DAYS) {
    throw new ArgumentError(
      CommandErrorKind.badHorizon,
      `horizon ${quoteToken(token)} is ${daysText(duration.days)}: a horizon must be between 1 day and 5 years (${MAX_HORIZON_DAYS} days), such as 7d or 1y.`,
    );
  }
  return { horizon: duration.text, horizonDays: duration.days };
}

export interface Period {
  /** Canonical text: a duration such as `1m`, or `ytd` (year to date), or `all` (all history). */
  period: string;
  /** Calendar days of a duration; null for `ytd` and `all`, which depend on the date and the data. */
  periodDays: number | null;
}

const PERIOD_WORDS = ['ytd', 'all'] as const;

/** `1d`, `1w`, `1m`, `3m`, `6m`, `1y` … (1 day to 20 years), `ytd` or `all`. */
export function parsePeriod(token: string): Period {
  const lower = token.toLowerCase();
  if ((PERIOD_WORDS as readonly string[]).includes(lower)) return { period: lower, periodDays: null };
  const duration = parseDuration(token);
  if (duration === null) {
    throw new ArgumentError(CommandErrorKind.badPeriod, `${quoteToken(token)} is not a period: use ytd, all, or ${HORIZON_FORMS}.`);
  }
  if (duration.days < 1 || duration.days > MAX_PERIOD_DAYS) {
    throw new ArgumentError(
      CommandErrorKind.badPeriod,
      `period ${quoteToken(token)} is ${daysText(duration.days)}: a period must be between 1 day and 20 years (${MAX_PERIOD_DAYS} days), or ytd or all.`,
    );
  }
  return { period: duration.text, periodDays: duration.days };
}

// ---------------------------------------------------------------------------------------------
// Explain targets

export type ExplainTarget =
  /** The latest run of the explanation's subject, as the agent defines it. */
  | { target: 'last' }
  /** One run of the orchestrator. */
  | { target: 'run'; runId: RunId }
  /** One trade of the platform. */
  | { target: 'trade'; tradeId: string };

/** The platform's trade ids as far as the language is concerned: `trd_` and up to 60 of A–Z a–z 0–9 _ -. */
const TRADE_ID = /^trd_[A-Za-z0-9_-]{1,60}$/i;

/** `last`, a run id (`r_` + 20 characters, see model/ids.ts) or a trade id (`trd_…`). */
export function parseExplainTarget(token: string): ExplainTarget {
  const lower = token.toLowerCase();
  if (lower === 'last') return { target: 'last' };
  if (lower.startsWith('r_')) {
    try {
      return { target: 'run', runId: parseRunId(lower) };
    } catch {
      throw new ArgumentError(CommandErrorKind.badTarget, `${quoteToken(token)} is not a run id: a run id is r_ followed by 20 letters and digits, as shown by evolve history.`);
    }
  }
  if (TRADE_ID.test(token)) return { target: 'trade', tradeId: `trd_${token.slice(4)}` };
  throw new ArgumentError(
    CommandErrorKind.badTarget,
    `${quoteToken(token)} is not something to explain: use last, a run id (r_…) or a trade id (trd_…).`,
  );
}

export function formatExplainTarget(target: ExplainTarget): string {
  switch (target.target) {
    case 'last':
      return 'last';
    case 'run':
      return target.runId;
    case 'trade':
      return target.tradeId;
    default: {
      const unreachable: never = target;
      return unreachable;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Strategies

/** The strategies `backtest` knows. */
export const STRATEGIES = ['momentum', 'mean_reversion', 'buy_and_hold'] as const;
export type Strategy = (typeof STRATEGIES)[number];

/** Case-insensitive; `-` reads as `_` (`Mean-Reversion` → `mean_reversion`). */
export function parseStrategy(token: string): Strategy {
  const name = token.toLowerCase().replaceAll('-', '_');
  const strategy = STRATEGIES.find((s) => s === name);
  if (strategy !== undefined) return strategy;
  const near = nearestName(name, STRATEGIES);
  const hint = near === null ? '' : ` (did you mean '${near}'?)`;
  throw new ArgumentError(
    CommandErrorKind.unknownStrategy,
    `unknown strategy ${quoteToken(token)}${hint}: use ${STRATEGIES.slice(0, -1).join(', ')} or ${STRATEGIES.at(-1) ?? ''}.`,
    near,
  );
}

// ---------------------------------------------------------------------------------------------
// Suggestions

/** Only so much of a long word is compared: levenshtein is quadratic. */
const COMPARED_LENGTH = 40;

/** The candidate a misspelt word most likely meant (closest-name.ts), comparing at most COMPARED_LENGTH characters. */
export function nearestName(word: string, candidates: readonly string[]): string | null {
  return closest(word.slice(0, COMPARED_LENGTH), candidates);
}
