import type { Session } from './calendar.js';
import { formatCivilDate, weekdayOf, yearOf } from './civil-date.js';
import { SessionCalendar } from './session-calendar.js';

/** Wall-clock hours in minutes after local midnight; close 1440 is the next midnight. */
export interface TradingHours {
  readonly open: number;
  readonly close: number;
}

/** A date that departs from the regular pattern. */
export type SpecialDay =
  | { readonly kind: 'closed'; readonly reason: string }
  | { readonly kind: 'hours'; readonly open: number; readonly close: number; readonly reason: string };

/** The special days of one year, keyed by local date 'YYYY-MM-DD'. */
export type SpecialDays = ReadonlyMap<string, SpecialDay>;

export interface CalendarRules {
  readonly name: string;
  readonly timezone: string;
  readonly dataHorizon: string;
  readonly hours: TradingHours;
  /** Days of the week with a regular session: 0 = Sunday … 6 = Saturday. */
  readonly weekdays: readonly number[];
  /** The year's holidays and irregular sessions; called once per year, then cached. */
  readonly specialDays: (year: number) => SpecialDays;
}

/** Bound on cached sessions (each a few numbers); a scheduler touches a handful of days. */
const MAX_CACHED_SESSIONS = 4_096;

/**
 * A calendar given by regular hours on some weekdays plus per-year special days. Holidays are
 * computed once per year and sessions once per day: isOpen and session run on every due run,
 * and a cached day costs one Map lookup plus one Intl offset read (localDay).
 */
export class RuleCalendar extends SessionCalendar {
  readonly name: string;
  readonly dataHorizon: string;
  readonly #rules: CalendarRules;
  readonly #weekdays: ReadonlySet<number>;
  readonly #years = new Map<number, SpecialDays>();
  readonly #sessions = new Map<number, Session | null>();

  constructor(rules: CalendarRules) {
    super(rules.timezone);
    this.name = rules.name;
    this.dataHorizon = rules.dataHorizon;
    this.#rules = rules;
    this.#weekdays = new Set(rules.weekdays);
  }

  protected sessionOnDay(day: number): Session | null {
    const cached = this.#sessions.get(day);
    if (cached !== undefined) return cached;
    const session = this.#computeSession(day);
    if (this.#sessions.size >= MAX_CACHED_SESSIONS) this.#sessions.clear();
    this.#sessions.set(day, session);
    return session;
  }

  protected closedReasonOnDay(day: number): string | null {
    if (!this.#weekdays.has(weekdayOf(day))) return null;
    const special = this.#specialDays(yearOf(day)).get(formatCivilDate(day));
    return special?.kind === 'closed' ? special.reason : null;
  }

  #computeSession(day: number): Session | null {
    if (!this.#weekdays.has(weekdayOf(day))) return null;
    const date = formatCivilDate(day);
    const special = this.#specialDays(yearOf(day)).get(date);
    if (special?.kind === 'closed') return null;
    const hours = special ?? this.#rules.hours;
    return {
      date,
      open: this.clock.instantOf(day, hours.open),
      close: this.clock.instantOf(day, hours.close),
      earlyClose: hours.close < this.#rules.hours.close,
    };
  }

  #specialDays(year: number): SpecialDays {
    let days = this.#years.get(year);
    if (days === undefined) {
      days = this.#rules.specialDays(year);
      this.#years.set(year, days);
    }
    return days;
  }
}
