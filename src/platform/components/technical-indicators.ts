/**
 * The technical figures the MarketAnalyzer reports for a symbol, as pure functions of its closes
 * (oldest first). Each returns null when the series is too short for it, never a made-up value.
 *
 * RSI is Wilder's (1978): the first average gain and loss are the simple means of the first
 * `period` close-to-close changes, each later one is smoothed as avg ← (avg·(period − 1) + x) / period,
 * and RSI = 100 − 100 / (1 + avgGain / avgLoss): 100 when there were no losses, 50 when the
 * closes never moved.
 */
import { annualizedVolatility } from '../research/index.js';
import { mean, simpleReturns } from '../risk/index.js';
import type { Bar } from '../market-data/index.js';

/** close > SMA20 > SMA50: 'up'; close < SMA20 < SMA50: 'down'; otherwise 'sideways'; 'unknown' without 50 sessions. */
export type Trend = 'up' | 'down' | 'sideways' | 'unknown';

export interface TechnicalStats {
  /** Date of the last bar. */
  asOf: string;
  lastClose: number;
  sma20: number | null;
  sma50: number | null;
  rsi14: number | null;
  /** Annualised realised volatility of the last 20 daily returns. */
  volatility20: number | null;
  /** Simple returns over the last 1, 5 and 20 sessions. */
  return1: number | null;
  return5: number | null;
  return20: number | null;
  trend: Trend;
}

/** Mean of the last `period` values. */
export function simpleMovingAverage(values: readonly number[], period: number): number | null {
  requirePeriod(period);
  return values.length < period ? null : mean(values.slice(-period));
}

/** Wilder's RSI over `period` changes (see the header); needs period + 1 closes. */
export function relativeStrengthIndex(closes: readonly number[], period = 14): number | null {
  requirePeriod(period);
  if (closes.length < period + 1) return null;
  let gain = 0;
  let loss = 0;
  for (let t = 1; t < closes.length; t += 1) {
    const change = (closes[t] as number) - (closes[t - 1] as number);
    const up = Math.max(change, 0);
    const down = Math.max(-change, 0);
    if (t <= period) {
      gain += up / period;
      loss += down / period;
    } else {
      gain = (gain * (period - 1) + up) / period;
      loss = (loss * (period - 1) + down) / period;
    }
  }
  if (loss === 0) return gain === 0 ? 50 : 100;
  return 100 - 100 / (1 + gain / loss);
}

/** close_t / close_{t−sessions} − 1. */
export function periodReturn(closes: readonly number[], sessions: number): number | null {
  requirePeriod(sessions);
  if (closes.length < sessions + 1) return null;
  return (closes[closes.length - 1] as number) / (closes[closes.length - 1 - sessions] as number) - 1;
}

/** Annualised sample volatility of the last `sessions` daily simple returns. */
export function realizedVolatility(closes: readonly number[], sessions = 20): number | null {
  requirePeriod(sessions);
  if (closes.length < sessions + 1) return null;
  return annualizedVolatility(simpleReturns(closes.slice(-(sessions + 1))));
}

export function trendOf(close: number, sma20: number | null, sma50: number | null): Trend {
  if (sma20 === null || sma50 === null) return 'unknown';
  if (close > sma20 && sma20 > sma50) return 'up';
  if (close < sma20 && sma20 < sma50) return 'down';
  return 'sideways';
}

/** Every figure above for the bars (oldest first); throws on no bars. */
export function technicalStats(bars: readonly Bar[]): TechnicalStats {
  const last = bars[bars.length - 1];
  if (last === undefined) throw new RangeError('technical statistics need at least one bar');
  const closes = bars.map((bar) => bar.close);
  const sma20 = simpleMovingAverage(closes, 20);
  const sma50 = simpleMovingAverage(closes, 50);
  return {
    asOf: last.date,
    lastClose: last.close,
    sma20,
    sma50,
    rsi14: relativeStrengthIndex(closes, 14),
    volatility20: realizedVolatility(closes, 20),
    return1: periodReturn(closes, 1),
    return5: periodReturn(closes, 5),
    return20: periodReturn(closes, 20),
    trend: trendOf(last.close, sma20, sma50),
  };
}

function requirePeriod(period: number): void {
  if (!Number.isInteger(period) || period < 1) throw new RangeError(`a period must be a whole number of sessions ≥ 1, got ${period}`);
}
