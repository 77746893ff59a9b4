/**
 * Compiled crons, memoised per (expression, time zone). nextSlot runs once per fire per task, and
 * parsing an expression plus building its Intl formatter costs far more than evaluating it, so
 * the compiled form is kept. The cache is bounded (least recently used entries go first) and
 * holds nothing but pure functions of their key, so sharing it is invisible to callers.
 */
import { EvolveError, describeError } from '../errors.js';
import { CompiledCron } from './compiled-cron.js';

/** Distinct (expression, zone) pairs kept; a deployment has a few dozen. */
const MAX_ENTRIES = 1_000;

const cache = new Map<string, CompiledCron>();

/**
 * The compiled form of a cron expression in an IANA time zone. Throws an EvolveError
 * (EVOLVE_CONFIG_INVALID) naming the expression, with croner's or Intl's message, when either is
 * invalid.
 */
export function compileCron(expression: string, timezone: string): CompiledCron {
  const key = `${timezone}\u0000${expression}`;
  const cached = cache.get(key);
  if (cached !== undefined) {
    // Re-insert so that Map order is least recently used first.
    cache.delete(key);
    cache.set(key, cached);
    return cached;
  }
  const compiled = compile(expression, timezone);
  if (cache.size >= MAX_ENTRIES) {
    const oldest = cache.keys().next();
    if (oldest.done !== true) cache.delete(oldest.value);
  }
  cache.set(key, compiled);
  return compiled;
}

function compile(expression: string, timezone: string): CompiledCron {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
  } catch (error) {
    throw new EvolveError(
      'EVOLVE_CONFIG_INVALID',
      `invalid time zone "${timezone}" for cron expression "${expression}": ${describeError(error)}; ` +
        'use an IANA name such as "America/New_York" or "UTC"',
      { cause: error },
    );
  }
  try {
    return new CompiledCron(expression, timezone);
  } catch (error) {
    throw new EvolveError(
      'EVOLVE_CONFIG_INVALID',
      `invalid cron expression "${expression}": ${describeError(error)}; ` +
        'write five fields (minute hour day-of-month month day-of-week) or six (seconds first)',
      { cause: error },
    );
  }
}
