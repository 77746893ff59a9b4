/**
 * The `evolve` command. `main` parses the arguments, runs one command and returns its exit code;
 * bin/evolve.js sets process.exitCode from it (nothing here calls process.exit).
 *
 * Exit codes: 0 success; 1 a failure (a run that did not succeed, a failed check, an unexpected
 * error); 2 bad usage or configuration (unknown command/option/task, invalid config, a feature not
 * built yet); 3 the store is held by another process or failed; 130 a second signal during stop.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { describeError, EvolveError } from '../errors.js';
import { translateLegacyArgs } from './args.js';
import { DEFAULT_CONFIG } from './cli-context.js';
import { CommandHost } from './command-host.js';
import { agentsCommand } from './commands/agents.js';
import { apiCommand } from './commands/api.js';
import { calendarCommand } from './commands/calendar.js';
import { checkCommand } from './commands/check.js';
import { configCommand } from './commands/config.js';
import { historyCommand } from './commands/history.js';
import { auditCommand } from './commands/audit.js';
import { backupCommand, restoreCommand } from './commands/backup.js';
import { alertsCommand } from './commands/alerts.js';
import { execCommand } from './commands/exec.js';
import { monitorCommand } from './commands/monitor.js';
import { reportCommand } from './commands/report.js';
import { runCommand } from './commands/run.js';
import { scheduleCommand } from './commands/schedule.js';
import { startCommand } from './commands/start.js';
import { statusCommand } from './commands/status.js';
import { tasksCommand } from './commands/tasks.js';
import { whyCommand } from './commands/why.js';
import { parseLogLevel } from './option-parsers.js';
import { Output } from './output.js';

const USAGE_EXIT = 2;

/** The package's version (package.json sits two folders above both src/cli and dist/cli). */
function version(): string {
  const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  const parsed: unknown = JSON.parse(text);
  const value = parsed !== null && typeof parsed === 'object' ? (parsed as { version?: unknown }).version : undefined;
  return typeof value === 'string' ? value : 'unknown';
}

function buildProgram(host: CommandHost): Command {
  const program = new Command('evolve')
    .description('Evolve Orchestrator: a durable, market-aware task orchestrator for a trading platform')
    .version(version(), '-V, --version')
    .option('--config <path>', `configuration file (default: ${DEFAULT_CONFIG} under the working folder)`)
    .option('--env <name>', 'environment from the configuration to apply (default: $EVOLVE_ENV)')
    .option('--data-dir <dir>', 'folder for the database, logs and reports (overrides store.data_dir)')
    .addOption(new Option('--log-level <level>', 'trace, debug, info, warn, error or fatal (any case)').argParser(parseLogLevel))
    .option('--json', 'machine-readable JSON on stdout')
    .showSuggestionAfterError(true)
    .showHelpAfterError('(run `evolve --help` for the commands and options)')
    .exitOverride()
    .configureOutput({ writeOut: (text) => host.out.line(text.replace(/\n$/, '')), writeErr: (text) => host.out.error(text.replace(/\n$/, '')) })
    .addHelpText(
      'after',
      '\nThe original spellings work too: --check, --status, --standalone, --integrated, --monitor --duration N.',
    );
  for (const make of [checkCommand, startCommand, statusCommand, tasksCommand, runCommand, historyCommand, whyCommand, alertsCommand, auditCommand, reportCommand, backupCommand, restoreCommand, configCommand, agentsCommand, calendarCommand, scheduleCommand, apiCommand, monitorCommand, execCommand]) {
    program.addCommand(make(host));
  }
  // Subcommands report their errors through the program's settings.
  for (const command of program.commands) inheritErrorHandling(command, program);
  return program;
}

function inheritErrorHandling(command: Command, program: Command): void {
  command.exitOverride().showSuggestionAfterError(true).configureOutput(program.configureOutput());
  for (const sub of command.commands) inheritErrorHandling(sub, program);
}

/** Commander's own exits: help and version are successes; the rest are usage errors (it printed them). */
function commanderExit(error: CommanderError): number {
  switch (error.code) {
    case 'commander.helpDisplayed':
    case 'commander.version':
      return 0;
    case 'commander.executeSubCommandAsync':
      return error.exitCode;
    default:
      return USAGE_EXIT;
  }
}

function wantsStack(program: Command | null): boolean {
  const level: unknown = program?.opts<{ logLevel?: unknown }>().logLevel;
  return level === 'debug' || level === 'trace';
}

function reportError(error: unknown, out: Output, program: Command | null): number {
  if (error instanceof CommanderError) return commanderExit(error);
  if (error instanceof EvolveError) {
    // A ConfigError's message already lists each issue on its own line.
    out.error(`error: ${error.message}`);
    if (wantsStack(program) && error.stack) out.error(error.stack);
    return error.exitCode;
  }
  out.error(`error: ${describeError(error)}`);
  if (wantsStack(program) && error instanceof Error && error.stack) out.error(error.stack);
  else out.error('(run with --log-level debug to see where it happened)');
  return 1;
}

export async function main(argv: string[], out: Output = new Output()): Promise<number> {
  const host = new CommandHost(out);
  let program: Command | null = null;
  try {
    const args = translateLegacyArgs(argv);
    program = buildProgram(host);
    await program.parseAsync(args, { from: 'user' });
    return host.exitCode;
  } catch (error) {
    return reportError(error, out, program);
  }
}
