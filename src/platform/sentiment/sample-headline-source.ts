/**
 * The default headline source: a generated sample feed, so a fresh install has news to score
 * without a network. Deterministic from the seed and the dates: a day's headlines are the same
 * whatever range is asked for, and a different seed gives different news.
 *
 * Each symbol has a latent mood, an AR(1) process over UTC days, mood(d) = φ·mood(d−1) + σ·ε(d) +
 * shock(d), computed as the truncated sum Σₖ φᵏ·(σ·ε(d−k) + shock(d−k)) over MOOD_MEMORY_DAYS so
 * any day stands alone (φ = 0.85 leaves 0.85⁴⁰ ≈ 0.15 % of a shock after the window). ε is
 * standard normal, σ = 0.35; a shock happens with `shockProbability` per day and adds ±1.5–2.5.
 * On a day the headline count is Poisson with mean headlinesPerDay·(1 + ½|mood|) (×0.3 on
 * weekends), plus three on a shock day. A headline is neutral with probability 0.35, otherwise
 * positive with probability 1/(1 + e^(−1.6·mood)) and strong with probability 0.2; on a shock day
 * most headlines are strong and follow the shock. So scores drift with the mood and sometimes jump.
 */
import { checkRange, compareHeadlines, type Headline, type HeadlineBatch, type HeadlineSource } from './headline.js';
import { SAMPLE_FIRMS, SAMPLE_OUTLETS, SAMPLE_PRODUCTS, SAMPLE_TEMPLATES, type SampleTone } from './sample-templates.js';
import { seededRandom, type RandomStream } from './seeded-random.js';
import { DEFAULT_COMPANY_NAMES } from './symbol-attributor.js';

export interface SampleHeadlineSourceOptions {
  /** Same seed, same headlines. Default 1. */
  seed?: number | string;
  /** Tickers to write about. Default SAMPLE_SYMBOLS. */
  symbols?: readonly string[];
  /** Company names to tickers (the attribution map's shape); a symbol's first name is used, else the ticker. Default DEFAULT_COMPANY_NAMES. */
  names?: Readonly<Record<string, string>>;
  /** Mean headlines per symbol on a weekday with a neutral mood. Default 2. */
  headlinesPerDay?: number;
  /** Chance per symbol and day of a shock, a burst of one-sided news. Default 0.03. */
  shockProbability?: number;
  /** Day-to-day persistence φ of the mood, in [0, 0.98]. Default 0.85. */
  moodPersistence?: number;
}

export const SAMPLE_SYMBOLS: readonly string[] = Object.freeze(['AAPL', 'MSFT', 'GOOGL', 'AMZN', 'NVDA']);

const DAY_MS = 86_400_000;
const MOOD_MEMORY_DAYS = 40;
const MOOD_INNOVATION_SD = 0.35;
const NEUTRAL_SHARE = 0.35;
const STRONG_SHARE = 0.2;
const SHOCK_EXTRA_HEADLINES = 3;
/** A range longer than this is refused: the sample feed is for backfills of years, not centuries. */
const MAX_RANGE_DAYS = 3_700;

/** What a day adds to the mood: σ·ε and the day's shock (0 when none). */
interface Innovation {
  noise: number;
  shock: number;
}

interface DayMood {
  mood: number;
  /** The shock that happened on this very day, signed; 0 when none. */
  shock: number;
}

export class SampleHeadlineSource implements HeadlineSource {
  readonly description: string;
  readonly #seed: string;
  readonly #symbols: readonly string[];
  readonly #displayNames: ReadonlyMap<string, string>;
  readonly #perDay: number;
  readonly #shockProbability: number;
  readonly #persistence: number;

  constructor(options: SampleHeadlineSourceOptions = {}) {
    this.#seed = String(options.seed ?? 1);
    this.#symbols = [...new Set(options.symbols ?? SAMPLE_SYMBOLS)];
    this.#perDay = inRange('headlinesPerDay', options.headlinesPerDay ?? 2, 0, 50);
    this.#shockProbability = inRange('shockProbability', options.shockProbability ?? 0.03, 0, 1);
    this.#persistence = inRange('moodPersistence', options.moodPersistence ?? 0.85, 0, 0.98);
    const displayNames = new Map<string, string>();
    for (const [name, ticker] of Object.entries(options.names ?? DEFAULT_COMPANY_NAMES)) if (!displayNames.has(ticker)) displayNames.set(ticker, name);
    this.#displayNames = displayNames;
    this.description = `sample feed (seed ${this.#seed}, ${this.#symbols.length} symbols)`;
  }

  headlines(fromMs: number, toMs: number): Promise<HeadlineBatch> {
    checkRange(fromMs, toMs);
    const firstDay = Math.floor(fromMs / DAY_MS);
    const lastDay = Math.ceil(toMs / DAY_MS) - 1;
    if (lastDay - firstDay > MAX_RANGE_DAYS) throw new RangeError(`the sample feed generates at most ${MAX_RANGE_DAYS} days per call, asked for ${lastDay - firstDay + 1}: ask in shorter ranges`);
    const headlines: Headline[] = [];
    for (const symbol of this.#symbols) {
      const innovations = new Map<number, Innovation>();
      for (let day = firstDay; day <= lastDay; day++) {
        for (const headline of this.#day(symbol, day, innovations)) {
          const at = Date.parse(headline.published);
          if (at >= fromMs && at < toMs) headlines.push(headline);
        }
      }
    }
    return Promise.resolve({ headlines: headlines.sort(compareHeadlines), issues: [] });
  }

