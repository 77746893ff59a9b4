/**
 * What the analysis components (MarketAnalyzer, ModelInnovationAgent) read from outside: a
 * symbol's bars from the DataManager, refused with the known symbols when there are none, and
 * their agents' parameters, refused with the parameter's name when mistyped (never defaulted).
 */
import type { Bar } from '../market-data/index.js';
import type { DataManager } from './data-manager.js';

/** The symbol's analysed bars, oldest first; throws naming the known symbols when it has fewer than `minBars`. */
export function barsOf(data: DataManager, symbol: string, minBars = 1): Bar[] {
  const bars = data.bars(symbol);
  if (bars.length === 0) {
    const known = data.symbols.filter((s) => data.latestPrice(s) !== null);
    const hint = known.length === 0 ? 'no symbol has data yet: run `sync` first' : `known symbols: ${known.join(', ')}`;
    throw new Error(`no market data for "${symbol}"; ${hint}`);
  }
  if (bars.length < minBars) throw new Error(`${symbol} has ${bars.length} bars; this needs at least ${minBars} (sync more history)`);
  return bars;
}

export function closesOf(data: DataManager, symbol: string, minBars = 1): number[] {
  return barsOf(data, symbol, minBars).map((bar) => bar.close);
}

/** `symbols` (a list) or `symbol` (one), upper-cased; undefined when neither is given or the list is empty. */
export function symbolsParameter(parameters: Readonly<Record<string, unknown>>): string[] | undefined {
  const raw = parameters['symbols'] ?? (parameters['symbol'] === undefined ? undefined : [parameters['symbol']]);
  if (raw === undefined || raw === null) return undefined;
  if (!Array.isArray(raw) || raw.some((s) => typeof s !== 'string' || s.trim() === '')) {
    throw new Error(`parameter "symbols" must be a list of ticker symbols, got ${JSON.stringify(raw)}`);
  }
  const symbols = [...new Set((raw as string[]).map((s) => s.trim().toUpperCase()))];
  return symbols.length === 0 ? undefined : symbols;
}

/** A numeric parameter in [min, max], or undefined when absent. */
export function numberParameter(parameters: Readonly<Record<string, unknown>>, name: string, min: number, max: number): number | undefined {
  const value = parameters[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new Error(`parameter "${name}" must be a number from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** Rounds for results and journal sentences (4 significant decimals is plenty for MASE and prices). */
export function round(value: number, decimals = 4): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
