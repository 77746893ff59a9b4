/**
 * A schedule ready for slot arithmetic. Interval, cron and manual schedules are complete as
 * configured; a market schedule names its calendar, which is looked up (with the configuration's
 * closures and user calendars) once, when the engine or a preview binds it.
 */
import type { Calendar } from '../calendar/calendar.js';
import type { MarketRule, Schedule } from '../model/task.js';

export type SlotSchedule = Exclude<Schedule, { kind: 'market' }> | { kind: 'market'; calendar: Calendar; rule: MarketRule };

/** The calendar called `name`; throws a CalendarError for an unknown one. */
export type CalendarLookup = (name: string) => Calendar;

export function bindSchedule(schedule: Schedule, calendars: CalendarLookup): SlotSchedule {
  return schedule.kind === 'market' ? { kind: 'market', calendar: calendars(schedule.calendar), rule: schedule.rule } : schedule;
}
