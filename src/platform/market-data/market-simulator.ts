import { createRandom, type Random } from '../random.js';
import { isIsoDate, type Bar } from './bar.js';
import { MarketDataError } from './market-data-error.js';
import {
  DEFAULT_MARKET_MODEL, DEFAULT_UNIVERSE, TRADING_DAYS_PER_YEAR, checkMarketModel, checkSymbolSpec,
  type MarketModel, type SymbolSpec,
} from './simulator-model.js';

/**
 * A deterministic, seeded simulator of daily bars (the model is documented in
 * simulator-model.ts). Each random source is its own named stream — the market's, one per
 * sector, one per symbol — so a symbol's bars depend only on the seed, its own parameters,
 * its sector and the dates: simulating it alone or with others gives the same bars, and
 * simulating more dates never changes the earlier ones.
 */

export interface SimulatorOptions {
  /** Names the whole data set: same seed, same bars. */
  readonly seed: number | string;
  /** Symbols that can be simulated. Default DEFAULT_UNIVERSE. */
  readonly universe?: readonly SymbolSpec[];
  /** Market-wide parameters. Default DEFAULT_MARKET_MODEL. */
  readonly market?: MarketModel;
}

/** The market's state per session: what every symbol shares. */
interface MarketPath {
  /** Volatility state v_t (daily multiplier, mean square ≈ 1). */
  readonly vol: Float64Array;
  /** Market factor log return m_t. */
  readonly factor: Float64Array;
}

const SQRT_YEAR = Math.sqrt(TRADING_DAYS_PER_YEAR);
const CENT = 0.01;

function checkDates(dates: readonly string[]): void {
  dates.forEach((date, index) => {
    if (!isIsoDate(date)) throw new MarketDataError('EVOLVE_MARKET_DATA_INVALID', `dates[${index}] "${date}" is not a date; write it as YYYY-MM-DD`);
    const previous = dates[index - 1];
    if (previous !== undefined && previous >= date) {
      throw new MarketDataError('EVOLVE_MARKET_DATA_INVALID', `dates must be strictly increasing: dates[${index}] "${date}" follows "${previous}"`);
    }
  });
}

/** Regime multipliers k(bull), k(bear) scaled so that E[k²] = 1 under the stationary law. */
function regimeMultipliers(market: MarketModel): { bull: number; bear: number; pBear: number } {
  const leaveBull = 1 / market.bull.meanDays;
  const leaveBear = 1 / market.bear.meanDays;
  const pBear = leaveBull / (leaveBull + leaveBear);
  const norm = Math.sqrt((1 - pBear) * market.bull.volatility ** 2 + pBear * market.bear.volatility ** 2);
  return { bull: market.bull.volatility / norm, bear: market.bear.volatility / norm, pBear };
}

/** Two uniforms and one normal per session, always, from the market's own stream. */
function simulateMarketPath(sessions: number, random: Random, market: MarketModel): MarketPath {
  const vol = new Float64Array(sessions);
  const factor = new Float64Array(sessions);
  const k = regimeMultipliers(market);
  const dailySigma = market.volatility / SQRT_YEAR;
  let bear = false;
  let h = 1;
  for (let t = 0; t < sessions; t += 1) {
    const u = random.next();
    if (t === 0) bear = u < k.pBear;
    else bear = bear ? u >= 1 / market.bear.meanDays : u < 1 / market.bull.meanDays;
    const z = random.normal();
    const v = Math.sqrt(h) * (bear ? k.bear : k.bull);
    const drift = (bear ? market.bear.drift : market.bull.drift) / TRADING_DAYS_PER_YEAR;
    vol[t] = v;
    factor[t] = drift + v * dailySigma * z;
    h = 1 - market.garchAlpha - market.garchBeta + market.garchAlpha * h * z * z + market.garchBeta * h;
  }
  return { vol, factor };
}

