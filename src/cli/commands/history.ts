/**
 * `evolve history [task]`: recent runs, newest first, read from the store.
 * `evolve history --run <id> [--log]`: one run in full, and the tail of its log.
 */
import { Command } from 'commander';
import { EvolveError } from '../../errors.js';
import type { RunId } from '../../model/ids.js';
import type { Run, RunStatus } from '../../model/run.js';
import type { CliContext } from '../cli-context.js';
import type { CommandHost } from '../command-host.js';
import { formatTable, humanDuration, shortTime, type Column } from '../format.js';
import { parsePositiveInt, parseRunIdOption, parseRunStatuses } from '../option-parsers.js';
import { printRun } from '../run-details.js';

interface HistoryOptions {
  limit: number;
  status?: RunStatus[];
  run?: RunId;
  log?: boolean;
}

export const DEFAULT_HISTORY_LIMIT = 20;

function attempt(run: Run): string {
  return run.maxAttempts > 1 ? `${run.attempt}/${run.maxAttempts}` : String(run.attempt);
}

const COLUMNS: readonly Column<Run>[] = [
  { header: 'RUN', value: (r) => r.id },
  { header: 'TASK', value: (r) => r.task },
  { header: 'TRIGGER', value: (r) => r.trigger },
  { header: 'STATUS', value: (r) => r.status },
  { header: 'ATTEMPT', value: attempt, align: 'right' },
  // A run that never started (skipped, still queued) shows when it was recorded.
  { header: 'STARTED (UTC)', value: (r) => shortTime(r.startedAt ?? r.createdAt) },
  { header: 'DURATION', value: (r) => humanDuration(r.durationMs), align: 'right' },
  { header: 'ERROR / REASON', value: (r) => r.error ?? r.reason ?? '', maxWidth: 60 },
];

export function runTable(runs: readonly Run[]): string {
  return formatTable(runs, COLUMNS, { empty: '(no runs)' });
}

/** One run: every field, and its log tail with --log. An unknown id is EVOLVE_RUN_NOT_FOUND (exit 2). */
async function showRun(ctx: CliContext, id: RunId, task: string | undefined, options: HistoryOptions): Promise<number> {
  if (task !== undefined || options.status !== undefined) {
    throw new EvolveError('EVOLVE_USAGE', `--run shows one run: leave out ${task !== undefined ? `the task name '${task}'` : '--status'}`);
  }
  const showLog = options.log === true;
  const { run, log } = await ctx.withOrchestrator('read-only', async (orchestrator) => {
    // Read first: it says clearly when no run has the id. Without --log only the line count is read.
    const log = await orchestrator.getRunLog(id, { limit: showLog ? undefined : 0 });
    const run = await orchestrator.getRun(id);
    if (run === null) throw new EvolveError('EVOLVE_RUN_NOT_FOUND', `run ${id} was deleted while it was being read (history retention)`);
    return { run, log };
  });
  if (ctx.json) ctx.out.json({ run, log: showLog ? log : null });
  else printRun(ctx.out, run, log, showLog);
  return 0;
}

async function history(ctx: CliContext, task: string | undefined, options: HistoryOptions): Promise<number> {
  if (options.run !== undefined) return showRun(ctx, options.run, task, options);
  if (options.log === true) {
    throw new EvolveError('EVOLVE_USAGE', '--log shows the log of one run: name it with --run <id> (the RUN column of `evolve history`)');
  }
  const runs = await ctx.withOrchestrator('read-only', (orchestrator) =>
    orchestrator.getRunHistory({ task, status: options.status, limit: options.limit }),
  );
  if (ctx.json) ctx.out.json(runs);
  else ctx.out.line(runTable(runs));
  return 0;
}

export function historyCommand(host: CommandHost): Command {
  return new Command('history')
    .description('show recent runs, newest first (errors are cut in the table, whole with --json); one run in full with --run <id>')
    .argument('[task]', 'only the runs of this task')
    .option('--limit <n>', 'how many runs', parsePositiveInt, DEFAULT_HISTORY_LIMIT)
    .option('--status <status>', 'only runs in this status; several comma-separated (failed,timed_out)', parseRunStatuses)
    .option('--run <id>', 'show this run in full: every field and its result', parseRunIdOption)
    .option('--log', 'with --run: also the lines its agent logged (the newest 500 a run keeps)')
    .action(host.action(history));
}
