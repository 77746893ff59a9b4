/**
 * A daily bar and the date arithmetic the market-data code needs. Dates are exchange-local
 * session dates, 'YYYY-MM-DD', which sort correctly as strings.
 */

/** One trading session of one symbol. Prices in the symbol's currency, volume in shares. */
export interface Bar {
  /** Session date, 'YYYY-MM-DD'. */
  readonly date: string;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

/** Bars plus what was wrong with the input they came from (empty for simulated data). */
export interface BarsResult {
  readonly bars: Bar[];
  readonly problems: DataProblem[];
}

/** How bad a problem is: an `error` row was dropped; a `warning` row (or gap) was kept. */
export const ProblemSeverity = {
  /** The row was rejected and is not among the bars. */
  error: 'error',
  /** The data was kept but something about it deserves a look (a gap, a reordered row). */
  warning: 'warning',
} as const;
export type ProblemSeverity = (typeof ProblemSeverity)[keyof typeof ProblemSeverity];

/** One problem found in a CSV file. */
export interface DataProblem {
  /** 1-based line number in the file; the header is row 1, the first data row is row 2. */
  readonly row: number;
  /** The column at fault as named in the header ('High'), when one column is. */
  readonly column?: string;
  readonly severity: ProblemSeverity;
  readonly message: string;
}

/**
 * The calendar this code needs: the session dates between two dates. The orchestrator's
 * `Calendar` (`calendarByName('XNYS')`) satisfies it; tests may pass a plain object.
 */
export interface SessionCalendar {
  /** Every session from `from` to `to`, local dates inclusive, in order. */
  sessions(from: string, to: string): readonly { readonly date: string }[];
}

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `text` is a real calendar date written 'YYYY-MM-DD' (2025-02-30 is not). */
export function isIsoDate(text: string): boolean {
  const match = ISO_DATE.exec(text);
  if (match === null) return false;
  const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return new Date(ms).toISOString().slice(0, 10) === text;
}

/** `date` moved by `days` calendar days. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}
