/**
 * Portfolio VaR by historical simulation: today's position weights applied to each past day's
 * returns, r_p(t) = Σ_i w_i · r_i(t) with w_i = market value_i / equity, then the VaR/CVaR
 * convention of value-at-risk.ts on that series. Amounts are the fractions times equity.
 */
import type { MarkedPortfolio } from './exposure.js';
import { type TailRisk, VAR_CONFIDENCE_LEVELS, historicalTailRisk } from './value-at-risk.js';

export interface PortfolioTailRisk extends TailRisk {
  /** valueAtRisk × equity, in cash. */
  valueAtRiskAmount: number;
  /** conditionalVaR × equity, in cash. */
  conditionalVaRAmount: number;
}

export interface PortfolioVaR {
  equity: number;
  /** marketValue / equity per held symbol. */
  weights: Record<string, number>;
  /** The simulated portfolio return for each historical day. */
  returns: number[];
  /** One entry per confidence level, in the order asked. */
  levels: PortfolioTailRisk[];
}

/**
 * `returns` maps each held symbol to its daily returns on the same dates (aligned by the caller;
 * a missing symbol or a length mismatch is an error). Symbols not held are ignored.
 */
export function portfolioVaR(
  portfolio: MarkedPortfolio,
  returns: Readonly<Record<string, readonly number[]>>,
  confidenceLevels: readonly number[] = VAR_CONFIDENCE_LEVELS,
): PortfolioVaR {
  const { equity } = portfolio;
  if (!(Number.isFinite(equity) && equity > 0)) throw new RangeError(`equity must be a positive number, got ${equity}`);
  if (portfolio.positions.length === 0) throw new RangeError('portfolio VaR needs at least one position');
  const weights: Record<string, number> = {};
  let length: number | null = null;
  for (const p of portfolio.positions) {
    const series = returns[p.symbol];
    if (series === undefined) throw new RangeError(`no return history for ${p.symbol}: pass one for every position`);
    if (length !== null && series.length !== length) {
      throw new RangeError(`return history of ${p.symbol} has ${series.length} values, others ${length}; align them by date first`);
    }
    length = series.length;
    weights[p.symbol] = (weights[p.symbol] ?? 0) + p.marketValue / equity;
  }
  const days = length ?? 0;
  const simulated: number[] = [];
  for (let t = 0; t < days; t++) {
    let r = 0;
    for (const [symbol, w] of Object.entries(weights)) r += w * ((returns[symbol] as readonly number[])[t] as number);
    simulated.push(r);
  }
  const levels = confidenceLevels.map((c) => {
    const tail = historicalTailRisk(simulated, c);
    return { ...tail, valueAtRiskAmount: tail.valueAtRisk * equity, conditionalVaRAmount: tail.conditionalVaR * equity };
  });
  return { equity, weights, returns: simulated, levels };
}
