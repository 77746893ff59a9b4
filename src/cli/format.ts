/**
 * Plain-text formatting for the CLI: aligned tables, short UTC times, human durations. No colours
 * here — the Output decides those — so everything in this file is pure and easy to test.
 */

export interface Column<Row> {
  header: string;
  value: (row: Row) => string;
  /** Numbers read better right-aligned. */
  align?: 'left' | 'right';
  /** Longer cells are cut with an ellipsis. */
  maxWidth?: number;
}

const GAP = '  ';

/** An aligned table: a header line, then one line per row; trailing spaces trimmed. `empty` stands instead of a table with no rows. */
export function formatTable<Row>(rows: readonly Row[], columns: readonly Column<Row>[], options: { empty?: string } = {}): string {
  if (rows.length === 0 && options.empty !== undefined) return options.empty;
  const cells = rows.map((row) => columns.map((c) => truncate(oneLine(c.value(row)), c.maxWidth)));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((r) => width(r[i] ?? ''))));
  const render = (values: readonly string[]): string =>
    values
      .map((v, i) => {
        const pad = ' '.repeat(Math.max(0, (widths[i] ?? 0) - width(v)));
        return columns[i]?.align === 'right' ? pad + v : v + pad;
      })
      .join(GAP)
      .trimEnd();
  return [render(columns.map((c) => c.header)), ...cells.map(render)].join('\n');
}

/** Display width, counting each code point as one column (good enough for ✔, —, …). */
function width(text: string): number {
  return [...text].length;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ⏎ ');
}

export function truncate(text: string, max: number | undefined): string {
  if (max === undefined || width(text) <= max) return text;
  return `${[...text].slice(0, Math.max(0, max - 1)).join('')}…`;
}

/** `YYYY-MM-DD HH:MM:SS` in UTC, from epoch ms or an ISO string; `—` for none. */
export function shortTime(value: number | string | null | undefined): string {
  if (value === null || value === undefined) return '—';
  const ms = typeof value === 'number' ? value : Date.parse(value);
  if (!Number.isFinite(ms)) return String(value);
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** 850 ms, 12.3 s, 4 min 05 s, 2 h 03 min, 3 d 4 h; `—` for none. */
export function humanDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  const abs = Math.abs(ms);
  const sign = ms < 0 ? '-' : '';
  if (abs < 1_000) return `${sign}${Math.round(abs)} ms`;
  if (abs < 60_000) return `${sign}${(Math.round(abs / 100) / 10).toFixed(1)} s`;
  const totalSeconds = Math.round(abs / 1_000);
  if (totalSeconds < 3_600) return `${sign}${Math.floor(totalSeconds / 60)} min ${pad2(totalSeconds % 60)} s`;
  const totalMinutes = Math.round(abs / 60_000);
  if (totalMinutes < 1_440) return `${sign}${Math.floor(totalMinutes / 60)} h ${pad2(totalMinutes % 60)} min`;
  const totalHours = Math.round(abs / 3_600_000);
  return `${sign}${Math.floor(totalHours / 24)} d ${totalHours % 24} h`;
}

function pad2(n: number): string {
  return n.toString().padStart(2, '0');
}

/** "in 4 min 05 s" / "12.3 s ago", relative to `now`. */
export function relativeTime(at: number | string | null | undefined, now: number): string {
  if (at === null || at === undefined) return '—';
  const ms = typeof at === 'number' ? at : Date.parse(at);
  if (!Number.isFinite(ms)) return String(at);
  return ms >= now ? `in ${humanDuration(ms - now)}` : `${humanDuration(now - ms)} ago`;
}

/** 0.9123 → "91%"; null → "—". */
export function percent(fraction: number | null | undefined): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return '—';
  return `${Math.round(fraction * 100)}%`;
}

/** A health score in [0, 1] with two decimals. */
export function score(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return value.toFixed(2);
}

/** "1 task" / "3 tasks". */
export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : nouns}`;
}
