/**
 * The `calendars:` section: user calendars, and unscheduled closures added to built-in ones.
 *
 *   calendars:
 *     XNYS: { closures: ["2026-03-02"] }          # a closure the release does not know yet
 *     LSE_AM:                                      # a calendar of your own
 *       timezone: Europe/London
 *       open: "08:00"
 *       close: "12:00"
 *       holidays: ["2026-12-25", "2026-12-28"]
 *       early_closes: [{ date: "2026-12-24", close: "11:00" }]
 *
 * Each entry is checked by building the calendar, so every rule of defineCalendar (times, dates,
 * close after open, zone) reports here with its key path.
 */
import { closest } from '../closest-name.js';
import { z } from 'zod';
import { BUILT_IN_CALENDAR_NAMES, calendarByName } from '../calendar/calendar-by-name.js';
import type { Calendar } from '../calendar/calendar.js';
import { CalendarError } from '../calendar/calendar-error.js';
import { withClosures } from '../calendar/closure-calendar.js';
import { defineCalendar, type CalendarDefinition } from '../calendar/user-calendar.js';
import type { IssueCollector } from './issue-collector.js';
import { checkSchema } from './schema-check.js';

const date = z.string();

export const CalendarEntrySchema = z.strictObject({
  /** IANA zone of the hours and dates (user calendars). */
  timezone: z.string().optional(),
  /** Regular open, "HH:MM" local (user calendars). */
  open: z.string().optional(),
  /** Regular close, "HH:MM" local (user calendars). */
  close: z.string().optional(),
  /** Days with a session, 0 = Sunday … 6 = Saturday. Default Monday–Friday. */
  weekdays: z.array(z.number().int().min(0).max(6)).optional(),
  holidays: z.array(date).optional(),
  early_closes: z.array(z.strictObject({ date, close: z.string() })).optional(),
  /** Unscheduled closures; the only key a built-in calendar (XNYS, …) takes. */
  closures: z.array(date).optional(),
  data_horizon: date.optional(),
});
export type RawCalendarEntry = z.output<typeof CalendarEntrySchema>;

/** A calendar as the configuration defines it: a built-in with extra closures, or a user calendar. */
export type CalendarSpec = { kind: 'builtin'; name: string; closures: readonly string[] } | { kind: 'defined'; definition: CalendarDefinition };

function builtInName(name: string): string | undefined {
  return BUILT_IN_CALENDAR_NAMES.find((known) => known.toLowerCase() === name.toLowerCase());
}

/** The calendar called `name`: from the configuration's specs, else built in. */
export function calendarFromSpecs(name: string, specs: ReadonlyMap<string, CalendarSpec>): Calendar {
  const spec = specs.get(name) ?? specs.get(builtInName(name) ?? '');
  if (!spec) return calendarByName(name);
  return spec.kind === 'builtin' ? withClosures(calendarByName(spec.name), spec.closures) : defineCalendar(spec.definition);
}

/** A lookup of calendars by name on `specs`, building each calendar once (they cache their sessions). */
export function calendarLookup(specs: ReadonlyMap<string, CalendarSpec>): (name: string) => Calendar {
  const built = new Map<string, Calendar>();
  return (name) => {
    let calendar = built.get(name);
    if (calendar === undefined) {
      calendar = calendarFromSpecs(name, specs);
      built.set(name, calendar);
    }
    return calendar;
  };
}

function toSpec(name: string, raw: RawCalendarEntry, path: (string | number)[], issues: IssueCollector): CalendarSpec | null {
  const builtIn = builtInName(name);
  if (builtIn !== undefined) {
    const extra = Object.keys(raw).filter((key) => key !== 'closures');
    for (const key of extra) {
      issues.add([...path, key], 'key', `'${key}' cannot change the built-in calendar ${builtIn}: only closures can be added to it`, `remove '${key}', or define a calendar of your own under another name`);
    }
    return extra.length > 0 ? null : { kind: 'builtin', name: builtIn, closures: raw.closures ?? [] };
  }
  const missing = (['timezone', 'open', 'close'] as const).filter((key) => raw[key] === undefined);
  for (const key of missing) issues.add([...path, key], 'key', `calendars.${name}.${key} is missing: a calendar of your own needs timezone, open and close`, `add ${key}, e.g. ${key === 'timezone' ? 'timezone: Europe/London' : `${key}: "${key === 'open' ? '08:00' : '16:30'}"`}`);
  if (missing.length > 0) return null;
  const definition: CalendarDefinition = {
    name,
    timezone: raw.timezone!,
    open: raw.open!,
    close: raw.close!,
    ...(raw.weekdays ? { weekdays: raw.weekdays } : {}),
    ...(raw.holidays ? { holidays: raw.holidays } : {}),
    ...(raw.early_closes ? { earlyCloses: raw.early_closes } : {}),
    ...(raw.closures ? { closures: raw.closures } : {}),
    ...(raw.data_horizon ? { dataHorizon: raw.data_horizon } : {}),
  };
  return { kind: 'defined', definition };
}

/** Validates the section and every calendar in it; returns the specs of the valid ones. */
export function readCalendars(raw: unknown, issues: IssueCollector): Map<string, CalendarSpec> {
  const specs = new Map<string, CalendarSpec>();
  const section = checkSchema(z.record(z.string(), z.unknown()), raw ?? {}, ['calendars'], issues) ?? {};
  for (const [name, value] of Object.entries(section)) {
    const path = ['calendars', name];
    const entry = checkSchema(CalendarEntrySchema, value ?? {}, path, issues);
    if (!entry) continue;
    const spec = toSpec(name, entry, path, issues);
    if (!spec) continue;
    try {
      calendarFromSpecs(name, new Map([[name, spec]])).session('2000-01-03');
      specs.set(builtInName(name) ?? name, spec);
    } catch (error) {
      if (!(error instanceof CalendarError)) throw error;
      const at = error.path === '' ? path : [...path, ...error.path.replace(/\]/g, '').split(/[.[]/).map((p) => (/^\d+$/.test(p) ? Number(p) : p.replace('earlyCloses', 'early_closes')))];
      issues.add(at, 'value', error.message, null); // the calendar's message already says how to write it
    }
  }
  return specs;
}

/**
 * `orchestrator.calendar` must name a built-in calendar or one under `calendars:` (one that is
 * there but invalid has its own issues already).
 */
export function checkCalendarName(name: string | undefined, section: unknown, issues: IssueCollector): void {
  const defined = section !== null && typeof section === 'object' ? Object.keys(section) : [];
  if (name === undefined || builtInName(name) !== undefined || defined.includes(name)) return;
  const known = [...BUILT_IN_CALENDAR_NAMES, ...defined.filter((n) => builtInName(n) === undefined)];
  const near = closest(name, known);
  issues.add(['orchestrator', 'calendar'], 'value', `unknown calendar '${name}'`, `${near === null ? '' : `did you mean '${near}'? `}Calendars: ${known.join(', ')}`);
}
