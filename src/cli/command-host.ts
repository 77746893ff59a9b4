/**
 * Glue between commander and the command handlers: a handler is an async function of a
 * CliContext and the command's arguments that returns the exit code; commander's action callback
 * is built from it here, so `main` can return that code instead of anything calling process.exit.
 */
import type { Command } from 'commander';
import { CliContext } from './cli-context.js';
import type { Output } from './output.js';

export class CommandHost {
  readonly out: Output;
  /** The exit code of the command that ran. */
  exitCode = 0;

  constructor(out: Output) {
    this.out = out;
  }

  /**
   * An action for commander. Commander calls it with the declared arguments, then the command's
   * options, then the command itself; `Args` names the declared arguments and the options object.
   */
  action<Args extends unknown[]>(handler: (ctx: CliContext, ...args: Args) => Promise<number>): (...raw: unknown[]) => Promise<void> {
    return async (...raw: unknown[]) => {
      const command = raw[raw.length - 1] as Command;
      const args = raw.slice(0, -1) as Args;
      this.exitCode = await handler(CliContext.from(command, this.out), ...args);
    };
  }
}
