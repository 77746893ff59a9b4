/**
 * Agents that tasks define in the YAML (`agent: { module | command | http }`) and agents found in
 * the configured agents folder, registered before start (and by `evolve check` / `evolve agents`).
 *
 * - module: the export (a class, instantiated with no arguments; an object; or a function) of a
 *   JavaScript or TypeScript module, relative to the configuration file's folder. TypeScript is
 *   compiled on import by tsx.
 * - command / http: a CommandAgent or HttpAgent under the task's name.
 * - the agents folder (`orchestrator.agents_dir`): each `<name>.js|.mjs|.ts|.mts` file's default
 *   export is agent `<name>`; each `<name>.py` is a command agent `python3 <name>.py`. Files
 *   starting with `_` or `.` are left alone, as are sub-folders. A task naming an agent registers
 *   it; one no task names is listed but not loaded.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, extname, isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { closest } from '../closest-name.js';
import type { ConfigIssue } from '../errors.js';
import { describeError } from '../errors.js';
import type { AgentSpec, TaskConfig } from '../model/task.js';
import type { AgentLike, AgentSource } from './agent.js';
import type { AgentRegistry } from './agent-registry.js';
import { CommandAgent } from './command-agent.js';
import { HttpAgent } from './http-agent.js';

const TYPESCRIPT = new Set(['.ts', '.mts', '.cts']);
const MODULE_EXTENSIONS = new Set(['.js', '.mjs', ...TYPESCRIPT]);

export interface AgentLoadOptions {
  /** Folder paths in the YAML are relative to this (the configuration file's folder). */
  baseDir: string;
  /** The configuration file, for issues. */
  file: string;
  /** `orchestrator.agents_dir`, resolved; null: none configured. */
  agentsDir: string | null;
}

