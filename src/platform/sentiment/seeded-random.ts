/**
 * Deterministic random numbers keyed by name: `seededRandom('7', 'AAPL', '2026-01-05', 'mood')`
 * always gives the same stream, whatever was drawn before, so any day of the sample feed can be
 * generated on its own. cyrb53-style string hash to seed, then mulberry32 (period 2^32, enough
 * for a few hundred draws per key).
 */

export interface RandomStream {
  /** Uniform in [0, 1). */
  next(): number;
  /** Standard normal (Box–Muller). */
  normal(): number;
  /** Whole number in [0, n). */
  below(n: number): number;
  /** Poisson-distributed count (Knuth's method; fine for the small means used here). */
  poisson(mean: number): number;
}

export function seededRandom(...keys: readonly (string | number)[]): RandomStream {
  let state = hash(keys.join('\u0000'));
  const next = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    normal: () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next()),
    below: (n) => Math.floor(next() * n),
    poisson(mean) {
      const limit = Math.exp(-mean);
      let count = 0;
      for (let p = next(); p > limit && count < 1000; p *= next()) count++;
      return count;
    },
  };
}

function hash(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h1 ^ h2) >>> 0;
}
