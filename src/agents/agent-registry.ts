/**
 * Agents by name. An agent is registered as an object with `run(ctx)`, a function `(ctx) => result`,
 * or — as in the original guide's custom agents — any object plus the name of its method, which is
 * called as `method(parameters, ctx)`.
 */
import { closest } from '../closest-name.js';
import { EvolveError } from '../errors.js';
import type { Agent, AgentContext, AgentLike, AgentSource } from './agent.js';

interface Entry {
  agent: Agent;
  source: AgentSource;
}

function adapt(name: string, candidate: AgentLike, method: string | undefined): Agent {
  if (typeof candidate === 'function') {
    const fn = candidate as (context: AgentContext) => unknown;
    return { run: (context) => fn(context) };
  }
  const target = candidate as Record<string, unknown>;
  const methodName = method ?? 'run';
  const fn = target[methodName];
  if (typeof fn !== 'function') {
    throw new EvolveError(
      'EVOLVE_AGENT_NOT_FOUND',
      `agent '${name}' has no method '${methodName}': pass an object with run(ctx), a function, or { method: '<name of its method>' }`,
    );
  }
  if (method === undefined) return { run: (context) => (fn as (c: AgentContext) => unknown).call(candidate, context) };
  return {
    run: (context) => (fn as (p: Readonly<Record<string, unknown>>, c: AgentContext) => unknown).call(candidate, context.parameters, context),
  };
}

export class AgentRegistry {
  readonly #agents = new Map<string, Entry>();

  register(name: string, agent: AgentLike, options: { method?: string; source?: AgentSource } = {}): void {
    this.#agents.set(name, {
      agent: adapt(name, agent, options.method),
      source: options.source ?? { kind: 'code', detail: 'registerAgent()' },
    });
  }

  has(name: string): boolean {
    return this.#agents.has(name);
  }

  get(name: string): Agent {
    const entry = this.#agents.get(name);
    if (!entry) throw this.notFound(name);
    return entry.agent;
  }

  list(): { name: string; source: AgentSource }[] {
    return [...this.#agents].map(([name, entry]) => ({ name, source: entry.source })).sort((a, b) => a.name.localeCompare(b.name));
  }

  /** The guide's "Agent 'x' not found", with the closest names and how to register one. */
  notFound(name: string): EvolveError {
    const names = [...this.#agents.keys()];
    const near = closest(name, names);
    const hint = `${near !== null ? ` Did you mean '${near}'?` : ''}${names.length > 0 ? ` Registered: ${names.sort().join(', ')}.` : ''}`;
    return new EvolveError(
      'EVOLVE_AGENT_NOT_FOUND',
      `Agent '${name}' not found.${hint} Register it with orchestrator.registerAgent('${name}', agent) before start(), put ${name}.js, ${name}.ts or ${name}.py in the folder orchestrator.agents_dir names, or give the task an agent of its own: agent: { module: ./file.js } | { command: [program, args…] } | { http: { url } }.`,
    );
  }
}
