/**
 * `executeSystemCommand("forecast AAPL 7d")`: a command of the system command language
 * (src/commands/) becomes a recorded run of the task it maps to, with the parsed parameters, and
 * the run's result comes back. `status` and `help` are answered without a run. An invalid command,
 * or one whose task the configuration does not define, throws before anything is recorded.
 */
import { formatCommand, helpText, parseSystemCommandOrThrow, type ParsedCommand } from '../commands/index.js';
import { EvolveError } from '../errors.js';
import type { TaskName } from '../model/ids.js';
import type { Run } from '../model/run.js';
import type { TaskConfig } from '../model/task.js';
import type { SystemStatus } from './status.js';

export type SystemCommandOutcome =
  | { command: string; kind: 'help'; result: string }
  | { command: string; kind: 'status'; result: SystemStatus }
  /** The run's final attempt (after retries); `result` is its result, null unless it succeeded. */
  | { command: string; kind: 'task'; task: TaskName; run: Run; result: unknown };

/** What the runner needs of the orchestrator. */
export interface CommandHost {
  tasks(): TaskConfig[];
  getSystemStatus(): Promise<SystemStatus>;
  executeTaskNow(name: string, parameters: Readonly<Record<string, unknown>>, options: { trigger: 'command'; actor?: string }): Promise<Run>;
}

/** Parses `text` and checks that its task exists; throws EvolveError (EVOLVE_COMMAND_INVALID, EVOLVE_TASK_NOT_FOUND). */
export function resolveSystemCommand(text: string, parameters: Readonly<Record<string, unknown>> | undefined, tasks: readonly TaskConfig[]): ParsedCommand {
  const command = parseSystemCommandOrThrow(text, parameters);
  if (command.kind === 'task' && !tasks.some((t) => t.name === command.task)) {
    throw new EvolveError(
      'EVOLVE_TASK_NOT_FOUND',
      `'${command.name}' runs the task '${command.task}', which this configuration does not define: add it under tasks: with the agent that does the work (manual: true is enough for a task that only runs on command)`,
    );
  }
  return command;
}

/** `actor` (who asked) puts a task command's run in the audit trail. */
export async function runSystemCommand(host: CommandHost, text: string, parameters?: Readonly<Record<string, unknown>>, actor?: string): Promise<SystemCommandOutcome> {
  const command = resolveSystemCommand(text, parameters, host.tasks());
  const canonical = formatCommand(command);
  switch (command.kind) {
    case 'help':
      return { command: canonical, kind: 'help', result: helpText(command.args.topic) };
    case 'status':
      return { command: canonical, kind: 'status', result: await host.getSystemStatus() };
    case 'task': {
      const run = await host.executeTaskNow(command.task, command.parameters, { trigger: 'command', actor });
      return { command: canonical, kind: 'task', task: command.task, run, result: run.status === 'succeeded' ? run.result : null };
    }
    default: {
      const exhaustive: never = command;
      return exhaustive;
    }
  }
}
