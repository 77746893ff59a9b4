import type { Calendar } from './calendar.js';
import { CalendarError } from './calendar-error.js';
import { RuleCalendar } from './rule-calendar.js';

const NO_HORIZON = '9999-12-31';

/**
 * `weekdays`: Monday to Friday, all day (00:00–24:00) in `timezone` (default UTC), no holidays —
 * for venues such as spot FX that trade through the week. Throws a CalendarError when the zone
 * is unknown.
 */
export function createWeekdaysCalendar(timezone = 'UTC'): Calendar {
  try {
    return new RuleCalendar({
      name: 'weekdays',
      timezone,
      dataHorizon: NO_HORIZON,
      hours: { open: 0, close: 24 * 60 },
      weekdays: [1, 2, 3, 4, 5],
      specialDays: () => new Map(),
    });
  } catch (error) {
    throw new CalendarError(`unknown time zone "${timezone}"; use an IANA name such as America/New_York`, 'timezone', { cause: error });
  }
}
