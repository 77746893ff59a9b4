import { dayOf, easterSunday, formatCivilDate, lastWeekday, nthWeekday, weekdayOf } from './civil-date.js';
import { NYSE_IRREGULAR_SESSIONS, NYSE_UNSCHEDULED_CLOSURES } from './nyse-irregular-days.js';
import type { SpecialDay, SpecialDays } from './rule-calendar.js';

/**
 * NYSE holidays and early closes for one year, by the rules in force from 1990 (NYSE Rule 7.2,
 * formerly Rule 51, "Hours of Business" and its holiday list; eras from the NYSE closings
 * history — see nyse-irregular-days.ts for the sources).
 *
 * Full-day holidays: New Year's Day (Sunday → Monday; Saturday → not observed: the rule that
 * moves a Saturday holiday to Friday excepts "the ending of a yearly accounting period", so
 * December 31 stays a trading day, as in 1994, 2000, 2005, 2011, 2022), Martin Luther King Jr. Day (3rd Monday of January, from 1998),
 * Washington's Birthday (3rd Monday of February), Good Friday, Memorial Day (last Monday of May),
 * Juneteenth (from 2022), Independence Day, Labor Day (1st Monday of September), Thanksgiving
 * (4th Thursday of November), Christmas. Juneteenth, Independence Day and Christmas move Saturday
 * → Friday and Sunday → Monday.
 *
 * Early closes, by era:
 * - Christmas Eve on Monday–Thursday: 14:00 until 1992, 13:00 from 1993 (on a Friday it is the
 *   observed Christmas holiday).
 * - Day after Thanksgiving: none before 1992, 14:00 in 1992, 13:00 from 1993.
 * - Independence Day: none before 1995. From 1995, 13:00 on July 3 when it is a Monday, Tuesday or
 *   Thursday. When July 4 is a Thursday, the early close was Friday July 5 from 1996 to 2012 and
 *   has been Wednesday July 3 since 2013 (2013, 2019, 2024; 2030 by the same rule).
 * Until 1993 the NYSE's standard early close was 14:00, from 1993 13:00.
 */
export function nyseSpecialDays(year: number): SpecialDays {
  const days = new Map<string, SpecialDay>();
  for (const [day, close] of earlyCloses(year)) {
    days.set(formatCivilDate(day), { kind: 'hours', open: OPEN, close, reason: 'early close' });
  }
  for (const session of NYSE_IRREGULAR_SESSIONS) {
    if (session.date.startsWith(`${year}-`)) days.set(session.date, { kind: 'hours', ...session });
  }
  // Holidays and closures come last: a closure on a scheduled early-close day wins.
  for (const [day, reason] of holidays(year)) {
    days.set(formatCivilDate(day), { kind: 'closed', reason });
  }
  for (const closure of NYSE_UNSCHEDULED_CLOSURES) {
    if (closure.date.startsWith(`${year}-`)) days.set(closure.date, { kind: 'closed', reason: closure.reason });
  }
  return days;
}

const OPEN = 9 * 60 + 30;
const ONE_PM = 13 * 60;
const TWO_PM = 14 * 60;
const [SUNDAY, MONDAY, TUESDAY, WEDNESDAY, THURSDAY, SATURDAY] = [0, 1, 2, 3, 4, 6] as const;

/** Saturday → the Friday before, Sunday → the Monday after. */
function nearestWeekday(day: number): number {
  const weekday = weekdayOf(day);
  if (weekday === SATURDAY) return day - 1;
  if (weekday === SUNDAY) return day + 1;
  return day;
}

function holidays(year: number): Array<[number, string]> {
  const out: Array<[number, string]> = [];
  const newYear = dayOf(year, 1, 1);
  if (weekdayOf(newYear) !== SATURDAY) out.push([nearestWeekday(newYear), "New Year's Day"]);
  if (year >= 1998) out.push([nthWeekday(year, 1, MONDAY, 3), 'Martin Luther King Jr. Day']);
  out.push([nthWeekday(year, 2, MONDAY, 3), "Washington's Birthday"]);
  out.push([easterSunday(year) - 2, 'Good Friday']);
  out.push([lastWeekday(year, 5, MONDAY), 'Memorial Day']);
  if (year >= 2022) out.push([nearestWeekday(dayOf(year, 6, 19)), 'Juneteenth National Independence Day']);
  out.push([nearestWeekday(dayOf(year, 7, 4)), 'Independence Day']);
  out.push([nthWeekday(year, 9, MONDAY, 1), 'Labor Day']);
  out.push([nthWeekday(year, 11, THURSDAY, 4), 'Thanksgiving Day']);
  out.push([nearestWeekday(dayOf(year, 12, 25)), 'Christmas Day']);
  return out;
}

/** [day, close in minutes] for the year's scheduled early closes. */
function earlyCloses(year: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const close = year < 1993 ? TWO_PM : ONE_PM;
  const christmasEve = dayOf(year, 12, 24);
  if (weekdayOf(christmasEve) >= MONDAY && weekdayOf(christmasEve) <= THURSDAY) out.push([christmasEve, close]);
  if (year >= 1992) out.push([nthWeekday(year, 11, THURSDAY, 4) + 1, close]);
  const july3 = dayOf(year, 7, 3);
  const july3Weekday = weekdayOf(july3);
  if (year >= 1995 && (july3Weekday === MONDAY || july3Weekday === TUESDAY || july3Weekday === THURSDAY)) {
    out.push([july3, ONE_PM]);
  }
  if (july3Weekday === WEDNESDAY) {
    if (year >= 1996 && year <= 2012) out.push([july3 + 2, ONE_PM]);
    if (year >= 2013) out.push([july3, ONE_PM]);
  }
  return out;
}
