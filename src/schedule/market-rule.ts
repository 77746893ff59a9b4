/**
 * The text forms of market schedules: session times (`open`, `open+30m`, `close-15m`) and
 * durations (`15m`, `1h`, `1h30m`, `90s`). Parsing returns null on anything else; the config
 * layer turns that into a message with the valid forms.
 */
import type { MarketRule, SessionTime } from '../model/task.js';

const UNIT_MS: Readonly<Record<string, number>> = { s: 1_000, m: 60_000, min: 60_000, h: 3_600_000 };
const DURATION = /^(?:\d+(?:s|m|min|h))+$/;
const DURATION_PART = /(\d+)(min|s|m|h)/g;
const SESSION_TIME = /^(open|close)(?:([+-])(.+))?$/;

/** `1h30m` → 5,400,000; null when the text is not a positive duration in s, m (or min) and h. */
export function parseDuration(text: string): number | null {
  const compact = text.replace(/\s+/g, '').toLowerCase();
  if (!DURATION.test(compact)) return null;
  let ms = 0;
  for (const [, count, unit] of compact.matchAll(DURATION_PART)) ms += Number(count) * UNIT_MS[unit!]!;
  return ms > 0 && Number.isSafeInteger(ms) ? ms : null;
}

/** `open`, `open+30m`, `close-1h15m` (blanks allowed around the sign); null otherwise. */
export function parseSessionTime(text: string): SessionTime | null {
  const match = SESSION_TIME.exec(text.replace(/\s+/g, '').toLowerCase());
  if (match === null) return null;
  const anchor = match[1] as SessionTime['anchor'];
  if (match[2] === undefined) return { anchor, offsetMs: 0 };
  const ms = parseDuration(match[3]!);
  return ms === null ? null : { anchor, offsetMs: match[2] === '-' ? -ms : ms };
}

/** 5,400,000 → `1h30m`; 90,000 → `1m30s`. */
export function formatDuration(ms: number): string {
  const parts: string[] = [];
  let rest = Math.abs(Math.round(ms));
  for (const [unit, size] of [['h', 3_600_000], ['m', 60_000], ['s', 1_000]] as const) {
    const count = Math.floor(rest / size);
    if (count > 0) parts.push(`${count}${unit}`);
    rest -= count * size;
  }
  if (rest > 0 || parts.length === 0) parts.push(`${rest}ms`);
  return parts.join('');
}

export function formatSessionTime(time: SessionTime): string {
  if (time.offsetMs === 0) return time.anchor;
  return `${time.anchor}${time.offsetMs < 0 ? '-' : '+'}${formatDuration(time.offsetMs)}`;
}

/** The rule as the YAML writes it, e.g. `at open+30m, close-5m`, `every 15m`, `on session_end`. */
export function formatMarketRule(rule: MarketRule): string {
  switch (rule.kind) {
    case 'at':
      return `at ${rule.times.map(formatSessionTime).join(', ')}`;
    case 'every':
      return `every ${formatDuration(rule.everyMs)}`;
    case 'on':
      return `on ${rule.event}`;
    default: {
      const exhaustive: never = rule;
      return exhaustive;
    }
  }
}
