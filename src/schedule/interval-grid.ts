/**
 * Fixed-rate interval slots: anchor + k * everyMs for integers k >= 0. All of it is O(1)
 * arithmetic on integers below 2^53, so nothing drifts and nothing loops: a week of 1-second
 * slots is counted, not walked.
 */

/** One interval grid, validated: `everyMs` a positive whole number of ms. */
export interface IntervalGrid {
  readonly anchor: number;
  readonly everyMs: number;
}

/**
 * The interval as whole ms. Intervals come from minutes in the configuration and the product
 * can be a hair off a whole number (0.35 min * 60000 = 20999.999999999996): without rounding,
 * every slot would sit a fraction of a ms off its whole-ms grid. Throws a RangeError when the
 * interval is not a positive finite number of at least 1 ms.
 */
export function intervalMs(everyMs: number): number {
  const rounded = Math.round(everyMs);
  if (!Number.isSafeInteger(rounded) || rounded < 1) {
    throw new RangeError(`an interval schedule needs everyMs >= 1 (a whole number of ms), got ${everyMs}`);
  }
  return rounded;
}

/** The smallest anchor + k*everyMs > after (k >= 0). */
export function nextOnGrid(grid: IntervalGrid, after: number): number {
  return firstOnGridFrom(grid, after, false);
}

/** The smallest anchor + k*everyMs >= from (k >= 0). */
export function firstOnGridAtOrAfter(grid: IntervalGrid, from: number): number {
  return firstOnGridFrom(grid, from, true);
}

function firstOnGridFrom({ anchor, everyMs }: IntervalGrid, bound: number, inclusive: boolean): number {
  if (inclusive ? anchor >= bound : anchor > bound) return anchor;
  let slot = anchor + (Math.floor((bound - anchor) / everyMs) + 1) * everyMs;
  // The division is exact for |bound - anchor| < 2^53; these guard against a rounded quotient.
  while (inclusive ? slot - everyMs >= bound : slot - everyMs > bound) slot -= everyMs;
  while (inclusive ? slot < bound : slot <= bound) slot += everyMs;
  return slot;
}

/** Slots from <= s <= to: the first `limit` of them, and how many there are in all. */
export function slotsOnGrid(
  grid: IntervalGrid,
  from: number,
  to: number,
  limit: number,
): { slots: number[]; total: number } {
  const first = firstOnGridAtOrAfter(grid, from);
  const total = first > to ? 0 : Math.floor((to - first) / grid.everyMs) + 1;
  const slots: number[] = [];
  for (let i = 0; i < Math.min(limit, total); i++) slots.push(first + i * grid.everyMs);
  return { slots, total };
}
