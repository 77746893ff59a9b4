/**
 * Exposure and concentration of a marked-to-market portfolio, and position limits checked
 * against them. Inputs are market values (quantity × price, negative for shorts) and equity, so a
 * `PortfolioValuation` from the portfolio library can be passed as it is.
 */

export interface MarkedPosition {
  symbol: string;
  /** quantity × price; negative for a short. */
  marketValue: number;
}

export interface MarkedPortfolio {
  equity: number;
  positions: readonly MarkedPosition[];
}

export interface ExposureReport {
  /** Σ long market value / equity. */
  long: number;
  /** Σ |short market value| / equity. */
  short: number;
  /** long + short. */
  gross: number;
  /** long − short. */
  net: number;
  /** Signed weight (marketValue / equity) per symbol, largest |weight| first, then by symbol. */
  weights: { symbol: string; weight: number }[];
  /**
   * Herfindahl–Hirschman index of the positions' shares of gross market value, Σ (|mv_i| / Σ|mv|)²:
   * 1 for a single position, 1/n for n equal ones; null without positions.
   */
  herfindahl: number | null;
  /** 1 / herfindahl: the number of equal positions with the same concentration; null without positions. */
  effectivePositions: number | null;
}

export function exposureReport(portfolio: MarkedPortfolio): ExposureReport {
  const { equity, positions } = portfolio;
  if (!(Number.isFinite(equity) && equity > 0)) throw new RangeError(`equity must be a positive number, got ${equity}`);
  let long = 0;
  let short = 0;
  for (const p of positions) {
    if (!Number.isFinite(p.marketValue)) throw new RangeError(`market value of ${p.symbol} must be finite, got ${p.marketValue}`);
    if (p.marketValue > 0) long += p.marketValue;
    else short -= p.marketValue;
  }
  const grossValue = long + short;
  const weights = positions
    .map((p) => ({ symbol: p.symbol, weight: p.marketValue / equity }))
    .sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight) || (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
  const herfindahl = grossValue === 0 ? null : positions.reduce((s, p) => s + (Math.abs(p.marketValue) / grossValue) ** 2, 0);
  return {
    long: long / equity,
    short: short / equity,
    gross: grossValue / equity,
    net: (long - short) / equity,
    weights,
    herfindahl,
    effectivePositions: herfindahl === null ? null : 1 / herfindahl,
  };
}

export const LimitKind = {
  /** A symbol's |weight| is above `maxWeightPerSymbol`. */
  maxWeight: 'max_weight',
  /** Gross exposure is above `maxGrossExposure`. */
  maxGrossExposure: 'max_gross_exposure',
  /** |Net exposure| is above `maxNetExposure`. */
  maxNetExposure: 'max_net_exposure',
  /** More open positions than `maxPositions`. */
  maxPositions: 'max_positions',
} as const;
export type LimitKind = (typeof LimitKind)[keyof typeof LimitKind];

/** Limits as fractions of equity (1 = 100 %); an absent limit is not checked. */
export interface PositionLimits {
  maxWeightPerSymbol?: number;
  maxGrossExposure?: number;
  maxNetExposure?: number;
  maxPositions?: number;
}

export interface LimitBreach {
  kind: LimitKind;
  /** The symbol for `max_weight`, null for portfolio-wide limits. */
  symbol: string | null;
  value: number;
  limit: number;
  message: string;
}

const pct = (x: number): string => `${(x * 100).toFixed(2)}%`;

// Weights are quotients: a position at exactly its limit may compute a hair above it.
const ROUNDING = 1e-12;

/** Every limit breached (value above its limit by more than 1e-12), weight breaches first by size. */
export function checkLimits(exposure: ExposureReport, positionCount: number, limits: PositionLimits): LimitBreach[] {
  for (const [key, value] of Object.entries(limits)) {
    if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value) && value >= 0)) {
      throw new RangeError(`limit ${key} must be a number ≥ 0, got ${String(value)}`);
    }
  }
  const breaches: LimitBreach[] = [];
  const { maxWeightPerSymbol, maxGrossExposure, maxNetExposure, maxPositions } = limits;
  if (maxWeightPerSymbol !== undefined) {
    for (const w of exposure.weights) {
      const value = Math.abs(w.weight);
      if (value > maxWeightPerSymbol + ROUNDING) {
        breaches.push({ kind: 'max_weight', symbol: w.symbol, value, limit: maxWeightPerSymbol, message: `${w.symbol} is ${pct(value)} of equity, above the ${pct(maxWeightPerSymbol)} per-symbol limit` });
      }
    }
  }
  if (maxGrossExposure !== undefined && exposure.gross > maxGrossExposure + ROUNDING) {
    breaches.push({ kind: 'max_gross_exposure', symbol: null, value: exposure.gross, limit: maxGrossExposure, message: `gross exposure ${pct(exposure.gross)} is above the ${pct(maxGrossExposure)} limit` });
  }
  if (maxNetExposure !== undefined && Math.abs(exposure.net) > maxNetExposure + ROUNDING) {
    breaches.push({ kind: 'max_net_exposure', symbol: null, value: Math.abs(exposure.net), limit: maxNetExposure, message: `net exposure ${pct(exposure.net)} is beyond the ±${pct(maxNetExposure)} limit` });
  }
  if (maxPositions !== undefined && positionCount > maxPositions) {
    breaches.push({ kind: 'max_positions', symbol: null, value: positionCount, limit: maxPositions, message: `${positionCount} open positions, above the limit of ${maxPositions}` });
  }
  return breaches;
}
