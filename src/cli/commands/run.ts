/**
 * `evolve run <task>`: runs a task once now and prints the run.
 *
 * One attempt, no retries: the answer comes at once. When no other process holds the store, this
 * process starts an orchestrator without scheduling (`start({ schedule: false })`), runs the task
 * and stops. When an orchestrator
 * runs on the store (start() fails with EVOLVE_STORE_LOCKED), the run is recorded in the store
 * for that process and followed until its chain is final (see run-handoff.ts).
 *
 * Ctrl+C keeps Node's default handling: an in-process run is left to crash recovery (interrupted
 * at the next start); a handed-off run carries on in the orchestrator.
 */
import { Command } from 'commander';
import type { ResolvedConfig } from '../../config/types.js';
import { TaskOrchestrator } from '../../engine/orchestrator.js';
import { EvolveError } from '../../errors.js';
import type { Run, Trigger } from '../../model/run.js';
import type { InstanceInfo } from '../../store/store.js';
import type { CliContext } from '../cli-context.js';
import type { CommandHost } from '../command-host.js';
import { humanDuration, shortTime } from '../format.js';
import { collect, parseRunParameters } from '../option-parsers.js';
import { handOffRun } from '../run-handoff.js';
import { runTable } from './history.js';

/** Who the audit trail says asked for runs from the command line. */
const CLI_ACTOR = 'cli';

interface RunOptions {
  param: string[];
  paramsJson?: string;
}

export interface RunOutcome {
  mode: 'in-process' | 'handed-off';
  orchestrator: InstanceInfo | null;
  run: Run;
  attempts: Run[];
  /** Why following a handed-off run stopped before it finished. */
  abandoned: string | null;
}

/** Runs in this process; null when another orchestrator holds the store. */
async function runHere(orchestrator: TaskOrchestrator, config: ResolvedConfig, task: string, parameters: Readonly<Record<string, unknown>>, trigger: Trigger): Promise<RunOutcome | null> {
  try {
    await orchestrator.start({ schedule: false });
  } catch (error) {
    if (error instanceof EvolveError && error.code === 'EVOLVE_STORE_LOCKED') return null;
    throw error;
  }
  try {
    const run = await orchestrator.executeTaskNow(task, parameters, { retry: false, trigger, actor: CLI_ACTOR });
    const chain = await orchestrator.getRunHistory({ task, limit: 50 });
    const attempts = chain.filter((r) => r.chainId === run.chainId).reverse();
    return { mode: 'in-process', orchestrator: orchestrator.instance, run, attempts: attempts.length > 0 ? attempts : [run], abandoned: null };
  } finally {
    await orchestrator.stop({ graceMs: config.orchestrator.shutdownGraceMs });
  }
}

async function handOff(ctx: CliContext, orchestrator: TaskOrchestrator, config: ResolvedConfig, task: string, parameters: Readonly<Record<string, unknown>>, trigger: Trigger): Promise<RunOutcome> {
  const taskConfig = orchestrator.tasks().find((t) => t.name === task)!;
  const result = await handOffRun({
    databasePath: orchestrator.databasePath,
    config,
    task: taskConfig,
    parameters,
    trigger,
    actor: CLI_ACTOR,
    onRecorded: (run, holder) =>
      ctx.out.error(`recorded run ${run.id}; ${holder ? `handed to the running orchestrator pid ${holder.pid} on ${holder.host}` : 'waiting for the orchestrator to pick it up'}`),
    onChange: (run) => ctx.out.error(`run ${run.id} (attempt ${run.attempt}): ${run.status}${run.reason && run.status !== 'running' ? ` — ${run.reason}` : ''}`),
  });
  return { mode: 'handed-off', orchestrator: result.holder, run: result.final, attempts: result.attempts, abandoned: result.abandoned };
}

export function printOutcome(ctx: CliContext, outcome: RunOutcome): void {
  const { run } = outcome;
  const out = ctx.out;
  out.line(outcome.mode === 'in-process' ? 'ran in this process' : `handed to the running orchestrator pid ${outcome.orchestrator?.pid ?? '?'}${outcome.orchestrator ? ` on ${outcome.orchestrator.host}` : ''}`);
  out.line(`run       ${run.id}`);
  out.line(`task      ${run.task}`);
  out.line(`status    ${out.mark(run.status === 'succeeded')} ${run.status}`);
  out.line(`attempt   ${run.attempt} of ${run.maxAttempts}`);
  out.line(`started   ${shortTime(run.startedAt)} UTC`);
  out.line(`duration  ${humanDuration(run.durationMs)}`);
  if (run.reason) out.line(`reason    ${run.reason}`);
  if (run.error) out.line(`error     ${run.error}`);
  if (outcome.attempts.length > 1) {
    out.line('\nattempts:');
    out.line(runTable([...outcome.attempts].reverse()));
  }
  if (run.status === 'succeeded') {
    out.line('result:');
    out.line(JSON.stringify(run.result ?? null, null, 2));
  }
  if (outcome.abandoned) out.error(`note: ${outcome.abandoned}`);
}

/**
 * Runs `task` once, in this process or handed to the orchestrator that holds the store, and
 * follows it to the end.
 */
export async function runTaskOnce(ctx: CliContext, config: ResolvedConfig, task: string, parameters: Readonly<Record<string, unknown>>, trigger: Trigger): Promise<RunOutcome> {
  const orchestrator = await ctx.orchestrator(config, 'work');
  let outcome: RunOutcome | null;
  try {
    // An unknown name gets the library's "did you mean" error before anything starts.
    if (!orchestrator.tasks().some((t) => t.name === task)) await orchestrator.getTaskStatus(task);
    outcome = await runHere(orchestrator, config, task, parameters, trigger);
  } finally {
    await orchestrator.stop({ graceMs: 0 });
    ctx.close();
  }
  return outcome ?? (await handOff(ctx, orchestrator, config, task, parameters, trigger));
}

async function runTask(ctx: CliContext, task: string, options: RunOptions): Promise<number> {
  const parameters = parseRunParameters(options.param, options.paramsJson);
  const outcome = await runTaskOnce(ctx, ctx.loadConfig(), task, parameters, 'manual');
  if (ctx.json) ctx.out.json(outcome);
  else printOutcome(ctx, outcome);
  return outcome.run.status === 'succeeded' ? 0 : 1;
}

export function runCommand(host: CommandHost): Command {
  return new Command('run')
    .description('run a task once now and print the run (exit 0 when it succeeded); hands it to the running orchestrator when one holds the store')
    .argument('<task>', 'task name')
    .option('--param <key=value>', 'a run parameter (repeatable); the value is read as JSON when it is JSON (7, true, [1,2]), else as text', collect, [])
    .option('--params-json <json>', 'run parameters as one JSON object; --param values win')
    .action(host.action(runTask));
}
