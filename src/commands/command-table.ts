/**
 * The system command language as data: one entry per command with its usage, its summary, the
 * default task it runs, the parameter fields its arguments set, and how to parse and print them.
 * docs/commands.md describes the same table for users; a test keeps the two in step.
 */
import { parseTaskName, type TaskName } from '../model/ids.js';
import { TaskType } from '../model/task.js';
import {
  ArgumentError,
  formatExplainTarget,
  nearestName,
  parseExplainTarget,
  parseHorizon,
  parsePeriod,
  parseStrategy,
  parseSymbol,
  parseSymbols,
  type ExplainTarget,
  type Horizon,
  type Period,
  type Strategy,
} from './command-arguments.js';
import { CommandErrorKind, quoteToken } from './command-error.js';

/** Every command, in the order the reference lists them. */
export const COMMAND_NAMES = [
  'forecast',
  'analyze',
  'sentiment',
  'risk',
  'execute',
  'explain',
  'sync',
  'performance',
  'backtest',
  'status',
  'help',
] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

/** Commands answered by the orchestrator itself rather than by running a task. */
export type BuiltinCommandName = 'status' | 'help';
export type TaskCommandName = Exclude<CommandName, BuiltinCommandName>;

type NoArguments = Record<never, never>;

/** The period `performance` reports when none is given. */
export const DEFAULT_PERFORMANCE_PERIOD = '1m';

/** The typed arguments of each command; they become parameters of the run under these names. */
export interface CommandArguments {
  forecast: { symbol: string } & Horizon;
  analyze: { symbol: string };
  sentiment: { symbol: string };
  /** No symbols: the whole portfolio. */
  risk: { symbols: readonly string[] };
  execute: NoArguments;
  explain: ExplainTarget;
  /** No symbols: every symbol the platform tracks. */
  sync: { symbols: readonly string[] };
  performance: Period;
  backtest: { strategy: Strategy; symbol: string } & Period;
  status: NoArguments;
  /** null: the whole reference. */
  help: { topic: CommandName | null };
}

export interface CommandSpec<N extends CommandName> {
  readonly name: N;
  /** `forecast <SYMBOL> <horizon: 7d|2w|1m|3m|1y>`: `<…>` required, `[…]` optional, `…` repeatable. */
  readonly usage: string;
  readonly summary: string;
  readonly example: string;
  /** The default task the command runs; null for the commands the orchestrator answers itself. */
  readonly task: TaskName | null;
  readonly minArgs: number;
  /** Infinity: any number. */
  readonly maxArgs: number;
  /** The parameter names the arguments own: a `key=value` option may not set them. */
  readonly fields: readonly string[];
  /** Parses exactly the positional tokens (their count is already checked); throws ArgumentError. */
  parse(tokens: readonly string[]): CommandArguments[N];
  /** The canonical tokens of parsed arguments: parse(format(a)) deep-equals a. */
  format(args: Readonly<CommandArguments[N]>): string[];
}

function task(type: TaskType): TaskName {
  return parseTaskName(type);
}

/** Token i of a list whose length the arity check has already guaranteed. */
function at(tokens: readonly string[], index: number): string {
  const token = tokens[index];
  if (token === undefined) throw new Error(`bug: argument ${index} missing after the arity check`);
  return token;
}

function isCommandName(word: string): word is CommandName {
  return (COMMAND_NAMES as readonly string[]).includes(word);
}

/** `help <command>`: the topic must itself be a command. */
function parseTopic(token: string): CommandName {
  const lower = token.toLowerCase();
  if (isCommandName(lower)) return lower;
  const near = nearestName(token, COMMAND_NAMES);
  const hint = near === null ? '' : ` (did you mean '${near}'?)`;
  throw new ArgumentError(CommandErrorKind.unknownTopic, `${quoteToken(token)} is not a command${hint}: ask help about one of ${COMMAND_NAMES.join(', ')}.`, near);
}

const symbolSpec = <N extends 'analyze' | 'sentiment'>(name: N, summary: string, taskType: TaskType): CommandSpec<N> =>
  ({
    name,
    usage: `${name} <SYMBOL>`,
    summary,
    example: `${name} AAPL`,
    task: task(taskType),
    minArgs: 1,
    maxArgs: 1,
    fields: ['symbol'],
    parse: (tokens) => ({ symbol: parseSymbol(at(tokens, 0)) }),
    format: (args) => [args.symbol],
  }) as CommandSpec<N>;

const symbolListSpec = <N extends 'risk' | 'sync'>(name: N, summary: string, taskType: TaskType): CommandSpec<N> =>
  ({
    name,
    usage: `${name} [SYMBOL…]`,
    summary,
    example: `${name} AAPL MSFT`,
    task: task(taskType),
    minArgs: 0,
    maxArgs: Infinity,
    fields: ['symbols'],
    parse: (tokens) => ({ symbols: parseSymbols(tokens) }),
    format: (args) => [...args.symbols],
  }) as CommandSpec<N>;

