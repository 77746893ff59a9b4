import { isIsoDate, type Bar, type BarsResult, type DataProblem, type SessionCalendar } from './bar.js';
import { checkSequence, type NumberedBar } from './bar-sequence.js';
import { splitCsvLine } from './csv-line.js';

/**
 * Daily bars from CSV text in the common `Date,Open,High,Low,Close,Volume` layout (Yahoo,
 * Stooq, most brokers' exports). Header names are matched case-insensitively and ignoring
 * spaces and underscores; other columns (`Adj Close`, `Dividends`) are ignored. Dates are
 * 'YYYY-MM-DD' or 'YYYY/MM/DD', optionally followed by a midnight time as pandas writes it.
 *
 * Bad rows are dropped and reported with their line number (header = row 1) and column; good
 * rows are kept. Checks across rows (duplicates, order, gaps) are in bar-sequence.ts.
 */

export interface CsvBarsOptions {
  /** Judge gaps against this calendar's sessions; without it gaps are not looked for. */
  readonly calendar?: SessionCalendar;
  /** Problems listed in full; the rest are counted in one last entry. Default 1000. */
  readonly maxProblems?: number;
}

const COLUMNS = ['date', 'open', 'high', 'low', 'close', 'volume'] as const;
type Column = (typeof COLUMNS)[number];
const TITLES: Record<Column, string> = { date: 'Date', open: 'Open', high: 'High', low: 'Low', close: 'Close', volume: 'Volume' };
const DATE = /^(\d{4})[-/](\d{2})[-/](\d{2})(?:[T ]00:00(?::00(?:\.0+)?)?(?:Z|[+-]00:?00)?)?$/;
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const GROUPED = /^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;

/** Header position of each needed column, or the problem with the header. */
function readHeader(fields: readonly string[]): Record<Column, number> | string {
  const names = fields.map((field) => field.toLowerCase().replace(/[\s_]/g, ''));
  const positions: Partial<Record<Column, number>> = {};
  const missing: string[] = [];
  for (const column of COLUMNS) {
    const at = names.indexOf(column);
    if (at < 0) missing.push(TITLES[column]);
    else if (names.indexOf(column, at + 1) >= 0) return `the header names ${TITLES[column]} twice`;
    else positions[column] = at;
  }
  if (missing.length > 0) {
    return `the header lacks ${missing.join(', ')}; expected Date,Open,High,Low,Close,Volume (found "${fields.join(',')}")`;
  }
  return positions as Record<Column, number>;
}

function parseDate(text: string): string | null {
  const match = DATE.exec(text);
  if (match === null) return null;
  const date = `${match[1]}-${match[2]}-${match[3]}`;
  return isIsoDate(date) ? date : null;
}

function parseNumber(text: string): number | null {
  const plain = GROUPED.test(text) ? text.replace(/,/g, '') : text;
  if (!NUMBER.test(plain)) return null;
  const value = Number(plain);
  return Number.isFinite(value) ? value : null;
}

type NumberColumn = Exclude<Column, 'date'>;
const NUMBER_COLUMNS: readonly NumberColumn[] = ['open', 'high', 'low', 'close', 'volume'];
type RowValues = Record<NumberColumn, number> & { readonly date: string };

/** The row's date and numbers, or null when any fails (each failure is a problem). */
function parseFields(row: number, fields: readonly string[], at: Record<Column, number>, problems: DataProblem[]): RowValues | null {
  let ok = true;
  const fail = (column: Column, message: string): void => {
    problems.push({ row, column: TITLES[column], severity: 'error', message });
    ok = false;
  };
  const dateText = fields[at.date] ?? '';
  const date = parseDate(dateText);
  if (date === null) fail('date', dateText === '' ? 'Date is empty' : `"${dateText}" is not a date; expected YYYY-MM-DD`);
  const numbers: Record<NumberColumn, number> = { open: Number.NaN, high: Number.NaN, low: Number.NaN, close: Number.NaN, volume: Number.NaN };
  for (const column of NUMBER_COLUMNS) {
    const text = fields[at[column]] ?? '';
    const value = parseNumber(text);
    if (value === null) fail(column, text === '' ? `${TITLES[column]} is empty` : `${TITLES[column]} "${text}" is not a number`);
    else if (column === 'volume' && value < 0) fail(column, `Volume ${text} is negative`);
    else if (column !== 'volume' && value <= 0) fail(column, `${TITLES[column]} ${text} is not positive; prices must be > 0`);
    else numbers[column] = value;
  }
  return ok && date !== null ? { date, ...numbers } : null;
}

