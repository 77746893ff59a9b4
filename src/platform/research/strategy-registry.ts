/**
 * The strategies a research run can name, each with its parameter schema and defaults. A registry
 * is an ordinary object made by the caller (no module-level registry): `defaultStrategyRegistry()`
 * returns a new one holding the three built-ins, to which a user may add their own.
 *
 * Parameters arrive as untyped values (YAML task parameters, command arguments, HTTP bodies);
 * `resolveParameters` fills the defaults and rejects, all problems at once, unknown names,
 * non-numbers, non-integers where a day count is expected and values out of range.
 */
import { EvolveError } from '../../index.js';
import { buyAndHoldStrategy } from './buy-and-hold-strategy.js';
import { meanReversionStrategy } from './mean-reversion-strategy.js';
import { momentumStrategy } from './momentum-strategy.js';
import type { Strategy } from './strategy.js';
import type { ParameterSpec, StrategyDefinition } from './strategy-definition.js';

export interface ParameterIssue {
  /** `strategy` or `<strategy>.<parameter>`. */
  path: string;
  message: string;
}

/** Unknown strategy or invalid parameters; `issues` lists every problem found. */
export class StrategyParameterError extends EvolveError {
  readonly issues: readonly ParameterIssue[];

  constructor(issues: readonly ParameterIssue[]) {
    super('EVOLVE_STRATEGY_INVALID', `invalid strategy parameters:\n${issues.map((i) => `  ${i.path}: ${i.message}`).join('\n')}`);
    this.name = 'StrategyParameterError';
    this.issues = issues;
  }
}

function rangeText(spec: ParameterSpec): string {
  const kind = spec.integer === true ? 'a whole number' : 'a number';
  if (spec.min !== undefined && spec.max !== undefined) return `${kind} from ${spec.min} to ${spec.max}`;
  if (spec.min !== undefined) return `${kind} ≥ ${spec.min}`;
  if (spec.max !== undefined) return `${kind} ≤ ${spec.max}`;
  return kind;
}

function checkParameter(spec: ParameterSpec, value: unknown): string | null {
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (spec.integer !== true || Number.isInteger(value)) &&
    (spec.min === undefined || value >= spec.min) &&
    (spec.max === undefined || value <= spec.max);
  return ok ? null : `must be ${rangeText(spec)} (${spec.description}; default ${spec.default}), got ${JSON.stringify(value) ?? String(value)}`;
}

export class StrategyRegistry {
  readonly #definitions = new Map<string, StrategyDefinition>();

  constructor(definitions: readonly StrategyDefinition[] = []) {
    for (const d of definitions) this.register(d);
  }

  /** Adds a strategy; a second one under the same name is an error, not a silent replacement. */
  register(definition: StrategyDefinition): this {
    if (this.#definitions.has(definition.name)) throw new RangeError(`a strategy named ${definition.name} is already registered`);
    this.#definitions.set(definition.name, definition);
    return this;
  }

  /** Registered names, sorted. */
  names(): string[] {
    return [...this.#definitions.keys()].sort();
  }

  get(name: string): StrategyDefinition {
    const definition = this.#definitions.get(name);
    if (definition === undefined) {
      throw new StrategyParameterError([{ path: 'strategy', message: `unknown strategy ${JSON.stringify(name)}; use one of ${this.names().join(', ')}` }]);
    }
    return definition;
  }

  /** Defaults merged with `raw`, validated; throws StrategyParameterError listing every problem. */
  resolveParameters(name: string, raw: Readonly<Record<string, unknown>> = {}): Record<string, number> {
    const definition = this.get(name);
    const issues: ParameterIssue[] = [];
    const known = Object.keys(definition.parameters);
    for (const key of Object.keys(raw)) {
      if (!Object.hasOwn(definition.parameters, key)) {
        const accepted = known.length === 0 ? 'it takes no parameters' : `its parameters are ${known.join(', ')}`;
        issues.push({ path: `${name}.${key}`, message: `${name} has no parameter ${JSON.stringify(key)}; ${accepted}` });
      }
    }
    const params: Record<string, number> = {};
    for (const [key, spec] of Object.entries(definition.parameters)) {
      const value = raw[key] === undefined ? spec.default : raw[key];
      const problem = checkParameter(spec, value);
      if (problem === null) params[key] = value as number;
      else issues.push({ path: `${name}.${key}`, message: problem });
    }
    if (issues.length === 0 && definition.crossCheck !== undefined) {
      for (const message of definition.crossCheck(params)) issues.push({ path: name, message });
    }
    if (issues.length > 0) throw new StrategyParameterError(issues);
    return params;
  }

  /** A strategy with validated parameters. */
  create(name: string, raw: Readonly<Record<string, unknown>> = {}): Strategy {
    return this.get(name).create(Object.freeze(this.resolveParameters(name, raw)));
  }
}

/** A new registry holding momentum, mean_reversion and buy_and_hold. */
export function defaultStrategyRegistry(): StrategyRegistry {
  return new StrategyRegistry([momentumStrategy, meanReversionStrategy, buyAndHoldStrategy]);
}
