import type { Calendar } from './calendar.js';
import { nyseSpecialDays } from './nyse-special-days.js';
import { RuleCalendar } from './rule-calendar.js';

/**
 * The last date the exchange rules are checked for. The holiday rules are computed, so later
 * dates still get them, but a holiday added by law (as Juneteenth was in 2021) or an unscheduled
 * closure needs a release or a `withClosures` entry.
 */
const EXCHANGE_DATA_HORIZON = '2030-12-31';

function usEquityCalendar(name: string): Calendar {
  return new RuleCalendar({
    name,
    timezone: 'America/New_York',
    dataHorizon: EXCHANGE_DATA_HORIZON,
    hours: { open: 9 * 60 + 30, close: 16 * 60 },
    weekdays: [1, 2, 3, 4, 5],
    specialDays: nyseSpecialDays,
  });
}

/**
 * New York Stock Exchange: 09:30–16:00 America/New_York, NYSE holidays and early closes. A
 * factory rather than a shared constant so nothing is built at import time and each owner gets
 * its own caches.
 */
export function createXnys(): Calendar {
  return usEquityCalendar('XNYS');
}

/** Nasdaq: the same hours, holidays, early closes and closures as NYSE. */
export function createXnas(): Calendar {
  return usEquityCalendar('XNAS');
}
