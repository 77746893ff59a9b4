/**
 * The UTC offsets of one IANA time zone and the instants where they change, read from the
 * platform's tz database through Intl. Between two transitions a zone is a fixed offset, and
 * croner evaluates a fixed offset about ten times faster than a named zone (measured on Node 20:
 * ~46 µs per nextRun for `* * * * * *` in America/New_York, ~3–15 µs with `utcOffset`), so
 * compiled-cron.ts uses these windows for its fast path.
 *
 * Transitions are found per chunk of CHUNK_MS by sampling the offset every SAMPLE_MS and
 * bisecting (to the second, the resolution of Intl and of tzdata) where two samples differ. Two
 * transitions less than SAMPLE_MS apart that cancel each other out would be missed: an accepted
 * limit, since the changes in the tz database lie far further apart than six hours.
 */

const SECOND_MS = 1_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const CHUNK_MS = 32 * DAY_MS;
const SAMPLE_MS = 6 * HOUR_MS;
/** How many chunks a window search looks ahead (~1 year) and back (~2 months) for a transition. */
const SEARCH_AHEAD_CHUNKS = 12;
const SEARCH_BACK_CHUNKS = 2;
/** Bound on the transition chunks remembered per zone (each is a few numbers). */
const MAX_CACHED_CHUNKS = 512;

/** A stretch of time during which a zone's UTC offset does not change. */
export interface OffsetWindow {
  /** First instant (epoch ms) of the window: a transition, or where the search stopped. */
  readonly start: number;
  /** First instant after the window: a transition, or where the search stopped. */
  readonly end: number;
  /** local wall-clock time = UTC + offsetMs, throughout the window. */
  readonly offsetMs: number;
  /** The offset just before `start` when `start` is a transition; null when it is not. */
  readonly previousOffsetMs: number | null;
}

export class ZoneOffsets {
  readonly timezone: string;
  readonly #format: Intl.DateTimeFormat;
  readonly #chunks = new Map<number, readonly number[]>();
  #lastWindow: OffsetWindow | null = null;

  /** Throws a RangeError when `timezone` is not a time zone the platform knows. */
  constructor(timezone: string) {
    this.timezone = timezone;
    this.#format = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  }

  /** The offset (ms, local = UTC + offset) in force at `ms`. Meant for years 1900–9000. */
  offsetAt(ms: number): number {
    const second = Math.floor(ms / SECOND_MS) * SECOND_MS;
    const fields = { year: 0, month: 1, day: 1, hour: 0, minute: 0, second: 0 };
    for (const part of this.#format.formatToParts(second)) {
      if (part.type in fields) fields[part.type as keyof typeof fields] = Number(part.value);
    }
    const hour = fields.hour === 24 ? 0 : fields.hour;
    const local = Date.UTC(fields.year, fields.month - 1, fields.day, hour, fields.minute, fields.second);
    return local - second;
  }

  /** The window of constant offset that contains `ms`. */
  windowAt(ms: number): OffsetWindow {
    const instant = Math.floor(ms);
    const last = this.#lastWindow;
    if (last !== null && instant >= last.start && instant < last.end) return last;
    const window = this.#computeWindow(instant);
    this.#lastWindow = window;
    return window;
  }

  #computeWindow(instant: number): OffsetWindow {
    // Chunk c holds the transitions T with c*CHUNK_MS < T <= (c+1)*CHUNK_MS.
    const chunk = Math.ceil(instant / CHUNK_MS) - 1;
    let start: number | null = null;
    for (let c = chunk; c >= chunk - SEARCH_BACK_CHUNKS && start === null; c--) {
      const found = this.#transitions(c).filter((t) => t <= instant);
      start = found.length > 0 ? (found[found.length - 1] ?? null) : null;
    }
    let end: number | null = null;
    for (let c = chunk; c <= chunk + SEARCH_AHEAD_CHUNKS && end === null; c++) {
      end = this.#transitions(c).find((t) => t > instant) ?? null;
    }
    return {
      start: start ?? (chunk - SEARCH_BACK_CHUNKS) * CHUNK_MS + 1,
      end: end ?? (chunk + SEARCH_AHEAD_CHUNKS + 1) * CHUNK_MS + 1,
      offsetMs: this.offsetAt(instant),
      previousOffsetMs: start === null ? null : this.offsetAt(start - SECOND_MS),
    };
  }

  #transitions(chunk: number): readonly number[] {
    const cached = this.#chunks.get(chunk);
    if (cached !== undefined) return cached;
    const found: number[] = [];
    let at = chunk * CHUNK_MS;
    let offset = this.offsetAt(at);
    for (let step = 0; step < CHUNK_MS / SAMPLE_MS; step++) {
      const next = at + SAMPLE_MS;
      const nextOffset = this.offsetAt(next);
      if (nextOffset !== offset) found.push(this.#bisect(at, next, offset));
      at = next;
      offset = nextOffset;
    }
    if (this.#chunks.size >= MAX_CACHED_CHUNKS) {
      const oldest = this.#chunks.keys().next();
      if (oldest.done !== true) this.#chunks.delete(oldest.value);
    }
    this.#chunks.set(chunk, found);
    return found;
  }

  /** The first whole second in (lo, hi] whose offset differs from `loOffset`. */
  #bisect(lo: number, hi: number, loOffset: number): number {
    let low = lo;
    let high = hi;
    while (high - low > SECOND_MS) {
      const mid = low + Math.floor((high - low) / (2 * SECOND_MS)) * SECOND_MS;
      if (this.offsetAt(mid) === loOffset) low = mid;
      else high = mid;
    }
    return high;
  }
}
