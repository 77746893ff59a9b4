import { calendarByName } from '../../calendar/index.js';
import { addDays, isIsoDate, type SessionCalendar } from './bar.js';
import { MarketDataError } from './market-data-error.js';

/**
 * Trading dates come from an exchange calendar, never from the simulator or the forecaster:
 * they only label what the calendar says is a session.
 */

function requireDate(value: string, what: string): void {
  if (!isIsoDate(value)) {
    throw new MarketDataError('EVOLVE_MARKET_DATA_INVALID', `${what} "${value}" is not a date; write it as YYYY-MM-DD`);
  }
}

/** The session dates from `from` to `to`, inclusive, in order. */
export function sessionDates(calendar: SessionCalendar, from: string, to: string): string[] {
  requireDate(from, 'from');
  requireDate(to, 'to');
  if (from > to) return [];
  return calendar.sessions(from, to).map((session) => session.date);
}

/** The first `count` session dates strictly after `after` (the dates a forecast is for). */
export function nextSessionDates(calendar: SessionCalendar, after: string, count: number): string[] {
  requireDate(after, 'after');
  if (!Number.isInteger(count) || count < 0) {
    throw new MarketDataError('EVOLVE_MARKET_DATA_INVALID', `session count must be a whole number ≥ 0, got ${count}`);
  }
  const out: string[] = [];
  // Two calendar days per session covers weekends and holiday clusters; widen if a venue
  // closes for longer (a calendar with no sessions at all stops after ten years).
  let span = Math.max(14, count * 2);
  let cursor = after;
  while (out.length < count) {
    const batch = calendar.sessions(addDays(cursor, 1), addDays(cursor, span));
    for (const session of batch) {
      if (out.length < count) out.push(session.date);
    }
    cursor = addDays(cursor, span);
    if (batch.length === 0) span *= 2;
    if (cursor > addDays(after, 3660)) {
      throw new MarketDataError('EVOLVE_MARKET_DATA_INVALID', `the calendar has fewer than ${count} sessions in the ten years after ${after}`);
    }
  }
  return out;
}

/** Session dates of the New York Stock Exchange (XNYS), a convenience for the default data. */
export function xnysSessionDates(from: string, to: string): string[] {
  return sessionDates(calendarByName('XNYS'), from, to);
}
