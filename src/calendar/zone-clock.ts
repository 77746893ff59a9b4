import { ZoneOffsets } from '../schedule/zone-offsets.js';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/**
 * Converts between instants and a zone's wall clock, for whole local days and minutes. Reuses
 * the schedule module's Intl-backed offset reader rather than keeping a second one.
 */
export class ZoneClock {
  readonly timezone: string;
  readonly #offsets: ZoneOffsets;

  /** Throws a RangeError when the platform does not know `timezone`. */
  constructor(timezone: string) {
    this.timezone = timezone;
    this.#offsets = new ZoneOffsets(timezone);
  }

  /**
   * The local day number (days since 1970-01-01) that contains `instant`. Reads the offset from
   * the cached window of constant offset: ~0.3 µs a call against ~4 µs for an Intl read
   * (measured, Node 20, 100k isOpen calls on XNYS).
   */
  localDay(instant: number): number {
    return Math.floor((instant + this.#offsets.windowAt(instant).offsetMs) / DAY_MS);
  }

  /**
   * The instant of `minute` minutes after local midnight of `day` (1440 = the next midnight).
   * A wall time that DST skips moves forward by the gap and a repeated one takes its first
   * occurrence, as Temporal's 'compatible' disambiguation does; exchange hours never fall in
   * either, but user calendars in any zone might.
   */
  instantOf(day: number, minute: number): number {
    const local = day * DAY_MS + minute * MINUTE_MS;
    // At most one transition lies within a day either side of any wall time in the tz database.
    const before = this.#offsets.offsetAt(local - DAY_MS);
    const after = this.#offsets.offsetAt(local + DAY_MS);
    const candidates = [before, after]
      .map((offset) => local - offset)
      .filter((instant) => this.#offsets.offsetAt(instant) === local - instant);
    return candidates.length > 0 ? Math.min(...candidates) : local - before;
  }
}
