/**
 * A small seeded PRNG for Monte Carlo: xoshiro128** (Blackman & Vigna, 2018), state seeded by
 * splitmix32 from one 32-bit seed. Same seed, same sequence, on every platform — Math.random
 * cannot be seeded. 32-bit arithmetic via Math.imul and >>> 0; period 2^128 − 1, ample for
 * bootstrap resampling. Written here rather than taking a dependency for forty lines.
 */

export interface SeededRandom {
  /** Uniform 32-bit unsigned integer. */
  nextUint32(): number;
  /** Uniform in [0, 1), 32 bits of resolution. */
  nextFloat(): number;
  /** Uniform integer in [0, n) for 1 ≤ n ≤ 2^32, without modulo bias. */
  nextInt(n: number): number;
}

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

const rotl = (x: number, k: number): number => ((x << k) | (x >>> (32 - k))) >>> 0;

/** A generator seeded by any safe integer (reduced to 32 bits). */
export function seededRandom(seed: number): SeededRandom {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  const init = splitmix32(seed);
  const s: number[] = [init(), init(), init(), init()];
  // The all-zero state is the one xoshiro cannot leave; splitmix32 is not known to produce it, but guard it.
  if (s.every((x): boolean => x === 0)) s[0] = 1;
  const nextUint32 = (): number => {
    const [s0, s1, s2, s3] = s as [number, number, number, number];
    const result = Math.imul(rotl(Math.imul(s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (s1 << 9) >>> 0;
    let n2 = (s2 ^ s0) >>> 0;
    let n3 = (s3 ^ s1) >>> 0;
    const n1 = (s1 ^ n2) >>> 0;
    const n0 = (s0 ^ n3) >>> 0;
    n2 = (n2 ^ t) >>> 0;
    n3 = rotl(n3, 11);
    s[0] = n0;
    s[1] = n1;
    s[2] = n2;
    s[3] = n3;
    return result;
  };
  return {
    nextUint32,
    nextFloat: () => nextUint32() / 2 ** 32,
    nextInt(n: number): number {
      if (!(Number.isInteger(n) && n >= 1 && n <= 2 ** 32)) throw new RangeError(`nextInt bound must be an integer in [1, 2^32], got ${n}`);
      // Rejection sampling: draw below the largest multiple of n that fits in 32 bits.
      const limit = 2 ** 32 - (2 ** 32 % n);
      for (;;) {
        const x = nextUint32();
        if (x < limit) return x % n;
      }
    },
  };
}
