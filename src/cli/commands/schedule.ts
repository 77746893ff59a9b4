/**
 * `evolve schedule preview [--days N] [--from ISO] [--task NAME]`: every fire of every task in a
 * window, in time order, with the slots that will not run and why (holiday, outside the session,
 * a condition the clock decides). Reads the store for interval tasks' next fire times.
 */
import { Command, InvalidArgumentError } from 'commander';
import type { SchedulePreview } from '../../engine/schedule-preview.js';
import type { CliContext } from '../cli-context.js';
import type { CommandHost } from '../command-host.js';
import { parseInstant, parsePositiveInt } from '../option-parsers.js';

const DAY_MS = 86_400_000;
const MAX_DAYS = 366;

function parseDays(value: string): number {
  const days = Number(value);
  if (!/^\s*\d+(\.\d+)?\s*$/.test(value) || !(days > 0) || days > MAX_DAYS) {
    throw new InvalidArgumentError(`expected a number of days > 0 and at most ${MAX_DAYS}, such as 7 (fractions allowed: 0.5 is 12 hours)`);
  }
  return days;
}

const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

function print(ctx: CliContext, preview: SchedulePreview): void {
  const out = ctx.out;
  out.line(`Schedule from ${iso(preview.from)} to ${iso(preview.to)}`);
  const width = Math.max(4, ...preview.entries.map((e) => e.task.length));
  for (const entry of preview.entries) {
    const when = entry.closedDate !== undefined ? entry.closedDate.padEnd(20) : iso(entry.at);
    const what = entry.fires ? 'fires' : `skipped  ${entry.reason}`;
    out.line(`${when}  ${entry.task.padEnd(width)}  ${what}`);
  }
  if (preview.entries.length === 0) out.line('(no fires in this window)');
  const fires = preview.entries.filter((e) => e.fires).length;
  out.line();
  out.line(`${fires} fires, ${preview.entries.length - fires} skipped${preview.truncated ? ' (list cut: use a shorter --days, or --task)' : ''}`);
  for (const task of preview.tasks) {
    if (task.idle !== null) out.line(`${task.task}: no fires (${task.idle})`);
    if (task.idle === null && task.liveConditions.length > 0) {
      out.line(`${task.task}: each fire also needs ${task.liveConditions.join(', ')} when it is due (live state, not predicted)`);
    }
  }
}

async function preview(ctx: CliContext, options: { days: number; from?: number; task?: string; limit?: number }): Promise<number> {
  const from = options.from ?? Date.now();
  const to = from + Math.round(options.days * DAY_MS);
  const result = await ctx.withOrchestrator('read-only', (orchestrator) =>
    orchestrator.previewSchedule({ from, to, ...(options.task === undefined ? {} : { task: options.task }), ...(options.limit === undefined ? {} : { limit: options.limit }) }),
  );
  if (ctx.json) {
    ctx.out.json({
      from: iso(result.from),
      to: iso(result.to),
      truncated: result.truncated,
      entries: result.entries.map((e) => ({ at: iso(e.at), task: e.task, fires: e.fires, reason: e.reason, ...(e.closedDate === undefined ? {} : { closedDate: e.closedDate }) })),
      tasks: result.tasks,
    });
  } else print(ctx, result);
  return 0;
}

export function scheduleCommand(host: CommandHost): Command {
  const command = new Command('schedule').description('what the schedules will do');
  command
    .command('preview')
    .description('list every fire of every task in a window, in time order, with the slots that will not run and why')
    .option('--days <n>', `length of the window in days (at most ${MAX_DAYS})`, parseDays, 1)
    .option('--from <iso>', 'start of the window, ISO-8601 (default: now)', parseInstant)
    .option('--task <name>', 'only this task')
    .option('--limit <n>', 'list at most this many entries (default 10000)', parsePositiveInt)
    .action(host.action(preview));
  return command;
}
