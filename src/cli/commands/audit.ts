/** `evolve audit [task]`: who did what and when (enable, disable, run, configuration changes), newest first. */
import { Command } from 'commander';
import type { AuditEntry } from '../../store/store.js';
import type { CliContext } from '../cli-context.js';
import type { CommandHost } from '../command-host.js';
import { formatTable, shortTime, type Column } from '../format.js';
import { parsePositiveInt, parseSince } from '../option-parsers.js';

interface AuditOptions {
  limit: number;
  since?: number;
  before?: number;
}

type Entry = AuditEntry & { id: number };

/** `runId=r_… trigger=manual parameters={"days":7}`: strings bare, anything else as JSON. */
const details = (entry: Entry): string =>
  Object.entries(entry.details)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ');

const COLUMNS: readonly Column<Entry>[] = [
  { header: 'ID', value: (e) => String(e.id), align: 'right' },
  { header: 'AT (UTC)', value: (e) => shortTime(e.at) },
  { header: 'ACTOR', value: (e) => e.actor },
  { header: 'ACTION', value: (e) => e.action },
  { header: 'TASK', value: (e) => e.task ?? '—' },
  { header: 'DETAILS', value: details, maxWidth: 100 },
];

async function audit(ctx: CliContext, task: string | undefined, options: AuditOptions): Promise<number> {
  const entries = await ctx.withOrchestrator('read-only', (orchestrator) =>
    orchestrator.getAuditTrail({ task, since: options.since, limit: options.limit, beforeId: options.before }),
  );
  if (ctx.json) ctx.out.json(entries);
  else ctx.out.line(formatTable(entries, COLUMNS, { empty: '(no audit entries)' }));
  return 0;
}

export function auditCommand(host: CommandHost): Command {
  return new Command('audit')
    .description('show the audit trail, newest first: who enabled, disabled, ran or changed what (details are cut in the table, whole with --json)')
    .argument('[task]', 'only the entries about this task')
    .option('--since <when>', 'only entries since then: 30m, 24h, 7d, 2w ago, or an ISO-8601 date or time', (v) => parseSince(v))
    .option('--limit <n>', 'how many entries', parsePositiveInt, 50)
    .option('--before <id>', 'entries older than this ID (the next page)', parsePositiveInt)
    .action(host.action(audit));
}
