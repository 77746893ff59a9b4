/**
 * Mean reversion on the z-score of the price against its moving average.
 *
 * At the close of day t (t ≥ window − 1): over the last `window` closes (today included),
 * z = (close(t) − mean) / s, s their sample standard deviation (z = 0 when s is 0). Enter long
 * when z < −entryZ; once in, hold until z ≥ exitZ (default 0: back at the average). Flat before
 * the window fills.
 */
import { mean, sampleStdDev } from '../risk/sample-statistics.js';
import type { PriceHistory, Strategy } from './strategy.js';
import type { StrategyDefinition } from './strategy-definition.js';

const DEFAULTS = { window: 20, entryZ: 2, exitZ: 0 };

/** The z-score of today's close against the last `window` closes. */
export function zScore(history: PriceHistory, window: number): number {
  const closes: number[] = [];
  for (let i = history.length - window; i < history.length; i++) closes.push(history.close(i));
  const s = sampleStdDev(closes);
  return s === 0 ? 0 : (history.close(history.length - 1) - mean(closes)) / s;
}

function meanReversionTarget(params: Readonly<Record<string, number>>, history: PriceHistory, previous: number): number {
  const { window, entryZ, exitZ } = { ...DEFAULTS, ...params };
  if (history.length < window) return 0;
  const z = zScore(history, window);
  if (previous > 0) return z >= exitZ ? 0 : 1;
  return z < -entryZ ? 1 : 0;
}

export const meanReversionStrategy: StrategyDefinition = {
  name: 'mean_reversion',
  description: 'buy when the price is more than entryZ standard deviations below its moving average, sell when back at exitZ',
  parameters: {
    window: { description: 'days in the moving average and standard deviation', default: DEFAULTS.window, min: 2, max: 2520, integer: true },
    entryZ: { description: 'enter when the z-score falls below −entryZ (standard deviations)', default: DEFAULTS.entryZ, min: 0, max: 10 },
    exitZ: { description: 'exit when the z-score rises to exitZ (standard deviations)', default: DEFAULTS.exitZ, min: -10, max: 10 },
  },
  crossCheck(params): string[] {
    const { entryZ, exitZ } = { ...DEFAULTS, ...params };
    return exitZ > -entryZ ? [] : [`exitZ (${exitZ}) must be above −entryZ (${-entryZ}), or a position would exit as soon as it enters`];
  },
  create(params): Strategy {
    return { name: 'mean_reversion', params, target: (history, previous) => meanReversionTarget(params, history, previous) };
  },
};
