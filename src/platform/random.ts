/**
 * A small seedable PRNG for the platform's simulations: xoshiro128** (Blackman & Vigna, 2018),
 * seeded from a string or number through FNV-1a and splitmix32. Written out here rather than
 * taken from a package because it is thirty lines, and because the simulator's promise — same
 * seed, same bars, byte for byte — must not depend on a dependency's version.
 *
 * Only 32-bit integer operations (`Math.imul`, shifts) are used for the state, so the stream is
 * identical on every platform; doubles enter only when an output is scaled to [0, 1).
 */

/** A stream of pseudo-random numbers. Not cryptographic. */
export interface Random {
  /** Next raw 32-bit output, an integer in [0, 2^32). */
  nextUint32(): number;
  /** Uniform in [0, 1) with 53 bits of precision. */
  next(): number;
  /** Uniform integer in [0, n) for 1 ≤ n ≤ 2^32, without modulo bias (rejection sampling). */
  nextInt(n: number): number;
  /** Standard normal N(0, 1) by Box–Muller; always consumes exactly two 53-bit uniforms. */
  normal(): number;
  /** Poisson(λ) by Knuth's product of uniforms; meant for small λ (a day's jump count). */
  poisson(lambda: number): number;
}

const TWO_POW_26 = 67_108_864;
const TWO_POW_53 = 9_007_199_254_740_992;

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** xoshiro128** over an explicit 128-bit state (four 32-bit words, not all zero). */
export function createXoshiro128(state: readonly [number, number, number, number]): Random {
  let [s0, s1, s2, s3] = state.map((word) => word >>> 0) as [number, number, number, number];
  if ((s0 | s1 | s2 | s3) === 0) throw new RangeError('xoshiro128** state must not be all zero');

  const nextUint32 = (): number => {
    const result = Math.imul(rotl(Math.imul(s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (s1 << 9) >>> 0;
    s2 = (s2 ^ s0) >>> 0;
    s3 = (s3 ^ s1) >>> 0;
    s1 = (s1 ^ s2) >>> 0;
    s0 = (s0 ^ s3) >>> 0;
    s2 = (s2 ^ t) >>> 0;
    s3 = rotl(s3, 11);
    return result;
  };
  const next = (): number => ((nextUint32() >>> 5) * TWO_POW_26 + (nextUint32() >>> 6)) / TWO_POW_53;
  return {
    nextUint32,
    next,
    nextInt: (n) => {
      if (!(Number.isInteger(n) && n >= 1 && n <= 2 ** 32)) throw new RangeError(`nextInt bound must be an integer in [1, 2^32], got ${n}`);
      // Draw below the largest multiple of n that fits in 32 bits.
      const limit = 2 ** 32 - (2 ** 32 % n);
      for (;;) {
        const x = nextUint32();
        if (x < limit) return x % n;
      }
    },
    normal: () => {
      const u1 = 1 - next(); // (0, 1]: log(0) is excluded
      const u2 = next();
      return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    },
    poisson: (lambda) => {
      if (!(lambda >= 0) || !Number.isFinite(lambda)) throw new RangeError(`poisson rate must be finite and ≥ 0, got ${lambda}`);
      const limit = Math.exp(-lambda);
      let count = 0;
      for (let product = next(); product > limit; product *= next()) count += 1;
      return count;
    },
  };
}

/** FNV-1a over the UTF-16 code units of `text`: a 32-bit hash that spreads nearby names apart. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  }
  return hash;
}

/** splitmix32: expands one 32-bit seed into a sequence of well-mixed words. */
function splitmix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/**
 * A stream named by `seed` and a list of labels (`createRandom(42, 'symbol', 'AAPL')`). Each
 * distinct label list is an independent stream, so one symbol's draws never shift another's.
 */
export function createRandom(seed: number | string, ...labels: readonly string[]): Random {
  const mix = splitmix32(fnv1a([String(seed), ...labels].join('\u001f')));
  return createXoshiro128([mix(), mix(), mix(), mix() | 1]);
}
