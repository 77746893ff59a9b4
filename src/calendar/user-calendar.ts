import type { Calendar } from './calendar.js';
import { CalendarError } from './calendar-error.js';
import { parseCivilDate } from './civil-date.js';
import { RuleCalendar, type SpecialDay } from './rule-calendar.js';

/** A calendar as a user writes it (in YAML, later): plain data, checked by `defineCalendar`. */
export interface CalendarDefinition {
  name: string;
  /** IANA time zone of the hours and dates, e.g. 'Europe/London'. */
  timezone: string;
  /** Regular open, 'HH:MM' local. */
  open: string;
  /** Regular close, 'HH:MM' local, after `open`; '24:00' is the end of the day. */
  close: string;
  /** Days of the week with a session, 0 = Sunday … 6 = Saturday. Default Monday–Friday. */
  weekdays?: number[];
  /** Scheduled full-day holidays, 'YYYY-MM-DD'. */
  holidays?: string[];
  /** Scheduled early closes: the date and its close, 'HH:MM', after `open` and before `close`. */
  earlyCloses?: { date: string; close: string }[];
  /** Unscheduled closures, 'YYYY-MM-DD'. */
  closures?: string[];
  /**
   * Last date the holidays are known for, 'YYYY-MM-DD'. Default: December 31 of the latest year
   * named in holidays, earlyCloses or closures; 9999-12-31 when none are given.
   */
  dataHorizon?: string;
}

const TIME_PATTERN = /^(\d{2}):(\d{2})$/;

/** Minutes after midnight of 'HH:MM' (00:00–23:59, or 24:00 when `allowEndOfDay`). */
function parseTime(text: string, path: string, allowEndOfDay: boolean): number {
  const match = TIME_PATTERN.exec(text);
  const hour = Number(match?.[1]);
  const minute = Number(match?.[2]);
  const endOfDay = allowEndOfDay && hour === 24 && minute === 0;
  if (match === null || minute > 59 || (hour > 23 && !endOfDay)) {
    throw new CalendarError(`${path}: "${text}" is not a time; write HH:MM on a 24-hour clock, e.g. 09:30`, path);
  }
  return hour * 60 + minute;
}

function checkDate(text: string, path: string): string {
  if (typeof text !== 'string' || parseCivilDate(text) === null) {
    throw new CalendarError(`${path}: "${String(text)}" is not a date; write YYYY-MM-DD, e.g. 2025-12-25`, path);
  }
  return text;
}

function checkTimezone(timezone: string): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
  } catch (error) {
    throw new CalendarError(`timezone: unknown time zone "${timezone}"; use an IANA name such as America/New_York`, 'timezone', { cause: error });
  }
}

function checkWeekdays(weekdays: number[]): number[] {
  if (weekdays.length === 0) throw new CalendarError('weekdays: the list is empty, so the calendar never opens; list at least one day (0 = Sunday … 6 = Saturday)', 'weekdays');
  weekdays.forEach((day, i) => {
    if (!Number.isInteger(day) || day < 0 || day > 6) {
      throw new CalendarError(`weekdays[${i}]: ${day} is not a day of the week; use 0 = Sunday … 6 = Saturday`, `weekdays[${i}]`);
    }
  });
  return weekdays;
}

/** The special days of a definition, grouped by year. */
function specialDaysByYear(definition: CalendarDefinition, open: number, close: number): Map<number, Map<string, SpecialDay>> {
  const byYear = new Map<number, Map<string, SpecialDay>>();
  const put = (date: string, day: SpecialDay): void => {
    const year = Number(date.slice(0, 4));
    const days = byYear.get(year) ?? new Map<string, SpecialDay>();
    days.set(date, day);
    byYear.set(year, days);
  };
  (definition.earlyCloses ?? []).forEach((entry, i) => {
    const date = checkDate(entry.date, `earlyCloses[${i}].date`);
    const earlyClose = parseTime(entry.close, `earlyCloses[${i}].close`, false);
    if (earlyClose <= open || earlyClose >= close) {
      throw new CalendarError(`earlyCloses[${i}].close: ${entry.close} must lie after the open (${definition.open}) and before the regular close (${definition.close})`, `earlyCloses[${i}].close`);
    }
    put(date, { kind: 'hours', open, close: earlyClose, reason: 'early close' });
  });
  // Closed days after early closes, so a date listed as both is closed.
  (definition.holidays ?? []).forEach((text, i) => put(checkDate(text, `holidays[${i}]`), { kind: 'closed', reason: 'holiday' }));
  (definition.closures ?? []).forEach((text, i) => put(checkDate(text, `closures[${i}]`), { kind: 'closed', reason: 'unscheduled closure' }));
  return byYear;
}

/** Builds a calendar from a definition, or throws a CalendarError naming the field and the fix. */
export function defineCalendar(definition: CalendarDefinition): Calendar {
  if (typeof definition.name !== 'string' || definition.name.trim() === '') {
    throw new CalendarError('name: a calendar needs a non-empty name', 'name');
  }
  checkTimezone(definition.timezone);
  const open = parseTime(definition.open, 'open', false);
  const close = parseTime(definition.close, 'close', true);
  if (close <= open) {
    throw new CalendarError(`close: ${definition.close} is not after open ${definition.open}; sessions must close after they open on the same day`, 'close');
  }
  const weekdays = checkWeekdays(definition.weekdays ?? [1, 2, 3, 4, 5]);
  const byYear = specialDaysByYear(definition, open, close);
  const latestYear = Math.max(...byYear.keys());
  const dataHorizon =
    definition.dataHorizon === undefined
      ? byYear.size === 0 ? '9999-12-31' : `${latestYear}-12-31`
      : checkDate(definition.dataHorizon, 'dataHorizon');
  return new RuleCalendar({
    name: definition.name,
    timezone: definition.timezone,
    dataHorizon,
    hours: { open, close },
    weekdays,
    specialDays: (year) => byYear.get(year) ?? new Map(),
  });
}
