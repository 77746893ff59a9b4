/**
 * The calendar port: when a market (or any user-defined venue) is in session. Instants are epoch
 * milliseconds; dates are the calendar's local dates ('YYYY-MM-DD'). Every session lies within
 * its own local date: it opens at or after local midnight and closes no later than the next
 * one, so the local date of an instant names the only session that can contain it.
 */

/** One trading day. `open` ≤ t < `close` is in session. */
export interface Session {
  /** Local date of the session, 'YYYY-MM-DD'. */
  readonly date: string;
  /** Opening instant, epoch ms. */
  readonly open: number;
  /** Closing instant, epoch ms (exclusive). */
  readonly close: number;
  /** True when the session closes before the calendar's regular close (e.g. 13:00 on XNYS). */
  readonly earlyClose: boolean;
}

export interface Calendar {
  readonly name: string;
  /** IANA zone whose local dates name the sessions. */
  readonly timezone: string;
  /**
   * Last local date ('YYYY-MM-DD') the calendar's holidays are known for; after it, sessions
   * follow the regular rules only and an unannounced holiday would be missed.
   */
  readonly dataHorizon: string;
  /** The local date ('YYYY-MM-DD') of `instant`: the only session that can contain it is that day's. */
  dateOf(instant: number): string;
  /**
   * Why a day of the regular trading week has no session: the holiday's name, or "unscheduled
   * closure". Null when the day has a session or is not a trading day anyway (a weekend).
   */
  closedReason(date: string): string | null;
  /** Whether `instant` lies in a session (open inclusive, close exclusive). */
  isOpen(instant: number): boolean;
  /** The session on a local date, or null when the market does not open that day. */
  session(date: string): Session | null;
  /** Every session from `from` to `to`, local dates inclusive, in order. */
  sessions(from: string, to: string): Session[];
  /** The first session open strictly after `instant`. */
  nextOpen(instant: number): number;
  /** The first session close strictly after `instant`: that of the session in progress, or of the next one. */
  nextClose(instant: number): number;
  /** The last session close at or before `instant`. */
  previousClose(instant: number): number;
}
