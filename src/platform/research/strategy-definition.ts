/** How a strategy is described to the registry: its parameters' schema and a factory. */
import type { Strategy } from './strategy.js';

export interface ParameterSpec {
  /** What the parameter means, with its unit. */
  description: string;
  default: number;
  /** Inclusive lower bound. */
  min?: number;
  /** Inclusive upper bound. */
  max?: number;
  /** Whole numbers only (day counts). */
  integer?: boolean;
}

export interface StrategyDefinition {
  /** Registry name, snake_case (`mean_reversion`). */
  name: string;
  description: string;
  parameters: Readonly<Record<string, ParameterSpec>>;
  /**
   * Rules across parameters, run after each parameter passed its own spec; returns one message
   * per broken rule (empty when all hold), each naming the parameters and the fix.
   */
  crossCheck?(params: Readonly<Record<string, number>>): string[];
  create(params: Readonly<Record<string, number>>): Strategy;
}
