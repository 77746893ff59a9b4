/**
 * Agents loaded from JavaScript modules named in the YAML (`agent: { module, export, method }`).
 * The export may be a class (instantiated with no arguments), an object, or a function. Modules
 * are imported once, at start (and by `evolve check` / `evolve agents`), relative to the
 * configuration file's folder.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { closest } from 'fastest-levenshtein';
import type { ConfigIssue } from '../errors.js';
import { describeError } from '../errors.js';
import type { AgentModuleRef, TaskConfig } from '../model/task.js';
import type { AgentLike } from './agent.js';
import type { AgentRegistry } from './agent-registry.js';

function isClass(value: unknown): value is new () => object {
  return typeof value === 'function' && /^class[\s{]/.test(Function.prototype.toString.call(value));
}

async function instantiate(ref: AgentModuleRef, path: string): Promise<AgentLike> {
  const namespace = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  if (!(ref.export in namespace)) {
    const names = Object.keys(namespace);
    const hint = names.length > 0 ? `did you mean '${closest(ref.export, names)}'? It exports: ${names.join(', ')}` : 'it has no exports';
    throw new Error(`${ref.module} has no export '${ref.export}': ${hint}`);
  }
  const exported = namespace[ref.export];
  if (isClass(exported)) return new exported();
  if ((typeof exported === 'object' && exported !== null) || typeof exported === 'function') return exported;
  throw new Error(`${ref.module}#${ref.export} is a ${typeof exported}: export a class, an object with run(ctx), or a function`);
}

/**
 * Registers the module agents of `tasks` not yet in `registry`; returns a problem for each that
 * could not be loaded (missing file, syntax error, missing export or method).
 */
export async function loadModuleAgents(tasks: Iterable<TaskConfig>, baseDir: string, registry: AgentRegistry, file: string): Promise<ConfigIssue[]> {
  const issues: ConfigIssue[] = [];
  for (const task of tasks) {
    const ref = task.agentModule;
    if (!ref || registry.has(task.agent)) continue;
    const path = isAbsolute(ref.module) ? ref.module : resolve(baseDir, ref.module);
    const issue = (message: string, fix: string): ConfigIssue => ({ file, line: null, column: null, path: `tasks.${task.name}.agent.module`, message, fix });
    if (!existsSync(path)) {
      issues.push(issue(`agent module ${ref.module} does not exist (looked at ${path})`, 'give a path relative to the configuration file'));
      continue;
    }
    try {
      const agent = await instantiate(ref, path);
      registry.register(task.agent, agent, { method: ref.method ?? undefined, source: { kind: 'module', detail: `${path}#${ref.export}` } });
    } catch (error) {
      const typescript = /ERR_UNKNOWN_FILE_EXTENSION/.test(String((error as { code?: string }).code)) || path.endsWith('.ts');
      issues.push(
        issue(
          `agent module ${ref.module} could not be loaded: ${describeError(error)}`,
          typescript ? 'compile TypeScript agents to JavaScript, or run evolve under `node --import tsx`' : 'fix the module so that it imports without error',
        ),
      );
    }
  }
  return issues;
}
