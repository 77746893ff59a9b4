/**
 * An independent reference for the cron DST contract (src/schedule/compiled-cron.ts), written
 * from the rules, not from croner's code: it walks real time minute by minute, reads each
 * minute's wall clock with Intl, and applies the rules directly. croner supplies only the field
 * sets of a pattern (which minutes, hours, days match), so no cron parser is written here.
 * 5-field expressions without L, W, # or + only; slow (one Intl call per minute), for tests.
 */
import { CronPattern } from 'croner';

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** 0 = Sunday. */
  weekday: number;
  /** The wall-clock time read as if it were UTC, in ms: differences are wall-clock durations. */
  wallMs: number;
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** The wall clock in `timezone` at instant `ms`. */
export function wallClock(timezone: string, ms: number): WallClock {
  let format = formats.get(timezone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formats.set(timezone, format);
  }
  const f: Record<string, number> = {};
  for (const part of format.formatToParts(ms)) f[part.type] = Number(part.value);
  const [year, month, day, hour, minute] = [f.year ?? 0, f.month ?? 1, f.day ?? 1, (f.hour ?? 0) % 24, f.minute ?? 0];
  const wallMs = Date.UTC(year, month - 1, day, hour, minute);
  return { year, month, day, hour, minute, weekday: new Date(wallMs).getUTCDay(), wallMs };
}

function fromWallMs(wallMs: number): WallClock {
  const d = new Date(wallMs);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    weekday: d.getUTCDay(),
    wallMs,
  };
}

/** Fixed-time per the documented rule: no `*`, `?` or `/` in the minute and hour fields. */
export function isFixedTimeExpression(expression: string): boolean {
  const [minute = '', hour = ''] = expression.trim().split(/\s+/);
  return ![minute, hour].some((field) => /[*?/]/.test(field));
}

/** The fires of a 5-field `expression` in `timezone` with from <= fire <= to, by the rules. */
export function oracleFires(expression: string, timezone: string, from: number, to: number): number[] {
  const fields = expression.trim().split(/\s+/);
  const pattern = new CronPattern(expression, undefined, { mode: '5-part' });
  const domStar = fields[2] === '*';
  const dowStar = fields[4] === '*';
  const matches = (w: WallClock): boolean => {
    if (!pattern.minute[w.minute] || !pattern.hour[w.hour] || !pattern.month[w.month - 1]) return false;
    // Flags are 0 or non-zero (croner keeps nth-weekday bits in dayOfWeek).
    const dom = Boolean(pattern.day[w.day - 1]);
    const dow = Boolean(pattern.dayOfWeek[w.weekday]);
    if (domStar && dowStar) return true;
    if (domStar) return dow;
    if (dowStar) return dom;
    return dom || dow;
  };
  const fixed = isFixedTimeExpression(expression);
  const fires = new Set<number>();
  const fired = new Set<number>(); // wall-clock times a fixed-time job has fired for
  const fireFixed = (w: WallClock, at: number): void => {
    if (fired.has(w.wallMs)) return; // repeated wall time: only the first occurrence fires
    fired.add(w.wallMs);
    fires.add(at);
  };
  // Start a day early so that the first occurrence of a repeated time is seen.
  let previous: WallClock | null = null;
  for (let at = Math.floor(from / 60_000) * 60_000 - 86_400_000; at <= to; at += 60_000) {
    const now = wallClock(timezone, at);
    if (fixed && previous !== null && now.wallMs - previous.wallMs > 60_000) {
      // Spring forward: wall times in the gap fire at its end, on the same local day.
      for (let wall = previous.wallMs + 60_000; wall < now.wallMs; wall += 60_000) {
        const skipped = fromWallMs(wall);
        const sameDay = skipped.year === now.year && skipped.month === now.month && skipped.day === now.day;
        if (sameDay && matches(skipped)) fireFixed(skipped, at);
      }
    }
    if (matches(now)) {
      if (fixed) fireFixed(now, at);
      else fires.add(at);
    }
    previous = now;
  }
  return [...fires].filter((t) => t >= from && t <= to).sort((a, b) => a - b);
}

/** Instants in [from, to) where the UTC offset of `timezone` changes (to the minute), by scanning. */
export function offsetTransitions(timezone: string, from: number, to: number): number[] {
  const offsetAt = (ms: number): number => wallClock(timezone, ms).wallMs - Math.floor(ms / 60_000) * 60_000;
  const found: number[] = [];
  let previous = offsetAt(from);
  for (let hour = from + 3_600_000; hour < to; hour += 3_600_000) {
    const offset = offsetAt(hour);
    if (offset !== previous) {
      let at = hour - 3_600_000 + 60_000;
      while (offsetAt(at) === previous) at += 60_000;
      found.push(at);
    }
    previous = offset;
  }
  return found;
}