function sectorShocks(sessions: number, random: Random): Float64Array {
  const shocks = new Float64Array(sessions);
  for (let t = 0; t < sessions; t += 1) shocks[t] = random.normal();
  return shocks;
}

function roundPrice(value: number): number {
  return Math.max(CENT, Math.round(value * 100) / 100);
}

/** One symbol's bars over the market path; every draw comes from the symbol's own stream. */
function simulateSymbol(dates: readonly string[], spec: SymbolSpec, path: MarketPath, sector: Float64Array, random: Random, market: MarketModel): Bar[] {
  const residual = spec.volatility ** 2 - (spec.beta * market.volatility) ** 2;
  const sectorLoad = Math.sqrt(spec.sectorShare * residual) / SQRT_YEAR;
  const idioLoad = Math.sqrt((1 - spec.sectorShare) * residual) / SQRT_YEAR;
  const dailySigma = spec.volatility / SQRT_YEAR;
  const jumpRate = spec.jumpsPerYear / TRADING_DAYS_PER_YEAR;
  const bars: Bar[] = [];
  let previousClose = spec.price;
  for (let t = 0; t < dates.length; t += 1) {
    const v = path.vol[t] ?? 1;
    let r = spec.alpha / TRADING_DAYS_PER_YEAR + spec.beta * (path.factor[t] ?? 0)
      + v * (sectorLoad * (sector[t] ?? 0) + idioLoad * random.normal());
    const jumps = random.poisson(jumpRate);
    for (let n = 0; n < jumps; n += 1) r += spec.jumpMean + spec.jumpVolatility * random.normal();

    const close = previousClose * Math.exp(r);
    const gap = market.overnightShare * r + market.overnightNoise * v * dailySigma * random.normal();
    const open = previousClose * Math.exp(gap);
    const high = Math.max(open, close) * Math.exp(market.rangeScale * v * dailySigma * Math.abs(random.normal()));
    const low = Math.min(open, close) * Math.exp(-market.rangeScale * v * dailySigma * Math.abs(random.normal()));
    const surprise = Math.min(Math.abs(r) / dailySigma, 6) - 0.8;
    const volume = Math.round(spec.volume * Math.exp(market.volumeElasticity * surprise + market.volumeNoise * random.normal()));
    bars.push({ date: dates[t] ?? '', open: roundPrice(open), high: roundPrice(high), low: roundPrice(low), close: roundPrice(close), volume });
    previousClose = close;
  }
  return bars;
}

/**
 * Bars for `symbols` on the given session `dates` (strictly increasing 'YYYY-MM-DD', usually
 * from `sessionDates(calendar, from, to)`). The first bar follows the symbol's `price`.
 */
export function simulateBars(dates: readonly string[], symbols: readonly string[], options: SimulatorOptions): Map<string, Bar[]> {
  const universe = options.universe ?? DEFAULT_UNIVERSE;
  const market = options.market ?? DEFAULT_MARKET_MODEL;
  checkMarketModel(market);
  checkDates(dates);
  const specs = symbols.map((symbol) => {
    const found = universe.find((candidate) => candidate.symbol === symbol);
    if (found === undefined) {
      throw new MarketDataError('EVOLVE_MARKET_DATA_INVALID', `the simulator has no symbol "${symbol}"; it knows ${universe.map((s) => s.symbol).join(', ')}`);
    }
    checkSymbolSpec(found, market);
    return found;
  });

  const path = simulateMarketPath(dates.length, createRandom(options.seed, 'market'), market);
  const sectors = new Map<string, Float64Array>();
  const out = new Map<string, Bar[]>();
  for (const spec of specs) {
    let sector = sectors.get(spec.sector);
    if (sector === undefined) {
      sector = sectorShocks(dates.length, createRandom(options.seed, 'sector', spec.sector));
      sectors.set(spec.sector, sector);
    }
    out.set(spec.symbol, simulateSymbol(dates, spec, path, sector, createRandom(options.seed, 'symbol', spec.symbol), market));
  }
  return out;
}
