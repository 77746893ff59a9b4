/** `evolve tasks`: the task table. */
import { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import type { CommandHost } from '../command-host.js';
import { taskTable } from '../task-table.js';

async function tasks(ctx: CliContext): Promise<number> {
  const status = await ctx.withOrchestrator('read-only', (orchestrator) => orchestrator.getSystemStatus());
  if (ctx.json) ctx.out.json(status.tasks);
  else ctx.out.line(taskTable(status.tasks));
  return 0;
}

export function tasksCommand(host: CommandHost): Command {
  return new Command('tasks').description('list the configured tasks with their schedule, next run, last status and health').action(host.action(tasks));
}
