import { closest } from '../closest-name.js';
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
    const nearest = closest(name, BUILT_IN_CALENDAR_NAMES);
    throw new CalendarError(`unknown calendar "${name}"; ${nearest === null ? '' : `did you mean "${nearest}"? `}Built-in calendars: ${BUILT_IN_CALENDAR_NAMES.join(', ')}`);
  }
  return factory();
}
