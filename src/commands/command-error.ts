/**
 * Why a system command was refused. Every refusal is a SystemCommandError (code
 * EVOLVE_COMMAND_INVALID, HTTP 400, CLI exit 2) whose message is one sentence naming the bad
 * value, followed by the usage that shows the fix.
 */
import { EvolveError } from '../errors.js';

export const CommandErrorKind = {
  /** The input is not a string (a JavaScript caller passed something else). */
  notText: 'not_text',
  /** The input is longer than MAX_COMMAND_LENGTH characters; nothing else was looked at. */
  tooLong: 'too_long',
  /** The input is empty or only whitespace. */
  empty: 'empty',
  /** The first word names no command. */
  unknownCommand: 'unknown_command',
  /** Too few or too many arguments for the command. */
  arity: 'arity',
  /** A symbol is not 1–10 of A–Z, 0–9, `.`, `-`, `^`, `/`. */
  badSymbol: 'bad_symbol',
  /** A forecast horizon is malformed or outside 1 day .. 5 years. */
  badHorizon: 'bad_horizon',
  /** A performance or backtest period is malformed or out of range. */
  badPeriod: 'bad_period',
  /** `explain` names neither `last`, a run id nor a trade id. */
  badTarget: 'bad_target',
  /** `backtest` names a strategy that does not exist. */
  unknownStrategy: 'unknown_strategy',
  /** `help` names a command that does not exist. */
  unknownTopic: 'unknown_topic',
  /** A `key=value` option is malformed, repeated, or sets a field the arguments set. */
  badOption: 'bad_option',
  /** The parameters object is not a plain object. */
  badParameters: 'bad_parameters',
  /** Two sources (arguments, options, parameters) give one key different values. */
  conflict: 'conflict',
} as const;
export type CommandErrorKind = (typeof CommandErrorKind)[keyof typeof CommandErrorKind];

export interface CommandIssue {
  kind: CommandErrorKind;
  /** One sentence: what is wrong, naming the value. */
  reason: string;
  /** The usage to show after the reason (one line per command for an unknown command); null: none fits. */
  usage: string | null;
  /** The nearest valid word (command, strategy), when one is near enough to be what was meant. */
  suggestion: string | null;
  /** The command whose arguments were refused; null when the command word itself was the problem. */
  command: string | null;
}

export class SystemCommandError extends EvolveError {
  readonly issue: CommandIssue;

  constructor(issue: CommandIssue) {
    super('EVOLVE_COMMAND_INVALID', issue.usage === null ? issue.reason : `${issue.reason}\n${issue.usage}`);
    this.name = 'SystemCommandError';
    this.issue = issue;
  }

  get kind(): CommandErrorKind {
    return this.issue.kind;
  }
}

/** Longest part of a bad token a message shows; the rest is cut with an ellipsis. */
const QUOTE_MAX = 40;

/**
 * A user's token as it appears in a message: single-quoted, cut to 40 characters, with control
 * characters escaped so a message always stays on its lines.
 */
export function quoteToken(token: string): string {
  const chars = [...token];
  const cut = chars.length > QUOTE_MAX ? `${chars.slice(0, QUOTE_MAX).join('')}…` : token;
  const safe = cut.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `'${safe}'`;
}
