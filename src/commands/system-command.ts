/**
 * The system command parser: one line such as `forecast AAPL 7d` becomes the task to run and its
 * typed parameters (the original's `execute_system_command("forecast AAPL 7d")`). Pure: no clock,
 * no I/O, no registry; docs/commands.md is the user's reference.
 *
 * Grammar: `<command> <argument>… [key=value]…`, whitespace-separated, no quoting. The command
 * word is case-insensitive; a token containing `=` is an option, any other is an argument.
 */
import type { TaskName } from '../model/ids.js';
import { ArgumentError, nearestName } from './command-arguments.js';
import { CommandErrorKind, SystemCommandError, quoteToken, type CommandIssue } from './command-error.js';
import { commandList } from './command-help.js';
import { formatOptionValue, mergeParameters, parseOptions, type OptionValue } from './command-options.js';
import {
  COMMAND_NAMES,
  COMMANDS,
  lookupCommand,
  type CommandArguments,
  type CommandName,
  type CommandSpec,
  type TaskCommandName,
} from './command-table.js';

/** Longer input is refused before it is split: a command is one short line. */
export const MAX_COMMAND_LENGTH = 500;

/** What the run's agent receives: the caller's parameters, the options, the arguments and `command`. */
export type CommandParameters<N extends CommandName> = Readonly<Record<string, unknown>> &
  Readonly<{ command: N } & CommandArguments[N]>;

export interface CommandOf<N extends CommandName> {
  /** `task`: run `task`; `status` and `help`: the orchestrator answers itself. */
  readonly kind: N extends TaskCommandName ? 'task' : N;
  readonly name: N;
  readonly task: N extends TaskCommandName ? TaskName : null;
  /** The typed arguments, also present in `parameters` under the same keys. */
  readonly args: Readonly<CommandArguments[N]>;
  /** The `key=value` options of the text, typed; also present in `parameters`. */
  readonly options: Readonly<Record<string, OptionValue>>;
  readonly parameters: CommandParameters<N>;
}

/** A parsed command, discriminated by `name` (and by `kind` for whether a task runs). */
export type ParsedCommand = { [N in CommandName]: CommandOf<N> }[CommandName];

export type SystemCommandResult = { ok: true; command: ParsedCommand } | { ok: false; error: SystemCommandError };

/**
 * Parses a system command. Never throws for any input: a refusal is `{ ok: false, error }` with a
 * SystemCommandError (code EVOLVE_COMMAND_INVALID) whose message says what is wrong and the usage.
 * `parameters` (an API body's) are merged into the run's parameters; see command-options.ts.
 */
export function parseSystemCommand(text: string, parameters?: Readonly<Record<string, unknown>> | null): SystemCommandResult {
  try {
    return { ok: true, command: parseSystemCommandOrThrow(text, parameters) };
  } catch (error) {
    if (error instanceof SystemCommandError) return { ok: false, error };
    throw error;
  }
}

/** As parseSystemCommand, but throws the SystemCommandError (and nothing else). */
export function parseSystemCommandOrThrow(text: string, parameters?: Readonly<Record<string, unknown>> | null): ParsedCommand {
  const unknownText: unknown = text;
  if (typeof unknownText !== 'string') {
    refuse(CommandErrorKind.notText, `the command must be text, not ${unknownText === null ? 'null' : typeof unknownText}.`);
  }
  if (text.length > MAX_COMMAND_LENGTH) {
    refuse(CommandErrorKind.tooLong, `the command is ${text.length} characters long, more than the ${MAX_COMMAND_LENGTH} a command may have.`);
  }
  const [word, ...rest] = text.split(/\s+/u).filter((token) => token.length > 0);
  if (word === undefined) refuse(CommandErrorKind.empty, 'the command is empty.');
  const name = lookupCommand(word.toLowerCase());
  if (name === null) {
    const near = nearestName(word, COMMAND_NAMES);
    const hint = near === null ? '' : ` (did you mean '${near}'?)`;
    refuse(CommandErrorKind.unknownCommand, `unknown command ${quoteToken(word)}${hint}.`, near);
  }
  return parseArguments(COMMANDS[name], rest, parameters) as ParsedCommand;
}

/** The canonical text of a command: `parseSystemCommand(formatCommand(c), p)` gives `c` again. */
export function formatCommand(command: ParsedCommand): string {
  return formatOf(command);
}

function formatOf<N extends CommandName>(command: CommandOf<N>): string {
  const spec: CommandSpec<N> = COMMANDS[command.name];
  const options = Object.entries(command.options).map(([key, value]) => `${key}=${formatOptionValue(value)}`);
  return [command.name, ...spec.format(command.args), ...options].join(' ');
}

function parseArguments<N extends CommandName>(spec: CommandSpec<N>, tokens: readonly string[], given: unknown): CommandOf<N> {
  const positional = tokens.filter((token) => !token.includes('='));
  try {
    const options = parseOptions(
      tokens.filter((token) => token.includes('=')),
      [...spec.fields, 'command'],
    );
    checkArity(spec, positional);
    const args = spec.parse(positional);
    const owned = { ...args, command: spec.name };
    const parameters = mergeParameters(owned, spec.fields, options, given);
    const command = {
      kind: spec.task === null ? spec.name : 'task',
      name: spec.name,
      task: spec.task,
      args: deepFreeze(args),
      options: Object.freeze(options),
      parameters: Object.freeze(parameters),
    };
    // The table gives task null exactly to status and help, which is what CommandOf<N> encodes;
    // TypeScript cannot follow a conditional type through a generic N, hence the cast.
    return Object.freeze(command) as unknown as CommandOf<N>;
  } catch (error) {
    if (!(error instanceof ArgumentError)) throw error;
    throw new SystemCommandError({
      kind: error.kind,
      reason: error.message,
      usage: `usage: ${spec.usage}`,
      suggestion: error.suggestion,
      command: spec.name,
    });
  }
}

function checkArity(spec: CommandSpec<CommandName>, positional: readonly string[]): void {
  const count = positional.length;
  if (count >= spec.minArgs && count <= spec.maxArgs) return;
  const expected =
    spec.maxArgs === 0
      ? 'no arguments'
      : spec.minArgs === spec.maxArgs
        ? plural(spec.minArgs, 'argument')
        : spec.minArgs === 0
          ? `at most ${plural(spec.maxArgs, 'argument')}`
          : spec.maxArgs === Infinity
            ? `at least ${plural(spec.minArgs, 'argument')}`
            : `${spec.minArgs} to ${spec.maxArgs} arguments`;
  const got = count === 0 ? 'none' : `${count} (${positional.map(quoteToken).join(' ')})`;
  throw new ArgumentError(CommandErrorKind.arity, `'${spec.name}' takes ${expected}, but got ${got}.`);
}

function plural(n: number, word: string): string {
  return n === 1 ? `1 ${word}` : `${n} ${word}s`;
}

/** The arguments are small JSON-like values: freezing them (and their symbol lists) is cheap. */
function deepFreeze<T extends object>(value: T): Readonly<T> {
  for (const inner of Object.values(value)) {
    if (typeof inner === 'object' && inner !== null) Object.freeze(inner);
  }
  return Object.freeze(value);
}

/** A refusal that concerns no one command: the whole command list is its usage. */
function refuse(kind: CommandErrorKind, reason: string, suggestion: string | null = null): never {
  const issue: CommandIssue = { kind, reason, usage: commandList(), suggestion, command: null };
  throw new SystemCommandError(issue);
}
