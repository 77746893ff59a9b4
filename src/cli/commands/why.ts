/** `evolve why <task>`: why a task is not running now, in sentences. */
import { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import type { CommandHost } from '../command-host.js';

async function why(ctx: CliContext, task: string): Promise<number> {
  const { report, running } = await ctx.withOrchestrator('read-only', async (orchestrator) => ({
    report: await orchestrator.why(task),
    running: (await orchestrator.getSystemStatus()).orchestratorRunning,
  }));
  if (ctx.json) {
    ctx.out.json(report);
    return 0;
  }
  ctx.out.line(`${report.task}: ${report.state}`);
  for (const reason of report.reasons) ctx.out.line(`  - ${reason}`);
  // The report reads the store; when nothing runs on it, that is the first reason nothing happens.
  if (!running) ctx.out.line('  - no orchestrator is running on this store: scheduled runs start only under `evolve start`');
  else if (report.reasons.length === 0) ctx.out.line('  (nothing holds it back)');
  return 0;
}

export function whyCommand(host: CommandHost): Command {
  return new Command('why')
    .description('explain why a task is not running now: disabled, waiting on a dependency, a false condition, or when it fires next')
    .argument('<task>', 'task name')
    .action(host.action(why));
}
