/** `evolve config validate [file]`: loads a configuration and lists every problem in it. */
import { resolve } from 'node:path';
import { Command } from 'commander';
import { ConfigError, EvolveError, formatConfigIssue, type ConfigIssue } from '../../errors.js';
import type { CliContext } from '../cli-context.js';
import type { CommandHost } from '../command-host.js';
import { plural } from '../format.js';

async function validate(ctx: CliContext, file: string | undefined): Promise<number> {
  const path = file === undefined ? ctx.configPath : resolve(file);
  let issues: readonly ConfigIssue[];
  try {
    const config = ctx.loadConfig(path);
    const tasks = [...config.tasks.values()];
    const enabled = tasks.filter((t) => t.enabled).length;
    if (ctx.json) ctx.out.json({ valid: true, file: path, issues: [], tasks: tasks.length, enabledTasks: enabled, environment: config.environment });
    else ctx.out.line(`${ctx.out.mark(true)} ${path} is valid: ${plural(tasks.length, 'task')} (${enabled} enabled), environment ${config.environment ?? '(none)'}`);
    return 0;
  } catch (error) {
    if (error instanceof ConfigError) issues = error.issues;
    else if (error instanceof EvolveError && error.code === 'EVOLVE_CONFIG_NOT_FOUND') issues = [{ file: path, line: null, column: null, path: '', message: error.message, fix: null }];
    else throw error;
  }
  if (ctx.json) {
    ctx.out.json({ valid: false, file: path, issues });
  } else {
    ctx.out.line(`${ctx.out.mark(false)} ${path} is invalid (${plural(issues.length, 'problem')}):`);
    for (const issue of issues) ctx.out.line(`  ${formatConfigIssue(issue)}`);
  }
  return 2;
}

export function configCommand(host: CommandHost): Command {
  const config = new Command('config').description('configuration tools');
  config
    .command('validate')
    .description('check a configuration file (default: --config) and list every problem with file:line, key, and how to fix it')
    .argument('[file]', 'the YAML file to check')
    .action(host.action(validate));
  return config;
}
