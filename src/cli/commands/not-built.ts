/**
 * Commands of the original that need parts not built yet. They say so and exit 2, rather than
 * pretend: integrated mode (`start --integrated`) and `monitor` arrive with the reference
 * trading platform and the dashboard in later issues.
 */
import { Command } from 'commander';
import { EvolveError } from '../../errors.js';
import type { CommandHost } from '../command-host.js';
import { parsePositiveInt } from '../option-parsers.js';

export function integratedModeError(): EvolveError {
  return new EvolveError(
    'EVOLVE_USAGE',
    'integrated mode is not available yet: the reference Evolve trading platform it runs arrives in a later release. Run `evolve start --standalone` to run the orchestrator and its tasks now.',
  );
}

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
