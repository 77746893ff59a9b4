/**
 * `evolve exec "<command>"`: the system command language from the terminal (`forecast AAPL 7d`,
 * `sync AAPL MSFT`, `status`, `help`). A task command runs its task once, as `evolve run` does
 * (here, or handed to the orchestrator that holds the store), and prints the run; an invalid
 * command exits 2 with the valid forms, and records nothing.
 */
import { Command } from 'commander';
import { formatCommand, helpText } from '../../commands/index.js';
import { resolveSystemCommand } from '../../engine/system-command-runner.js';
import type { CliContext } from '../cli-context.js';
import type { CommandHost } from '../command-host.js';
import { collect, parseRunParameters } from '../option-parsers.js';
import { printOutcome, runTaskOnce } from './run.js';
import { printStatus } from './status.js';

interface ExecOptions {
  param: string[];
  paramsJson?: string;
}

async function exec(ctx: CliContext, words: string[], options: ExecOptions): Promise<number> {
  const config = ctx.loadConfig();
  const given = parseRunParameters(options.param, options.paramsJson);
  const command = resolveSystemCommand(words.join(' '), given, [...config.tasks.values()]);
  const canonical = formatCommand(command);
  switch (command.kind) {
    case 'help': {
      const text = helpText(command.args.topic);
      if (ctx.json) ctx.out.json({ command: canonical, kind: 'help', result: text });
      else ctx.out.line(text);
      return 0;
    }
    case 'status': {
      const status = await ctx.withOrchestrator('read-only', (orchestrator) => orchestrator.getSystemStatus());
      if (ctx.json) ctx.out.json({ command: canonical, kind: 'status', result: status });
      else printStatus(ctx, status);
      return 0;
    }
    case 'task': {
      const outcome = await runTaskOnce(ctx, config, command.task, command.parameters, 'command');
      if (ctx.json) ctx.out.json({ command: canonical, kind: 'task', task: command.task, ...outcome, result: outcome.run.status === 'succeeded' ? outcome.run.result : null });
      else {
        ctx.out.line(`command   ${canonical} → task ${command.task}`);
        printOutcome(ctx, outcome);
      }
      return outcome.run.status === 'succeeded' ? 0 : 1;
    }
    default: {
      const exhaustive: never = command;
      return exhaustive;
    }
  }
}

export function execCommand(host: CommandHost): Command {
  return new Command('exec')
    .description('run a system command such as "forecast AAPL 7d" (`evolve exec help` lists them); exit 0 when its run succeeded')
    .argument('<command...>', 'the command, quoted or as separate words')
    .option('--param <key=value>', 'an extra run parameter (repeatable), as for evolve run', collect, [])
    .option('--params-json <json>', 'extra run parameters as one JSON object')
    .action(host.action(exec));
}
