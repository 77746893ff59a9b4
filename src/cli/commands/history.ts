/** `evolve history [task]`: recent runs, newest first, read from the store. */
import { Command } from 'commander';
import type { Run, RunStatus } from '../../model/run.js';
import type { CliContext } from '../cli-context.js';
import type { CommandHost } from '../command-host.js';
import { formatTable, humanDuration, shortTime, type Column } from '../format.js';
import { parsePositiveInt, parseRunStatuses } from '../option-parsers.js';

interface HistoryOptions {
  limit: number;
  status?: RunStatus[];
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
  return runs.length === 0 ? '(no runs)' : formatTable(runs, COLUMNS);
}

async function history(ctx: CliContext, task: string | undefined, options: HistoryOptions): Promise<number> {
  const runs = await ctx.withOrchestrator('read-only', (orchestrator) =>
    orchestrator.getRunHistory({ task, status: options.status, limit: options.limit }),
  );
  if (ctx.json) ctx.out.json(runs);
  else ctx.out.line(runTable(runs));
  return 0;
}

export function historyCommand(host: CommandHost): Command {
  return new Command('history')
    .description('show recent runs, newest first (errors are cut in the table, whole with --json)')
    .argument('[task]', 'only the runs of this task')
    .option('--limit <n>', `how many runs (default ${DEFAULT_HISTORY_LIMIT})`, parsePositiveInt, DEFAULT_HISTORY_LIMIT)
    .option('--status <status>', 'only runs in this status; several comma-separated (failed,timed_out)', parseRunStatuses)
    .action(host.action(history));
}
