/**
 * Buy and hold: fully invested from the first close on, so the backtest buys at the second day's
 * open and never sells. The benchmark every other strategy is ranked against.
 */
import type { Strategy } from './strategy.js';
import type { StrategyDefinition } from './strategy-definition.js';

export const buyAndHoldStrategy: StrategyDefinition = {
  name: 'buy_and_hold',
  description: 'invest fully at the first opportunity and hold',
  parameters: {},
  create(params): Strategy {
    return { name: 'buy_and_hold', params, target: () => 1 };
  },
};
