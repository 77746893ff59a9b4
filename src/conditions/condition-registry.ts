/**
 * Named conditions a task can require before a due run starts (`conditions:` in the YAML). Each
 * observes one value — a number or a boolean — and the task's expectation is judged against it.
 * An unknown name is a configuration error, never silently true.
 */
import { closest } from '../closest-name.js';
import type { TaskConfig, ConditionExpectation, ConditionSpec } from '../model/task.js';

export interface ConditionContext {
  task: TaskConfig;
  now: number;
}

export interface Condition {
  name: string;
  description: string;
  /** What `observe` returns: a boolean condition takes `true`/`false`, a numeric one a number or a comparison. */
  valueKind: 'boolean' | 'number';
  observe(context: ConditionContext): boolean | number | Promise<boolean | number>;
  /** True when `observe` depends on the instant alone, not on live state: a schedule preview can judge it ahead of time. */
  timeOnly?: boolean;
  /** What a person needs besides the value, e.g. `XNYS closed; next open 2026-01-05T14:30:00.000Z`. */
  explain?(observed: boolean | number, context: ConditionContext): string;
}

export interface ConditionVerdict {
  name: string;
  ok: boolean;
  observed: boolean | number;
  /** e.g. `system_health: observed 0.62, needs >= 0.8`. */
  detail: string;
}

function describeExpectation(expect: ConditionExpectation): string {
  switch (expect.kind) {
    case 'boolean':
      return String(expect.value);
    case 'atLeast':
      return `>= ${expect.value}`;
    case 'compare':
      return `${expect.op} ${expect.value}`;
    default: {
      const exhaustive: never = expect;
      return exhaustive;
    }
  }
}

export function judge(expect: ConditionExpectation, observed: boolean | number): boolean {
  switch (expect.kind) {
    case 'boolean':
      return observed === expect.value;
    case 'atLeast':
      return typeof observed === 'number' && observed >= expect.value;
    case 'compare': {
      if (typeof observed !== 'number') return false;
      const v = expect.value;
      switch (expect.op) {
        case '>':
          return observed > v;
        case '>=':
          return observed >= v;
        case '<':
          return observed < v;
        case '<=':
          return observed <= v;
        case '==':
          return observed === v;
        case '!=':
          return observed !== v;
        default: {
          const exhaustive: never = expect.op;
          return exhaustive;
        }
      }
    }
    default: {
      const exhaustive: never = expect;
      return exhaustive;
    }
  }
}

export class ConditionRegistry {
  readonly #conditions = new Map<string, Condition>();

  register(condition: Condition): void {
    this.#conditions.set(condition.name, condition);
  }

  has(name: string): boolean {
    return this.#conditions.has(name);
  }

  names(): ReadonlySet<string> {
    return new Set(this.#conditions.keys());
  }

  get(name: string): Condition | undefined {
    return this.#conditions.get(name);
  }

  list(): Condition[] {
    return [...this.#conditions.values()];
  }

  /** Problems with a task's conditions: unknown names (with the closest known) or a value of the wrong kind. */
  problems(spec: ConditionSpec): { message: string; fix: string } | null {
    const condition = this.#conditions.get(spec.name);
    if (!condition) {
      const known = [...this.#conditions.keys()];
      const suggestion = closest(spec.name, known);
      const list = known.length > 0 ? `Known conditions: ${known.sort().join(', ')}; or register` : 'Register';
      return {
        message: `unknown condition '${spec.name}'`,
        fix: suggestion ? `did you mean '${suggestion}'? ${list} the condition before starting the orchestrator` : `${list} the condition before starting the orchestrator`,
      };
    }
    const wantsBoolean = spec.expect.kind === 'boolean';
    if (wantsBoolean !== (condition.valueKind === 'boolean')) {
      return condition.valueKind === 'boolean'
        ? { message: `condition '${spec.name}' is true or false, not ${spec.source}`, fix: `write ${spec.name}: true or ${spec.name}: false` }
        : {
            message: `condition '${spec.name}' is a number, so ${spec.source} cannot be compared with it`,
            fix: `write a minimum such as ${spec.name}: 0.8, or a comparison such as ${spec.name}: ">0"`,
          };
    }
    return null;
  }

  async evaluate(spec: ConditionSpec, context: ConditionContext): Promise<ConditionVerdict> {
    const condition = this.#conditions.get(spec.name);
    if (!condition) throw new Error(`condition '${spec.name}' is not registered`);
    const observed = await condition.observe(context);
    const ok = judge(spec.expect, observed);
    const shown = typeof observed === 'number' ? Number(observed.toFixed(4)) : observed;
    const why = condition.explain ? ` (${condition.explain(observed, context)})` : '';
    return {
      name: spec.name,
      ok,
      observed,
      detail: `${spec.name}: observed ${shown}, needs ${describeExpectation(spec.expect)}${why}`,
    };
  }
}