/** The consistency of high and low with the other prices; true when all hold. */
function checkPrices(row: number, v: RowValues, problems: DataProblem[]): boolean {
  const errors: [string, string][] = [];
  if (v.high < v.low) errors.push(['High', `High ${v.high} is below Low ${v.low}`]);
  if (v.high < v.open) errors.push(['High', `High ${v.high} is below Open ${v.open}`]);
  if (v.high < v.close) errors.push(['High', `High ${v.high} is below Close ${v.close}`]);
  if (v.low > v.open) errors.push(['Low', `Low ${v.low} is above Open ${v.open}`]);
  if (v.low > v.close) errors.push(['Low', `Low ${v.low} is above Close ${v.close}`]);
  for (const [column, message] of errors) problems.push({ row, column, severity: 'error', message });
  return errors.length === 0;
}

function parseRow(row: number, line: string, at: Record<Column, number>, width: number, problems: DataProblem[]): NumberedBar | null {
  const fields = splitCsvLine(line);
  if (!Array.isArray(fields)) {
    problems.push({ row, severity: 'error', message: fields.error });
    return null;
  }
  if (fields.length !== width) {
    problems.push({ row, severity: 'error', message: `expected ${width} fields as in the header, found ${fields.length}` });
    return null;
  }
  const values = parseFields(row, fields, at, problems);
  if (values === null || !checkPrices(row, values, problems)) return null;
  const bar: Bar = { date: values.date, open: values.open, high: values.high, low: values.low, close: values.close, volume: values.volume };
  return { row, bar };
}

function capProblems(problems: DataProblem[], max: number): DataProblem[] {
  const sorted = problems.map((problem, order) => ({ problem, order }))
    .sort((a, b) => a.problem.row - b.problem.row || a.order - b.order)
    .map(({ problem }) => problem);
  const firstOmitted = sorted[max];
  if (firstOmitted === undefined) return sorted;
  return [...sorted.slice(0, max), { row: firstOmitted.row, severity: 'warning', message: `${sorted.length - max} more problems from this row on are not listed` }];
}

/** Bars (oldest first) and problems (by row) of a CSV file's text. */
export function parseBarsCsv(text: string, options: CsvBarsOptions = {}): BarsResult {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const problems: DataProblem[] = [];
  const headerIndex = lines.findIndex((line) => line.trim() !== '');
  const headerFields = headerIndex < 0 ? [] : splitCsvLine(lines[headerIndex] ?? '');
  const header = Array.isArray(headerFields) ? readHeader(headerFields) : headerFields.error;
  if (headerIndex < 0 || typeof header === 'string' || !Array.isArray(headerFields)) {
    const message = headerIndex < 0 ? 'the file is empty; expected a header Date,Open,High,Low,Close,Volume' : String(header);
    return { bars: [], problems: [{ row: Math.max(headerIndex, 0) + 1, severity: 'error', message }] };
  }
  const rows: NumberedBar[] = [];
  for (let index = headerIndex + 1; index < lines.length; index += 1) {
    const line = lines[index] ?? '';
    if (line.trim() === '') continue;
    const parsed = parseRow(index + 1, line, header, headerFields.length, problems);
    if (parsed !== null) rows.push(parsed);
  }
  const bars = checkSequence(rows, options.calendar, problems);
  return { bars, problems: capProblems(problems, options.maxProblems ?? 1000) };
}
