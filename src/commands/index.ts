// The system command language's public surface.
export {
  parseSystemCommand,
  parseSystemCommandOrThrow,
  formatCommand,
  MAX_COMMAND_LENGTH,
  type ParsedCommand,
  type CommandOf,
  type CommandParameters,
  type SystemCommandResult,
} from './system-command.js';
export { helpText, commandList } from './command-help.js';
export {
  COMMANDS,
  COMMAND_NAMES,
  DEFAULT_PERFORMANCE_PERIOD,
  type CommandName,
  type TaskCommandName,
  type BuiltinCommandName,
  type CommandArguments,
  type CommandSpec,
} from './command-table.js';
export {
  STRATEGIES,
  DAYS_PER_UNIT,
  MAX_HORIZON_DAYS,
  MAX_PERIOD_DAYS,
  type Strategy,
  type Horizon,
  type Period,
  type ExplainTarget,
} from './command-arguments.js';
export { type OptionValue } from './command-options.js';
export { SystemCommandError, CommandErrorKind, type CommandIssue } from './command-error.js';
