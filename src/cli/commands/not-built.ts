/**
 * Commands of the original that need parts not built yet. They say so and exit 2, rather than
 * pretend: `monitor` arrives with the dashboard in a later issue.
 */
import { Command } from 'commander';
import { EvolveError } from '../../errors.js';
import type { CommandHost } from '../command-host.js';
import { parsePositiveInt } from '../option-parsers.js';

export function monitorCommand(host: CommandHost): Command {
  return new Command('monitor')
    .description('(not available yet) start with live monitoring for N minutes')
    .option('--duration <minutes>', 'how long to monitor, in minutes', parsePositiveInt)
    .option('--standalone', 'orchestrator only')
    .option('--integrated', 'with the reference trading platform')
    .action(
      host.action(async () => {
        throw new EvolveError(
          'EVOLVE_USAGE',
          'monitor is not available yet: live monitoring arrives with the dashboard in a later release. Meanwhile run `evolve start --standalone` and, in another terminal, `evolve status` (or `evolve history`).',
        );
      }),
    );
}
