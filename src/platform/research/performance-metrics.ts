/**
 * Performance metrics of a daily equity curve and of a list of closed trades.
 *
 * Conventions (r_1 … r_n the n daily simple returns of the curve, A = 252 trading days a year):
 * - total return = Π(1 + r_i) − 1 = last equity / first equity − 1.
 * - CAGR = (1 + total return)^(A / n) − 1: n trading days are n / 252 years.
 * - annualized volatility = s · √A, s the sample standard deviation (divisor n − 1).
 * - Sharpe = (mean(r) − rf / A) / s · √A, rf the annual risk-free rate (simple, spread evenly
 *   over the trading days).
 * - Sortino = (mean(r) − T) / DD · √A with downside deviation DD = √(Σ min(0, r_i − T)² / n) —
 *   the divisor is all n days, not only the losing ones (Sortino & Price). T is the daily target
 *   return, 0 by default; the risk-free rate does not enter.
 * - max drawdown: see risk/drawdown.ts; Calmar = CAGR / max drawdown.
 * - win rate = trades with P&L > 0 / closed trades; profit factor = Σ winning P&L / |Σ losing P&L|.
 * A ratio whose denominator is 0 (a flat curve, no losing trade, no trade) is null, not ∞ or NaN,
 * so every metric survives JSON.
 */
import { type EquityPoint, maxDrawdown } from '../risk/drawdown.js';
import { mean, sampleStdDev } from '../risk/sample-statistics.js';

export const TRADING_DAYS_PER_YEAR = 252;

export interface RatioOptions {
  /** Annual risk-free rate as a fraction (0.04 = 4 %); default 0. Used by Sharpe. */
  riskFreeRate?: number;
  /** Daily target return for Sortino; default 0. */
  sortinoTarget?: number;
  /** Periods per year; default 252. */
  periodsPerYear?: number;
}

export function totalReturn(returns: readonly number[]): number {
  return returns.reduce((growth, r) => growth * (1 + r), 1) - 1;
}

/** Null for an empty series (no time has passed). */
export function cagr(returns: readonly number[], periodsPerYear = TRADING_DAYS_PER_YEAR): number | null {
  if (returns.length === 0) return null;
  const growth = 1 + totalReturn(returns);
  return growth <= 0 ? -1 : growth ** (periodsPerYear / returns.length) - 1;
}

/** Null with fewer than two returns. */
export function annualizedVolatility(returns: readonly number[], periodsPerYear = TRADING_DAYS_PER_YEAR): number | null {
  return returns.length < 2 ? null : sampleStdDev(returns) * Math.sqrt(periodsPerYear);
}

export function sharpeRatio(returns: readonly number[], options: RatioOptions = {}): number | null {
  const { riskFreeRate = 0, periodsPerYear = TRADING_DAYS_PER_YEAR } = options;
  if (returns.length < 2) return null;
  const s = sampleStdDev(returns);
  return s === 0 ? null : ((mean(returns) - riskFreeRate / periodsPerYear) / s) * Math.sqrt(periodsPerYear);
}

/** √(Σ min(0, r_i − target)² / n). */
export function downsideDeviation(returns: readonly number[], target = 0): number {
  if (returns.length === 0) throw new RangeError('downside deviation needs at least one return');
  let squares = 0;
  for (const r of returns) squares += Math.min(0, r - target) ** 2;
  return Math.sqrt(squares / returns.length);
}

export function sortinoRatio(returns: readonly number[], options: RatioOptions = {}): number | null {
  const { sortinoTarget = 0, periodsPerYear = TRADING_DAYS_PER_YEAR } = options;
  if (returns.length === 0) return null;
  const dd = downsideDeviation(returns, sortinoTarget);
  return dd === 0 ? null : ((mean(returns) - sortinoTarget) / dd) * Math.sqrt(periodsPerYear);
}

/** Daily simple returns of an equity curve: n points give n − 1 returns. */
export function curveReturns(curve: readonly EquityPoint[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < curve.length; i++) out.push((curve[i] as EquityPoint).equity / (curve[i - 1] as EquityPoint).equity - 1);
  return out;
}

export interface ReturnMetrics {
  /** Number of daily returns (points − 1). */
  days: number;
  totalReturn: number;
  cagr: number | null;
  annualizedVolatility: number | null;
  sharpe: number | null;
  sortino: number | null;
  maxDrawdown: number;
  maxDrawdownPeakDate: string | null;
  maxDrawdownTroughDate: string | null;
  maxDrawdownRecoveryDate: string | null;
  calmar: number | null;
}

export function returnMetrics(curve: readonly EquityPoint[], options: RatioOptions = {}): ReturnMetrics {
  const dd = maxDrawdown(curve);
  const returns = curveReturns(curve);
  const periodsPerYear = options.periodsPerYear ?? TRADING_DAYS_PER_YEAR;
  const growth = cagr(returns, periodsPerYear);
  return {
    days: returns.length,
    totalReturn: totalReturn(returns),
    cagr: growth,
    annualizedVolatility: annualizedVolatility(returns, periodsPerYear),
    sharpe: sharpeRatio(returns, options),
    sortino: sortinoRatio(returns, options),
    maxDrawdown: dd.maxDrawdown,
    maxDrawdownPeakDate: dd.peakDate,
    maxDrawdownTroughDate: dd.troughDate,
    maxDrawdownRecoveryDate: dd.recoveryDate,
    calmar: growth === null || dd.maxDrawdown === 0 ? null : growth / dd.maxDrawdown,
  };
}

export interface TradeStatistics {
  numberOfTrades: number;
  winners: number;
  losers: number;
  /** winners / trades; null without trades. */
  winRate: number | null;
  /** Σ P&L of winners. */
  grossProfit: number;
  /** |Σ P&L of losers|. */
  grossLoss: number;
  /** grossProfit / grossLoss; null without a losing trade. */
  profitFactor: number | null;
  /** Mean P&L per trade; null without trades. */
  averagePnl: number | null;
}

/** Statistics of closed trades; a trade with P&L exactly 0 is neither a winner nor a loser. */
export function tradeStatistics(trades: readonly { pnl: number }[]): TradeStatistics {
  let grossProfit = 0;
  let grossLoss = 0;
  let winners = 0;
  let losers = 0;
  for (const { pnl } of trades) {
    if (pnl > 0) {
      winners++;
      grossProfit += pnl;
    } else if (pnl < 0) {
      losers++;
      grossLoss -= pnl;
    }
  }
  const n = trades.length;
  return {
    numberOfTrades: n,
    winners,
    losers,
    winRate: n === 0 ? null : winners / n,
    grossProfit,
    grossLoss,
    profitFactor: grossLoss === 0 ? null : grossProfit / grossLoss,
    averagePnl: n === 0 ? null : (grossProfit - grossLoss) / n,
  };
}
