/**
 * Daily sentiment per symbol from scored headlines. Windows are UTC days; a headline counts for
 * each of its symbols; only days with headlines have a window.
 *
 * - `mean`: the plain mean of the day's scores.
 * - `weighted`: a recency-weighted mean over the symbol's headlines up to the end of the day,
 *   weight 2^(−age / halfLifeMs) with age measured from the end of the day, so yesterday's news
 *   still counts at half weight with the default one-day half-life. Headlines older than
 *   WEIGHT_HORIZON_HALF_LIVES half-lives (weight < 0.1 %) are left out.
 * - `previous` / `change`: the mean of the symbol's previous day with headlines, and mean − previous.
 */
import type { ScoredHeadline } from './scored-headline.js';

export interface SentimentAggregationOptions {
  /** Half-life of the recency weights, in milliseconds. Default 86 400 000 (one day). */
  halfLifeMs?: number;
}

export interface SentimentWindow {
  symbol: string;
  /** UTC day, YYYY-MM-DD. */
  date: string;
  /** Headlines on the day. */
  count: number;
  /** Mean score of the day's headlines, in [-1, 1]. */
  mean: number;
  /** Recency-weighted mean score up to the end of the day, in [-1, 1]. */
  weighted: number;
  /** `mean` of the previous day with headlines; null on the first. */
  previous: number | null;
  /** mean − previous; null on the first day. */
  change: number | null;
}

const DAY_MS = 86_400_000;
export const DEFAULT_HALF_LIFE_MS = DAY_MS;
export const WEIGHT_HORIZON_HALF_LIVES = 10;

/** A score at an instant (epoch milliseconds). */
export interface TimedScore {
  at: number;
  score: number;
}

/** Windows sorted by symbol, then date. */
export function aggregateSentiment(headlines: readonly ScoredHeadline[], options: SentimentAggregationOptions = {}): SentimentWindow[] {
  const halfLifeMs = options.halfLifeMs ?? DEFAULT_HALF_LIFE_MS;
  if (!(Number.isFinite(halfLifeMs) && halfLifeMs > 0)) throw new RangeError(`halfLifeMs must be a positive number of milliseconds, got ${halfLifeMs}`);
  const windows: SentimentWindow[] = [];
  for (const [symbol, points] of [...scoresBySymbol(headlines)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    windows.push(...symbolWindows(symbol, points, halfLifeMs));
  }
  return windows;
}

/** Each symbol's headline scores, oldest first; a headline counts once for each of its symbols. */
export function scoresBySymbol(headlines: readonly ScoredHeadline[]): Map<string, TimedScore[]> {
  const bySymbol = new Map<string, TimedScore[]>();
  for (const headline of headlines) {
    const at = Date.parse(headline.published);
    if (!Number.isFinite(at)) throw new RangeError(`headline ${headline.id} has published ${JSON.stringify(headline.published)}, not an ISO 8601 instant`);
    for (const symbol of new Set(headline.symbols)) {
      let points = bySymbol.get(symbol);
      if (points === undefined) bySymbol.set(symbol, (points = []));
      points.push({ at, score: headline.score });
    }
  }
  for (const points of bySymbol.values()) points.sort((a, b) => a.at - b.at);
  return bySymbol;
}

function symbolWindows(symbol: string, points: readonly TimedScore[], halfLifeMs: number): SentimentWindow[] {
  const windows: SentimentWindow[] = [];
  let previous: number | null = null;
  let dayStart = 0;
  let horizonStart = 0;
  while (dayStart < points.length) {
    const day = Math.floor((points[dayStart]?.at ?? 0) / DAY_MS);
    let dayEnd = dayStart;
    while (dayEnd < points.length && Math.floor((points[dayEnd]?.at ?? 0) / DAY_MS) === day) dayEnd++;
    const today = points.slice(dayStart, dayEnd);
    const mean = today.reduce((sum, p) => sum + p.score, 0) / today.length;
    const asOf = (day + 1) * DAY_MS;
    while ((points[horizonStart]?.at ?? asOf) < asOf - WEIGHT_HORIZON_HALF_LIVES * halfLifeMs) horizonStart++;
    windows.push({
      symbol,
      date: new Date(day * DAY_MS).toISOString().slice(0, 10),
      count: today.length,
      mean,
      weighted: recencyWeighted(points.slice(horizonStart, dayEnd), asOf, halfLifeMs),
      previous,
      change: previous === null ? null : mean - previous,
    });
    previous = mean;
    dayStart = dayEnd;
  }
  return windows;
}

/** Σ wᵢ·sᵢ / Σ wᵢ with wᵢ = 2^(−(asOf − tᵢ)/halfLife), over points within the horizon. */
export function recencyWeighted(points: readonly TimedScore[], asOfMs: number, halfLifeMs: number): number {
  let weightSum = 0;
  let weighted = 0;
  for (const point of points) {
    const age = asOfMs - point.at;
    if (age < 0 || age > WEIGHT_HORIZON_HALF_LIVES * halfLifeMs) continue;
    const weight = 2 ** (-age / halfLifeMs);
    weightSum += weight;
    weighted += weight * point.score;
  }
  return weightSum === 0 ? 0 : weighted / weightSum;
}
