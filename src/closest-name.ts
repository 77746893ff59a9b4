/** Suggestions for misspelt names in error messages: "did you mean …?" only when it is near enough to help. */
import { distance } from 'fastest-levenshtein';

/**
 * The candidate nearest to a misspelt name, if it is near enough to be what was meant; a
 * shortened name (`max_age` for `max_age_minutes`) counts as near.
 */
export function closest(name: string, candidates: Iterable<string>): string | null {
  const list = [...candidates];
  const lower = name.toLowerCase();
  if (lower.length >= 3) {
    const extended = list.filter((candidate) => candidate.toLowerCase().startsWith(lower));
    if (extended.length === 1) return extended[0] ?? null;
  }
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of list) {
    const d = distance(lower, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  if (best === null) return null;
  const limit = Math.max(2, Math.floor(Math.max(name.length, best.length) / 3));
  return bestDistance <= limit ? best : null;
}
