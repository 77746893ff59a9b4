/**
 * Dependencies between tasks: every upstream must be a defined task, listed once, and the graph
 * must have no cycle. A cycle is reported once, as the path through it (`a -> b -> c -> a`),
 * starting at the task written first and located at that task's dependency on the next one.
 */
import { suggestion, type IssueCollector } from './issue-collector.js';
import type { KeyPath } from './source-map.js';
import type { TaskSource } from './task-source.js';

export interface DependencyEdge {
  task: string;
  /** Where the dependency is written (the list item, or its `task` key). */
  path: KeyPath;
}

export interface GraphNode {
  name: string;
  edges: readonly DependencyEdge[];
}

export interface GraphCheckOptions {
  /** Check only this task's dependencies and the cycles through it (after an update). */
  only?: string;
  /** Every task name written, including tasks left out of `nodes` because they have errors. */
  defined?: ReadonlySet<string>;
}

/** The dependency edges of a task, each located where it is written. */
export function graphNode(task: TaskSource): GraphNode {
  const edges = (task.raw.dependencies ?? []).map((dep, index) =>
    typeof dep === 'string' ? { task: dep, path: task.pathOf('dependencies', index) } : { task: dep.task, path: task.pathOf('dependencies', index, 'task') },
  );
  return { name: task.name, edges };
}

export function checkTaskGraph(nodes: readonly GraphNode[], issues: IssueCollector, options: GraphCheckOptions = {}): void {
  const defined = new Set([...nodes.map((node) => node.name), ...(options.defined ?? [])]);
  const names = [...defined];
  for (const node of nodes) {
    if (options.only !== undefined && node.name !== options.only) continue;
    const seen = new Set<string>();
    for (const edge of node.edges) {
      if (!defined.has(edge.task)) {
        const others = names.filter((name) => name !== node.name);
        issues.add(edge.path, 'value', `unknown dependency '${edge.task}' of task '${node.name}': no task has that name`, suggestion(edge.task, others, 'tasks'));
      } else if (seen.has(edge.task)) {
        issues.add(edge.path, 'value', `dependency '${edge.task}' of task '${node.name}' is listed twice`, 'remove the repeated entry');
      }
      seen.add(edge.task);
    }
  }
  for (const found of findCycles(nodes)) {
    if (options.only !== undefined && !found.includes(options.only)) continue;
    const at = options.only === undefined ? 0 : found.indexOf(options.only);
    const cycle = [...found.slice(at), ...found.slice(0, at)];
    const [first] = cycle;
    const second = cycle[1] ?? first;
    const edge = nodes.find((node) => node.name === first)?.edges.find((e) => e.task === second);
    const text = [...cycle, first].join(' -> ');
    const fix =
      cycle.length === 1
        ? `remove '${String(first)}' from its own dependencies`
        : 'remove one of these dependencies: a task cannot wait for itself, directly or through other tasks';
    issues.add(edge?.path ?? [], 'value', `dependency cycle: ${text}`, fix);
  }
}

/** Elementary cycles found by depth-first search (one per back edge), each rotated to start at its earliest task. */
export function findCycles(nodes: readonly GraphNode[]): string[][] {
  const order = new Map(nodes.map((node, index) => [node.name, index]));
  const edges = new Map(nodes.map((node) => [node.name, node.edges.map((e) => e.task).filter((t) => order.has(t))]));
  const state = new Map<string, 'active' | 'done'>();
  const stack: string[] = [];
  const cycles = new Map<string, string[]>();

  const visit = (name: string): void => {
    state.set(name, 'active');
    stack.push(name);
    for (const next of edges.get(name) ?? []) {
      const seen = state.get(next);
      if (seen === 'active') addCycle(stack.slice(stack.indexOf(next)));
      else if (seen === undefined) visit(next);
    }
    stack.pop();
    state.set(name, 'done');
  };
  const addCycle = (cycle: string[]): void => {
    let start = 0;
    cycle.forEach((name, index) => {
      if ((order.get(name) ?? 0) < (order.get(cycle[start] ?? '') ?? 0)) start = index;
    });
    const rotated = [...cycle.slice(start), ...cycle.slice(0, start)];
    cycles.set(rotated.join('\u0000'), rotated);
  };

  for (const node of nodes) if (!state.has(node.name)) visit(node.name);
  return [...cycles.values()];
}