function isClass(value: unknown): value is new () => object {
  return typeof value === 'function' && /^class[\s{]/.test(Function.prototype.toString.call(value));
}

async function importModule(path: string): Promise<Record<string, unknown>> {
  if (!TYPESCRIPT.has(extname(path))) return (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  // tsx compiles the module (and what it imports) on the fly; plain JS needs none of it.
  const { tsImport } = await import('tsx/esm/api');
  return (await tsImport(pathToFileURL(path).href, import.meta.url)) as Record<string, unknown>;
}

async function instantiate(path: string, shownAs: string, exportName: string): Promise<AgentLike> {
  const namespace = await importModule(path);
  if (!(exportName in namespace)) {
    const names = Object.keys(namespace);
    const near = closest(exportName, names);
    const hint = names.length > 0 ? `${near === null ? '' : `did you mean '${near}'? `}It exports: ${names.join(', ')}` : 'it has no exports';
    throw new Error(`${shownAs} has no export '${exportName}': ${hint}`);
  }
  const exported = namespace[exportName];
  if (isClass(exported)) return new exported();
  if ((typeof exported === 'object' && exported !== null) || typeof exported === 'function') return exported;
  throw new Error(`${shownAs}#${exportName} is a ${typeof exported}: export a class, an object with run(ctx), or a function`);
}

function within(baseDir: string, path: string): string {
  return isAbsolute(path) ? path : resolve(baseDir, path);
}

/** The agents of the agents folder: name → file. */
export function discoverAgents(agentsDir: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const entry of readdirSync(agentsDir).sort()) {
    const path = join(agentsDir, entry);
    const extension = extname(entry);
    if (entry.startsWith('_') || entry.startsWith('.') || entry.endsWith('.d.ts') || !statSync(path).isFile()) continue;
    if (MODULE_EXTENSIONS.has(extension) || extension === '.py') found.set(basename(entry, extension), path);
  }
  return found;
}

/**
 * Registers the agents `tasks` define and the agents-folder agents they name, unless registered
 * already (from code); returns a problem for each that could not be made (missing file, syntax
 * error, missing export or method, a missing agents folder).
 */
export async function loadTaskAgents(tasks: Iterable<TaskConfig>, registry: AgentRegistry, options: AgentLoadOptions): Promise<ConfigIssue[]> {
  const issues: ConfigIssue[] = [];
  const issue = (path: string, message: string, fix: string): ConfigIssue => ({ file: options.file, line: null, column: null, path, message, fix });
  let folder = new Map<string, string>();
  if (options.agentsDir !== null) {
    if (existsSync(options.agentsDir) && statSync(options.agentsDir).isDirectory()) folder = discoverAgents(options.agentsDir);
    else issues.push(issue('orchestrator.agents_dir', `the agents folder ${options.agentsDir} does not exist`, 'create it, or fix orchestrator.agents_dir (relative to the configuration file)'));
  }
  for (const task of tasks) {
    if (registry.has(task.agent)) continue;
    const spec = task.agentSpec ?? discoveredSpec(folder.get(task.agent));
    if (spec === null) continue; // reported by the caller as "Agent 'x' not found"
    const path = `tasks.${task.name}.agent${spec.kind === 'module' ? '.module' : ''}`;
    try {
      const made = await makeAgent(spec, options.baseDir, task.agentSpec === null);
      registry.register(task.agent, made.agent, { method: spec.kind === 'module' ? (spec.method ?? undefined) : undefined, source: made.source });
    } catch (error) {
      const reason = error instanceof Unusable ? error.message : `could not be loaded: ${describeError(error)}`;
      issues.push(issue(path, `${describeSpec(spec)} ${reason}`, loadFix(spec)));
    }
  }
  return issues;
}

/** An agents-folder file as the spec of the agent it holds. */
function discoveredSpec(path: string | undefined): AgentSpec | null {
  if (path === undefined) return null;
  if (extname(path) === '.py') return { kind: 'command', command: ['python3', path], cwd: null, env: {}, passEnv: [], killGraceMs: 5_000 };
  return { kind: 'module', module: path, export: 'default', method: null };
}

async function makeAgent(spec: AgentSpec, baseDir: string, discovered: boolean): Promise<{ agent: AgentLike; source: AgentSource }> {
  const origin = discovered ? ' (found in the agents folder)' : '';
  switch (spec.kind) {
    case 'module': {
      const path = within(baseDir, spec.module);
      if (!existsSync(path)) throw new Unusable(`does not exist (looked at ${path})`);
      return { agent: await instantiate(path, spec.module, spec.export), source: { kind: 'module', detail: `${path}#${spec.export}${origin}` } };
    }
    case 'command': {
      const cwd = within(baseDir, spec.cwd ?? '.');
      if (!existsSync(cwd)) throw new Unusable(`cannot run: its working folder ${cwd} does not exist`);
      const agent = new CommandAgent({ command: spec.command, cwd, env: spec.env, passEnv: spec.passEnv, killGraceMs: spec.killGraceMs });
      return { agent, source: { kind: 'command', detail: `${spec.command.join(' ')} (in ${cwd})${origin}` } };
    }
    case 'http': {
      const agent = new HttpAgent({ url: spec.url, headers: spec.headers, timeoutMs: spec.timeoutMs });
      const url = new URL(spec.url);
      return { agent, source: { kind: 'http', detail: `POST ${url.origin}${url.pathname}` } };
    }
    default: {
      const exhaustive: never = spec;
      return exhaustive;
    }
  }
}

/** Why an agent cannot be made, in words complete after the agent's description. */
class Unusable extends Error {}

function describeSpec(spec: AgentSpec): string {
  switch (spec.kind) {
    case 'module':
      return `agent module ${spec.module}`;
    case 'command':
      return `command agent "${spec.command.join(' ')}"`;
    case 'http':
      return `HTTP agent ${spec.url}`;
    default: {
      const exhaustive: never = spec;
      return exhaustive;
    }
  }
}

function loadFix(spec: AgentSpec): string {
  switch (spec.kind) {
    case 'module':
      return 'give a path relative to the configuration file, and fix the module so that it imports without error';
    case 'command':
      return 'fix agent.cwd (relative to the configuration file) or the command';
    case 'http':
      return 'fix agent.http.url';
    default: {
      const exhaustive: never = spec;
      return exhaustive;
    }
  }
}
