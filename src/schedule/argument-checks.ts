/** Argument checks shared by the schedule functions (instants are finite epoch milliseconds). */

/** Throws a RangeError naming the argument when `value` is not a finite number. */
export function requireInstant(name: string, value: number): number {
  if (!Number.isFinite(value)) throw new RangeError(`${name} must be a finite epoch-ms instant, got ${value}`);
  return value;
}

/** Throws a RangeError unless `limit` is a whole number >= 0 (Infinity allowed: no limit). */
export function requireLimit(limit: number): number {
  if (!(limit >= 0) || (Number.isFinite(limit) && !Number.isInteger(limit))) {
    throw new RangeError(`limit must be a whole number >= 0, got ${limit}`);
  }
  return limit;
}

/** The default branch of a switch over Schedule['kind']: a compile error when a kind is added. */
export function unreachable(schedule: never): never {
  throw new Error(`unknown schedule kind: ${JSON.stringify(schedule)}`);
}