/** The language. Keyed by name so each entry's parse and format are checked against its arguments. */
export const COMMANDS: { readonly [N in CommandName]: CommandSpec<N> } = {
  forecast: {
    name: 'forecast',
    usage: 'forecast <SYMBOL> <horizon: 7d|2w|1m|3m|1y>',
    summary: "forecast a symbol's price over a horizon of 1 day to 5 years",
    example: 'forecast AAPL 7d',
    task: task(TaskType.MARKET_ANALYSIS),
    minArgs: 2,
    maxArgs: 2,
    fields: ['symbol', 'horizon', 'horizonDays'],
    parse: (tokens) => ({ symbol: parseSymbol(at(tokens, 0)), ...parseHorizon(at(tokens, 1)) }),
    format: (args) => [args.symbol, args.horizon],
  },
  analyze: symbolSpec('analyze', 'analyse the market of one symbol (trend, volatility, regime)', TaskType.MARKET_ANALYSIS),
  sentiment: symbolSpec('sentiment', 'fetch and score news and social sentiment for one symbol', TaskType.SENTIMENT_FETCH),
  risk: symbolListSpec('risk', 'assess the risk of the given symbols, or of the whole portfolio', TaskType.RISK_MANAGEMENT),
  execute: {
    name: 'execute',
    usage: 'execute',
    summary: 'execute the pending orders of the current signals',
    example: 'execute',
    task: task(TaskType.EXECUTION),
    minArgs: 0,
    maxArgs: 0,
    fields: [],
    parse: () => ({}),
    format: () => [],
  },
  explain: {
    name: 'explain',
    usage: 'explain <last|run-id|trade-id>',
    summary: 'explain the last decision, a run (r_…) or a trade (trd_…)',
    example: 'explain last',
    task: task(TaskType.EXPLANATION),
    minArgs: 1,
    maxArgs: 1,
    fields: ['target', 'runId', 'tradeId'],
    parse: (tokens) => parseExplainTarget(at(tokens, 0)),
    format: (args) => [formatExplainTarget(args)],
  },
  sync: symbolListSpec('sync', 'synchronise market data for the given symbols, or for all of them', TaskType.DATA_SYNC),
  performance: {
    name: 'performance',
    usage: 'performance [period: 1d|1w|1m|3m|6m|1y|ytd|all]',
    summary: 'report trading performance over a period (default 1m)',
    example: 'performance ytd',
    task: task(TaskType.PERFORMANCE_ANALYSIS),
    minArgs: 0,
    maxArgs: 1,
    fields: ['period', 'periodDays'],
    parse: (tokens) => parsePeriod(tokens[0] ?? DEFAULT_PERFORMANCE_PERIOD),
    format: (args) => [args.period],
  },
  backtest: {
    name: 'backtest',
    usage: 'backtest <momentum|mean_reversion|buy_and_hold> <SYMBOL> <period: 6m|1y|5y|ytd|all>',
    summary: 'backtest a strategy on one symbol over a period of 1 day to 20 years',
    example: 'backtest momentum AAPL 1y',
    task: task(TaskType.STRATEGY_BACKTESTING),
    minArgs: 3,
    maxArgs: 3,
    fields: ['strategy', 'symbol', 'period', 'periodDays'],
    parse: (tokens) => ({ strategy: parseStrategy(at(tokens, 0)), symbol: parseSymbol(at(tokens, 1)), ...parsePeriod(at(tokens, 2)) }),
    format: (args) => [args.strategy, args.symbol, args.period],
  },
  status: {
    name: 'status',
    usage: 'status',
    summary: "show the orchestrator's status and health",
    example: 'status',
    task: null,
    minArgs: 0,
    maxArgs: 0,
    fields: [],
    parse: () => ({}),
    format: () => [],
  },
  help: {
    name: 'help',
    usage: 'help [command]',
    summary: 'show this reference, or the usage and an example of one command',
    example: 'help forecast',
    task: null,
    minArgs: 0,
    maxArgs: 1,
    fields: ['topic'],
    parse: (tokens) => ({ topic: tokens[0] === undefined ? null : parseTopic(tokens[0]) }),
    format: (args) => (args.topic === null ? [] : [args.topic]),
  },
};


export function commandSpec<N extends CommandName>(name: N): CommandSpec<N> {
  return COMMANDS[name];
}

/** The command a (lower-cased) word names, if any. */
export function lookupCommand(word: string): CommandName | null {
  return isCommandName(word) ? word : null;
}
