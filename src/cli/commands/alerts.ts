/** `evolve alerts [task]`: the alerts sent (disabled tasks, SLA breaches, low health …), newest first. */
import { Command } from 'commander';
import type { AlertRecord, AlertSeverity } from '../../store/store.js';
import type { CliContext } from '../cli-context.js';
import type { CommandHost } from '../command-host.js';
import { formatTable, shortTime, type Column } from '../format.js';
import { parseAlertSeverity, parsePositiveInt, parseSince } from '../option-parsers.js';

interface AlertsOptions {
  severity?: AlertSeverity;
  limit: number;
  since?: number;
  before?: number;
}

type Alert = AlertRecord & { id: number };

const COLUMNS: readonly Column<Alert>[] = [
  { header: 'ID', value: (a) => String(a.id), align: 'right' },
  { header: 'AT (UTC)', value: (a) => shortTime(a.at) },
  { header: 'SEVERITY', value: (a) => a.severity },
  { header: 'KIND', value: (a) => a.kind },
  { header: 'TASK', value: (a) => a.task ?? '—' },
  { header: 'MESSAGE', value: (a) => a.message, maxWidth: 80 },
];

async function alerts(ctx: CliContext, task: string | undefined, options: AlertsOptions): Promise<number> {
  const list = await ctx.withOrchestrator('read-only', (orchestrator) =>
    orchestrator.getAlertHistory({ task, minSeverity: options.severity, since: options.since, limit: options.limit, beforeId: options.before }),
  );
  if (ctx.json) ctx.out.json(list);
  else ctx.out.line(formatTable(list, COLUMNS, { empty: '(no alerts)' }));
  return 0;
}

export function alertsCommand(host: CommandHost): Command {
  return new Command('alerts')
    .description('show the alerts sent, newest first (messages are cut in the table, whole with their details in --json)')
    .argument('[task]', 'only the alerts about this task')
    .option('--severity <level>', 'this severity and above: info, warning or critical', parseAlertSeverity)
    .option('--since <when>', 'only alerts since then: 30m, 24h, 7d, 2w ago, or an ISO-8601 date or time', (v) => parseSince(v))
    .option('--limit <n>', 'how many alerts', parsePositiveInt, 50)
    .option('--before <id>', 'alerts older than this ID (the next page)', parsePositiveInt)
    .action(host.action(alerts));
}
