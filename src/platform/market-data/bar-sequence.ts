import type { Bar, DataProblem, SessionCalendar } from './bar.js';

/**
 * Checks across rows, once each row is valid on its own: duplicate dates, order and gaps.
 *
 * Decisions, and why:
 * - Duplicate date: the first row wins and later ones are dropped. Identical values are a
 *   warning (harmless repetition, e.g. two exports concatenated); different values an error
 *   (the file contradicts itself; the first row is kept so the result does not depend on how
 *   many copies follow).
 * - Order: bars come back oldest first. A file that is newest first (a common export layout)
 *   is simply reversed. Rows that break the file's prevailing direction are kept and sorted
 *   into place with a warning: a date is its own key, so the position in the file carries no
 *   information, but a shuffled file is worth a look.
 * - Gaps: a session of the given calendar missing between two present rows is a warning on
 *   the row after it, listing the missing dates, and the rows on both sides are kept: they are
 *   valid, and the calendar may know a closure the file's source does not (or the reverse).
 *   A row dated on a day the calendar has no session is kept with a warning for the same reason.
 */

/** A row that passed its own checks, with its 1-based line number. */
export interface NumberedBar {
  readonly row: number;
  readonly bar: Bar;
}

const LISTED_MISSING_DATES = 10;

function sameValues(a: Bar, b: Bar): boolean {
  return a.open === b.open && a.high === b.high && a.low === b.low && a.close === b.close && a.volume === b.volume;
}

function dropDuplicates(rows: readonly NumberedBar[], problems: DataProblem[]): NumberedBar[] {
  const first = new Map<string, NumberedBar>();
  const kept: NumberedBar[] = [];
  for (const row of rows) {
    const earlier = first.get(row.bar.date);
    if (earlier === undefined) {
      first.set(row.bar.date, row);
      kept.push(row);
    } else if (sameValues(earlier.bar, row.bar)) {
      problems.push({ row: row.row, column: 'Date', severity: 'warning', message: `${row.bar.date} repeats row ${earlier.row} with the same values; kept once` });
    } else {
      problems.push({ row: row.row, column: 'Date', severity: 'error', message: `${row.bar.date} is already at row ${earlier.row} with different values; kept row ${earlier.row}` });
    }
  }
  return kept;
}

/** Oldest first, with a warning on each row that broke the file's prevailing direction. */
function sortRows(rows: readonly NumberedBar[], problems: DataProblem[]): NumberedBar[] {
  let ascending = 0;
  for (let i = 1; i < rows.length; i += 1) {
    if ((rows[i - 1]?.bar.date ?? '') < (rows[i]?.bar.date ?? '')) ascending += 1;
  }
  const newestFirst = ascending < (rows.length - 1) / 2;
  for (let i = 1; i < rows.length; i += 1) {
    const previous = rows[i - 1];
    const current = rows[i];
    if (previous === undefined || current === undefined) continue;
    if ((previous.bar.date < current.bar.date) === newestFirst) {
      problems.push({
        row: current.row,
        column: 'Date',
        severity: 'warning',
        message: `${current.bar.date} is out of order (after ${previous.bar.date} in a ${newestFirst ? 'newest' : 'oldest'}-first file); sorted into place`,
      });
    }
  }
  return [...rows].sort((a, b) => (a.bar.date < b.bar.date ? -1 : 1));
}

function describeMissing(missing: readonly string[], before: string): string {
  const listed = missing.slice(0, LISTED_MISSING_DATES).join(', ');
  const more = missing.length > LISTED_MISSING_DATES ? ` and ${missing.length - LISTED_MISSING_DATES} more` : '';
  const count = missing.length === 1 ? '1 session is' : `${missing.length} sessions are`;
  return `gap: ${count} missing before ${before}: ${listed}${more}`;
}

/** Gap and off-calendar warnings for rows sorted oldest first. */
function checkGaps(rows: readonly NumberedBar[], calendar: SessionCalendar, problems: DataProblem[]): void {
  const first = rows[0];
  const last = rows[rows.length - 1];
  if (first === undefined || last === undefined) return;
  const sessions = calendar.sessions(first.bar.date, last.bar.date).map((session) => session.date);
  let next = 0; // index of the first session not yet accounted for
  for (const [index, row] of rows.entries()) {
    const missing: string[] = [];
    while (next < sessions.length && (sessions[next] ?? '') < row.bar.date) {
      missing.push(sessions[next] ?? '');
      next += 1;
    }
    if (index > 0 && missing.length > 0) {
      problems.push({ row: row.row, column: 'Date', severity: 'warning', message: describeMissing(missing, row.bar.date) });
    }
    if (sessions[next] === row.bar.date) {
      next += 1;
    } else {
      problems.push({ row: row.row, column: 'Date', severity: 'warning', message: `${row.bar.date} is not a session of the calendar; kept` });
    }
  }
}

/** The bars of `rows` oldest first, one per date, with the problems found across rows. */
export function checkSequence(rows: readonly NumberedBar[], calendar: SessionCalendar | undefined, problems: DataProblem[]): Bar[] {
  const sorted = sortRows(dropDuplicates(rows, problems), problems);
  if (calendar !== undefined) checkGaps(sorted, calendar, problems);
  return sorted.map((row) => row.bar);
}
