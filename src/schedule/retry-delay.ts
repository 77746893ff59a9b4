/**
 * How long to wait before a retry. `attempt` counts from 1: attempt 1 gets about the base delay,
 * each later attempt doubles the ceiling.
 *
 * - fixed: `baseMs`, every time (maxMs does not apply: it bounds backoff growth).
 * - exponential: the ceiling base * 2^(attempt-1), capped at maxMs, and a delay drawn uniformly
 *   between base/2 and that ceiling. This is "full jitter" (retries of many tasks that failed
 *   together spread out instead of retrying in lockstep) with a floor of base/2, so a retry never
 *   comes sooner than half the configured delay. When maxMs is below base/2, maxMs wins.
 *
 * `random` returns a number in [0, 1) (Math.random, or a seeded source in tests). The result is
 * whole ms. Throws a RangeError on an attempt below 1, or a negative or non-finite duration.
 */
export function retryDelay(
  attempt: number,
  baseMs: number,
  backoff: 'fixed' | 'exponential',
  maxMs: number,
  random: () => number,
): number {
  if (!Number.isInteger(attempt) || attempt < 1) throw new RangeError(`attempt must be a whole number >= 1, got ${attempt}`);
  if (!Number.isFinite(baseMs) || baseMs < 0) throw new RangeError(`baseMs must be a finite number >= 0, got ${baseMs}`);
  if (backoff === 'fixed') return Math.round(baseMs);
  if (!Number.isFinite(maxMs) || maxMs < 0) throw new RangeError(`maxMs must be a finite number >= 0, got ${maxMs}`);
  // 2^(attempt-1) overflows to Infinity past attempt 1024; the cap absorbs it.
  const ceiling = Math.min(maxMs, baseMs * 2 ** (attempt - 1));
  const floor = Math.min(baseMs / 2, ceiling);
  const draw = Math.min(Math.max(random(), 0), 1);
  return Math.round(floor + draw * (ceiling - floor));
}
