/**
 * `evolve check` (the original `--check`): a checklist of what `start` needs — the configuration,
 * a writable data folder, a store that opens, agents and conditions for every task.
 * Exit 0 when all pass, 2 when the configuration (including its agents and conditions) is
 * invalid, 1 when something else fails.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import type { ResolvedConfig } from '../../config/types.js';
import type { TaskOrchestrator } from '../../engine/orchestrator.js';
import { ConfigError, describeError, formatConfigIssue } from '../../errors.js';
import type { CliContext } from '../cli-context.js';
import type { CommandHost } from '../command-host.js';
import { plural } from '../format.js';

interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

function configCheck(ctx: CliContext): { check: Check; config: ResolvedConfig | null } {
  const name = 'configuration';
  try {
    const config = ctx.loadConfig();
    return { check: { name, ok: true, detail: `${config.sourcePath ?? ctx.configPath} is valid (environment ${config.environment ?? '(none)'})` }, config };
  } catch (error) {
    const detail = error instanceof ConfigError ? error.issues.map(formatConfigIssue).join('\n') : describeError(error);
    return { check: { name, ok: false, detail }, config: null };
  }
}

function dataDirCheck(dataDir: string): Check {
  const probe = join(dataDir, `.evolve-check-${process.pid}-${randomBytes(3).toString('hex')}`);
  try {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(probe, 'ok');
    rmSync(probe);
    return { name: 'data directory', ok: true, detail: `${dataDir} is writable` };
  } catch (error) {
    return { name: 'data directory', ok: false, detail: `${dataDir} is not writable: ${describeError(error)}` };
  }
}

/** Opens the store through a status read (applies migrations; works while another process runs). */
async function storeCheck(orchestrator: TaskOrchestrator): Promise<Check> {
  const { backend, location, schemaVersion } = orchestrator.store.describe();
  try {
    const status = await orchestrator.getSystemStatus();
    const running = status.instance ? `; an orchestrator is running on it (pid ${status.instance.pid} on ${status.instance.host})` : '';
    return { name: 'store', ok: true, detail: `${backend} ${location} opens (schema version ${schemaVersion})${running}` };
  } catch (error) {
    return { name: 'store', ok: false, detail: `${backend} ${location} does not open: ${describeError(error)}` };
  }
}

async function agentsCheck(orchestrator: TaskOrchestrator): Promise<Check> {
  const issues = await orchestrator.problems();
  const name = 'agents and conditions';
  if (issues.length > 0) return { name, ok: false, detail: issues.map(formatConfigIssue).join('\n') };
  const agents = new Set(orchestrator.tasks().map((t) => t.agent));
  return { name, ok: true, detail: `every task's agent is registered (${plural(agents.size, 'agent')}) and every condition is known` };
}

/** Within this many days of its data horizon a calendar may miss holidays not yet announced. */
const HORIZON_WARNING_DAYS = 90;

/** The market calendar, with a warning (not a failure) when its holiday data runs out soon. */
function calendarCheck(orchestrator: TaskOrchestrator): Check {
  const { name, dataHorizon } = orchestrator.calendar;
  const days = Math.floor((Date.parse(`${dataHorizon}T23:59:59Z`) - Date.now()) / 86_400_000);
  const detail =
    days < HORIZON_WARNING_DAYS
      ? `warning: ${name}'s holidays are known only until ${dataHorizon} (${days < 0 ? `${-days} days ago` : `in ${days} days`}); upgrade evolve-orchestrator, or add the coming closures to the calendar`
      : `${name}, holidays known until ${dataHorizon}`;
  return { name: 'calendar', ok: true, detail };
}

function tasksCheck(config: ResolvedConfig): Check {
  const tasks = [...config.tasks.values()];
  const enabled = tasks.filter((t) => t.enabled).length;
  const note = enabled === 0 ? ' — nothing will be scheduled' : '';
  return { name: 'tasks', ok: true, detail: `${plural(tasks.length, 'task')}, ${enabled} enabled${note}` };
}

async function runChecks(ctx: CliContext): Promise<{ checks: Check[]; exitCode: number }> {
  const { check, config } = configCheck(ctx);
  if (!config) return { checks: [check], exitCode: 2 };
  const dataDir = dataDirCheck(resolve(config.store.dataDir));
  let orchestrator: TaskOrchestrator;
  try {
    orchestrator = await ctx.orchestrator(config, 'read-only');
  } catch (error) {
    const failed = { name: 'store', ok: false, detail: `the orchestrator could not be created: ${describeError(error)}` };
    return { checks: [check, dataDir, failed, tasksCheck(config)], exitCode: 1 };
  }
  try {
    const store = dataDir.ok ? await storeCheck(orchestrator) : { name: 'store', ok: false, detail: 'not tried: the data directory is not writable' };
    const agents = await agentsCheck(orchestrator);
    const checks = [check, dataDir, store, agents, calendarCheck(orchestrator), tasksCheck(config)];
    const exitCode = !agents.ok ? 2 : checks.every((c) => c.ok) ? 0 : 1;
    return { checks, exitCode };
  } finally {
    await orchestrator.stop({ graceMs: 0 });
  }
}

async function checkAll(ctx: CliContext): Promise<number> {
  const { checks, exitCode } = await runChecks(ctx);
  if (ctx.json) {
    ctx.out.json({ ok: exitCode === 0, checks });
    return exitCode;
  }
  for (const c of checks) {
    const [first = '', ...more] = c.detail.split('\n');
    ctx.out.line(`${ctx.out.mark(c.ok)} ${c.name}: ${first}`);
    for (const line of more) ctx.out.line(`    ${line}`);
  }
  const failed = checks.filter((c) => !c.ok).length;
  ctx.out.line(failed === 0 ? '\nall checks passed' : `\n${plural(failed, 'check')} failed`);
  return exitCode;
}

export function checkCommand(host: CommandHost): Command {
  return new Command('check')
    .description('check the configuration, data directory, store, agents and conditions (exit 0 when all pass, 2 for an invalid configuration, 1 otherwise)')
    .action(host.action(checkAll));
}