  /**
   * The latent state of a symbol on a UTC day (YYYY-MM-DD): its mood and the shock that hit that
   * day (0 when none). For tests and for explaining what the sample feed did.
   */
  stateOn(symbol: string, date: string): { mood: number; shock: number } {
    const at = Date.parse(`${date}T00:00:00Z`);
    if (!Number.isFinite(at)) throw new RangeError(`date must be a UTC day like 2026-01-05, got ${JSON.stringify(date)}`);
    return this.#mood(symbol, Math.floor(at / DAY_MS), new Map());
  }

  #innovation(symbol: string, day: number, cache: Map<number, Innovation>): Innovation {
    const cached = cache.get(day);
    if (cached !== undefined) return cached;
    const random = seededRandom(this.#seed, symbol, day, 'mood');
    const noise = MOOD_INNOVATION_SD * random.normal();
    const shock = random.next() < this.#shockProbability ? (random.next() < 0.5 ? -1 : 1) * (1.5 + random.next()) : 0;
    const innovation = { noise, shock };
    cache.set(day, innovation);
    return innovation;
  }

  #mood(symbol: string, day: number, cache: Map<number, Innovation>): DayMood {
    let mood = 0;
    let weight = 1;
    for (let k = 0; k < MOOD_MEMORY_DAYS; k++) {
      const { noise, shock } = this.#innovation(symbol, day - k, cache);
      mood += weight * (noise + shock);
      weight *= this.#persistence;
    }
    return { mood, shock: this.#innovation(symbol, day, cache).shock };
  }

  #day(symbol: string, day: number, cache: Map<number, Innovation>): Headline[] {
    const { mood, shock } = this.#mood(symbol, day, cache);
    const random = seededRandom(this.#seed, symbol, day, 'headlines');
    const weekday = new Date(day * DAY_MS).getUTCDay();
    const weekend = weekday === 0 || weekday === 6;
    const mean = this.#perDay * (weekend ? 0.3 : 1) * (1 + 0.5 * Math.abs(mood)) + (shock === 0 ? 0 : SHOCK_EXTRA_HEADLINES);
    const count = Math.min(random.poisson(mean), 20);
    const date = new Date(day * DAY_MS).toISOString().slice(0, 10);
    const minutes = Array.from({ length: count }, () => 12 * 60 + random.below(11 * 60)).sort((a, b) => a - b);
    return minutes.map((minute, index) => {
      const tone = pickTone(random, mood, shock);
      const templates = SAMPLE_TEMPLATES[tone];
      const title = this.#render(templates[random.below(templates.length)] ?? '{name}', symbol, day, random);
      const id = `sample-${this.#seed}-${symbol}-${date}-${index + 1}`;
      return {
        id,
        published: new Date(day * DAY_MS + minute * 60_000).toISOString(),
        source: SAMPLE_OUTLETS[random.below(SAMPLE_OUTLETS.length)] ?? 'Sample Newswire',
        title,
        symbols: [symbol],
        url: `https://example.com/sample-news/${symbol.toLowerCase()}/${date}/${index + 1}`,
      };
    });
  }

  #render(template: string, symbol: string, day: number, random: RandomStream): string {
    const quarter = `Q${Math.floor(new Date(day * DAY_MS).getUTCMonth() / 3) + 1}`;
    const values: Record<string, string> = {
      name: this.#displayNames.get(symbol) ?? symbol,
      ticker: symbol,
      exchange: seededRandom(this.#seed, symbol, 'exchange').next() < 0.5 ? 'NASDAQ' : 'NYSE',
      pct: (1 + random.next() * 9).toFixed(1),
      quarter,
      firm: SAMPLE_FIRMS[random.below(SAMPLE_FIRMS.length)] ?? SAMPLE_FIRMS[0],
      product: SAMPLE_PRODUCTS[random.below(SAMPLE_PRODUCTS.length)] ?? SAMPLE_PRODUCTS[0],
      amount: String(1 + random.below(20)),
    };
    return template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
  }
}

function pickTone(random: RandomStream, mood: number, shock: number): SampleTone {
  if (shock !== 0 && random.next() < 0.75) return shock > 0 ? 'strong_positive' : 'strong_negative';
  if (random.next() < NEUTRAL_SHARE) return 'neutral';
  const positive = random.next() < 1 / (1 + Math.exp(-1.6 * mood));
  const strong = random.next() < STRONG_SHARE;
  if (positive) return strong ? 'strong_positive' : 'positive';
  return strong ? 'strong_negative' : 'negative';
}

function inRange(name: string, value: number, min: number, max: number): number {
  if (!(Number.isFinite(value) && value >= min && value <= max)) throw new RangeError(`${name} must be a number from ${min} to ${max}, got ${value}`);
  return value;
}
