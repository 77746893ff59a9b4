/** `evolve report [--out path]`: writes a JSON status report (status, recent runs, alerts). */
import { resolve } from 'node:path';
import { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import type { CommandHost } from '../command-host.js';

async function report(ctx: CliContext, options: { out?: string }): Promise<number> {
  const target = options.out === undefined ? undefined : resolve(options.out);
  const path = await ctx.withOrchestrator('read-only', (orchestrator) => orchestrator.exportStatusReport(target));
  if (ctx.json) ctx.out.json({ path });
  else ctx.out.line(`status report written to ${path}`);
  return 0;
}

export function reportCommand(host: CommandHost): Command {
  return new Command('report')
    .description('write a JSON status report (default: <data dir>/reports/status-<time>.json) and print its path')
    .option('--out <path>', 'write the report to this file')
    .action(host.action(report));
}
