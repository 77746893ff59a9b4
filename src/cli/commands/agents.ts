/** `evolve agents`: registered agents, where they come from, and the tasks that use each. */
import { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import type { CommandHost } from '../command-host.js';
import { formatTable } from '../format.js';

interface AgentRow {
  name: string;
  kind: string;
  detail: string;
  registered: boolean;
  tasks: string[];
}

async function agents(ctx: CliContext): Promise<number> {
  const rows = await ctx.withOrchestrator('read-only', async (orchestrator) => {
    await orchestrator.problems(); // loads module agents
    const tasks = orchestrator.tasks();
    const usedBy = (agent: string): string[] => tasks.filter((t) => t.agent === agent).map((t) => t.name);
    const registered: AgentRow[] = orchestrator.agents.list().map((a) => ({ name: a.name, kind: a.source.kind, detail: a.source.detail, registered: true, tasks: usedBy(a.name) }));
    // Agents that tasks name but nobody registered: `evolve check` fails on these.
    const missing = [...new Set(tasks.map((t) => t.agent))]
      .filter((name) => !orchestrator.agents.has(name))
      .map((name): AgentRow => ({ name, kind: 'missing', detail: 'not registered', registered: false, tasks: usedBy(name) }));
    return [...registered, ...missing];
  });
  if (ctx.json) {
    ctx.out.json(rows);
    return 0;
  }
  ctx.out.line(
    formatTable(rows, [
      { header: 'AGENT', value: (r) => r.name },
      { header: 'KIND', value: (r) => r.kind },
      { header: 'SOURCE', value: (r) => r.detail, maxWidth: 60 },
      { header: 'TASKS', value: (r) => (r.tasks.length > 0 ? r.tasks.join(', ') : '—') },
    ]),
  );
  return 0;
}

export function agentsCommand(host: CommandHost): Command {
  return new Command('agents')
    .description('list registered agents (kind, source) and the tasks that use each; agents tasks name but nobody registered are shown as missing')
    .action(host.action(agents));
}
