/**
 * Time-series momentum: hold the asset while its return over the lookback is above a threshold.
 *
 * At the close of day t (t ≥ lookback): r = close(t) / close(t − lookback) − 1. In when
 * r > threshold, flat otherwise. With volatility targeting on (targetVolatility > 0) the weight
 * when in is min(1, targetVolatility / σ), σ the sample standard deviation of the last
 * `volatilityLookback` daily simple returns × √252 (1 when σ is 0); the history must then also
 * cover the volatility window. Before that much history exists the target is 0.
 */
import { sampleStdDev } from '../risk/sample-statistics.js';
import { type PriceHistory, type Strategy, recentReturns } from './strategy.js';
import type { StrategyDefinition } from './strategy-definition.js';

const TRADING_DAYS = 252;
const DEFAULTS = { lookback: 60, threshold: 0, targetVolatility: 0, volatilityLookback: 20 };

function momentumTarget(params: Readonly<Record<string, number>>, history: PriceHistory): number {
  const { lookback, threshold, targetVolatility, volatilityLookback } = { ...DEFAULTS, ...params };
  const today = history.length - 1;
  const needed = targetVolatility > 0 ? Math.max(lookback, volatilityLookback) : lookback;
  if (today < needed) return 0;
  const r = history.close(today) / history.close(today - lookback) - 1;
  if (!(r > threshold)) return 0;
  if (targetVolatility === 0) return 1;
  const sigma = sampleStdDev(recentReturns(history, volatilityLookback)) * Math.sqrt(TRADING_DAYS);
  return sigma === 0 ? 1 : Math.min(1, targetVolatility / sigma);
}

export const momentumStrategy: StrategyDefinition = {
  name: 'momentum',
  description: 'hold while the return over the lookback is above the threshold, optionally scaled to a target volatility',
  parameters: {
    lookback: { description: 'days over which the return is measured', default: DEFAULTS.lookback, min: 1, max: 2520, integer: true },
    threshold: { description: 'lookback return (fraction, 0.05 = 5 %) that must be exceeded to hold', default: DEFAULTS.threshold, min: -1, max: 10 },
    targetVolatility: { description: 'annualized volatility to scale the position to (fraction); 0 turns targeting off', default: DEFAULTS.targetVolatility, min: 0, max: 5 },
    volatilityLookback: { description: 'days of returns for the realized volatility', default: DEFAULTS.volatilityLookback, min: 2, max: 2520, integer: true },
  },
  create(params): Strategy {
    return { name: 'momentum', params, target: (history) => momentumTarget(params, history) };
  },
};
