/** The command reference: every usage with its summary and the task it runs. */
import { COMMAND_NAMES, COMMANDS, type CommandName } from './command-table.js';

function taskNote(name: CommandName): string {
  const task = COMMANDS[name].task;
  return task === null ? 'answered by the orchestrator, runs no task' : `runs task ${task}`;
}

/** `valid commands:` and one indented usage per line: the usage shown when the command word is wrong. */
export function commandList(): string {
  return ['valid commands:', ...COMMAND_NAMES.map((name) => `  ${COMMANDS[name].usage}`)].join('\n');
}

/**
 * The reference of every command (usage, then summary and task), or of one command with an
 * example: the text a `help` command is answered with.
 */
export function helpText(topic?: CommandName | null): string {
  if (topic !== undefined && topic !== null) {
    const spec = COMMANDS[topic];
    return [`usage: ${spec.usage}`, `  ${spec.summary} (${taskNote(topic)})`, `  example: ${spec.example}`].join('\n');
  }
  const entries = COMMAND_NAMES.flatMap((name) => [`  ${COMMANDS[name].usage}`, `      ${COMMANDS[name].summary} (${taskNote(name)})`]);
  return [
    'System commands: <…> required, […] optional, … repeatable; the command word is case-insensitive.',
    ...entries,
    '',
    'Symbols: 1 to 10 of A-Z 0-9 . - ^ /, upper-cased (AAPL, BRK.B, BTC-USD, ^GSPC, EUR/USD).',
    'Horizons and periods: a whole number and d, w, m or y, in calendar days (w = 7, m = 30, y = 365).',
    'Options: key=value after the arguments go to the agent as parameters; numbers and true/false are typed.',
  ].join('\n');
}
