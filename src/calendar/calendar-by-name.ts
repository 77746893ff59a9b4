import { closest } from 'fastest-levenshtein';
import { createAlwaysOpenCalendar } from './always-open-calendar.js';
import type { Calendar } from './calendar.js';
import { CalendarError } from './calendar-error.js';
import { createXnas, createXnys } from './exchange-calendars.js';
import { createWeekdaysCalendar } from './weekdays-calendar.js';

/** The built-in calendars by name. A fixed table of factories, not a mutable registry. */
const BUILT_IN: Readonly<Record<string, () => Calendar>> = {
  XNYS: createXnys,
  XNAS: createXnas,
  '24/7': createAlwaysOpenCalendar,
  weekdays: () => createWeekdaysCalendar(),
};

export const BUILT_IN_CALENDAR_NAMES: readonly string[] = Object.keys(BUILT_IN);

/**
 * A new instance of the built-in calendar called `name` (case-insensitive), or a CalendarError
 * that suggests the nearest name. Callers keep the instance: its holiday and session caches
 * are what make repeated `isOpen` calls cheap.
 */
export function calendarByName(name: string): Calendar {
  const key = BUILT_IN_CALENDAR_NAMES.find((candidate) => candidate.toLowerCase() === name.toLowerCase());
  const factory = key === undefined ? undefined : BUILT_IN[key];
  if (factory === undefined) {
    const suggestion = closest(name.toUpperCase(), BUILT_IN_CALENDAR_NAMES.map((n) => n.toUpperCase()));
    const nearest = BUILT_IN_CALENDAR_NAMES.find((n) => n.toUpperCase() === suggestion) ?? BUILT_IN_CALENDAR_NAMES[0];
    throw new CalendarError(
      `unknown calendar "${name}"; did you mean "${nearest}"? Built-in calendars: ${BUILT_IN_CALENDAR_NAMES.join(', ')}`,
    );
  }
  return factory();
}
