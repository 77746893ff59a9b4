import type { Calendar, Session } from './calendar.js';
import { CalendarError } from './calendar-error.js';
import { formatCivilDate, parseCivilDate } from './civil-date.js';
import { ZoneClock } from './zone-clock.js';

/**
 * How far the walks below look for a session before giving up: a calendar with no session in
 * ~3 years (a user calendar whose weekdays are all holidays) is a configuration error, not a
 * reason to loop forever.
 */
const MAX_SCAN_DAYS = 1_100;

/**
 * Everything a calendar answers, derived from one question: the session on a local day. A
 * subclass supplies `sessionOnDay`; the walks (next open, next close, previous close) go day by
 * day from the instant's local date, which is cheap because each day's answer is cached.
 */
export abstract class SessionCalendar implements Calendar {
  abstract readonly name: string;
  abstract readonly dataHorizon: string;
  readonly timezone: string;
  protected readonly clock: ZoneClock;

  protected constructor(timezone: string) {
    this.timezone = timezone;
    this.clock = new ZoneClock(timezone);
  }

  /** The session on local day number `day`, or null. */
  protected abstract sessionOnDay(day: number): Session | null;

  /** Why local day number `day`, a regular trading weekday, has no session; null otherwise. */
  protected abstract closedReasonOnDay(day: number): string | null;

  dateOf(instant: number): string {
    return formatCivilDate(this.clock.localDay(instant));
  }

  closedReason(date: string): string | null {
    return this.closedReasonOnDay(this.#day(date));
  }

  session(date: string): Session | null {
    return this.sessionOnDay(this.#day(date));
  }

  #day(date: string): number {
    const day = parseCivilDate(date);
    if (day === null) throw new CalendarError(`"${date}" is not a date; write YYYY-MM-DD, e.g. 2025-07-03`);
    return day;
  }

  sessions(from: string, to: string): Session[] {
    const first = parseCivilDate(from);
    const last = parseCivilDate(to);
    if (first === null || last === null) {
      throw new CalendarError(`sessions(${from}, ${to}): both bounds must be dates written YYYY-MM-DD`);
    }
    const out: Session[] = [];
    for (let day = first; day <= last; day++) {
      const session = this.sessionOnDay(day);
      if (session !== null) out.push(session);
    }
    return out;
  }

  isOpen(instant: number): boolean {
    const session = this.sessionOnDay(this.clock.localDay(instant));
    return session !== null && session.open <= instant && instant < session.close;
  }

  nextOpen(instant: number): number {
    return this.#walk(instant, 1, (s) => (s.open > instant ? s.open : null));
  }

  nextClose(instant: number): number {
    return this.#walk(instant, 1, (s) => (s.close > instant ? s.close : null));
  }

  previousClose(instant: number): number {
    return this.#walk(instant, -1, (s) => (s.close <= instant ? s.close : null));
  }

  #walk(instant: number, step: 1 | -1, pick: (session: Session) => number | null): number {
    const start = this.clock.localDay(instant);
    for (let i = 0; i < MAX_SCAN_DAYS; i++) {
      const session = this.sessionOnDay(start + i * step);
      const found = session === null ? null : pick(session);
      if (found !== null) return found;
    }
    const direction = step === 1 ? 'after' : 'before';
    throw new CalendarError(
      `calendar ${this.name} has no session within ${MAX_SCAN_DAYS} days ${direction} ${formatCivilDate(start)}; give it weekdays and fewer holidays`,
    );
  }
}
