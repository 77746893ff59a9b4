import type { Calendar } from './calendar.js';
import { RuleCalendar } from './rule-calendar.js';

/** No holidays to know, so no horizon to run out of. */
const NO_HORIZON = '9999-12-31';

/**
 * `24/7`, for crypto venues: always open. Sessions are UTC days (00:00–24:00) so that daily
 * reports and `sessions()` still have a unit; consecutive sessions touch, so `isOpen` is always
 * true and `nextOpen`/`nextClose` give the next UTC midnight.
 */
export function createAlwaysOpenCalendar(): Calendar {
  return new RuleCalendar({
    name: '24/7',
    timezone: 'UTC',
    dataHorizon: NO_HORIZON,
    hours: { open: 0, close: 24 * 60 },
    weekdays: [0, 1, 2, 3, 4, 5, 6],
    specialDays: () => new Map(),
  });
}
