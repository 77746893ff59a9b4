// The calendar module's public surface.
export type { Calendar, Session } from './calendar.js';
export { CalendarError } from './calendar-error.js';
export { calendarByName, BUILT_IN_CALENDAR_NAMES } from './calendar-by-name.js';
export { createXnys, createXnas } from './exchange-calendars.js';
export { createAlwaysOpenCalendar } from './always-open-calendar.js';
export { createWeekdaysCalendar } from './weekdays-calendar.js';
export { defineCalendar, type CalendarDefinition } from './user-calendar.js';
export { withClosures } from './closure-calendar.js';
export { NYSE_UNSCHEDULED_CLOSURES, NYSE_IRREGULAR_SESSIONS } from './nyse-irregular-days.js';
