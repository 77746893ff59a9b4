/** `evolve status` (and the original `--status`): the system status read from the store. */
import { Command } from 'commander';
import type { SystemStatus } from '../../engine/status.js';
import type { CliContext } from '../cli-context.js';
import type { CommandHost } from '../command-host.js';
import { plural, relativeTime, score, shortTime } from '../format.js';
import { taskTable } from '../task-table.js';

function orchestratorLine(status: SystemStatus, now: number): string {
  const instance = status.instance;
  if (!status.orchestratorRunning || !instance) return 'not running';
  return `running — pid ${instance.pid} on ${instance.host}, since ${shortTime(instance.startedAt)} UTC, last heartbeat ${relativeTime(instance.heartbeatAt, now)}`;
}

function healthLine(status: SystemStatus): string {
  const metrics = status.performanceMetrics;
  const resources = metrics.resources ? `, resources ${score(metrics.resources.score)}` : '';
  return `${score(metrics.overallHealth)} overall (agents ${score(metrics.agentHealth)}${resources})`;
}

export function printStatus(ctx: CliContext, status: SystemStatus): void {
  const now = Date.parse(status.generatedAt);
  const out = ctx.out;
  const disabled = status.disabledTasks.map((d) => `\n                ${d.name}: ${d.reason}`).join('');
  out.line(`Orchestrator:   ${orchestratorLine(status, now)}`);
  out.line(`Environment:    ${status.environment ?? '(none)'}`);
  out.line(`Config:         ${status.configPath ?? '(built in code)'}`);
  out.line(`Data:           ${status.dataDir}`);
  out.line(`Health:         ${healthLine(status)}`);
  out.line(`Tasks:          ${plural(status.totalTasks, 'task')}, ${status.enabledTasks} enabled${status.disabledTasks.length > 0 ? `, disabled:${disabled}` : ''}`);
  out.line(`Runs:           ${status.runs.running} running, ${status.runs.queued} queued, ${status.runs.waiting} waiting`);
  out.line(`Generated:      ${shortTime(status.generatedAt)} UTC`);
  out.line();
  out.line(taskTable(status.tasks));
}

async function status(ctx: CliContext): Promise<number> {
  const result = await ctx.withOrchestrator('read-only', (orchestrator) => orchestrator.getSystemStatus());
  if (ctx.json) ctx.out.json(result);
  else printStatus(ctx, result);
  return 0;
}

export function statusCommand(host: CommandHost): Command {
  return new Command('status')
    .description('show whether an orchestrator runs on the store, health, counts and the task table (read from the store; works while another process runs)')
    .action(host.action(status));
}
