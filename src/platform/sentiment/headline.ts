/**
 * A news headline and the port every headline source implements. Sources return what they could
 * read together with the problems met on the way, so one bad item never hides the good ones.
 */

export interface Headline {
  /** Unique within its source. */
  id: string;
  /** Publication instant, ISO 8601 in UTC (`2026-01-05T14:30:00.000Z`). */
  published: string;
  /** Who published it: a wire, a site, `sample`. */
  source: string;
  title: string;
  /** Tickers the source itself attached; attribution adds those named in the title. */
  symbols?: string[];
  url?: string;
}

/** Where an item came from. */
export interface HeadlineLocation {
  /** The file path or URL. */
  where: string;
  /** 1-based line in a file, when known. */
  line: number | null;
  /** 1-based position in a JSON array or feed's item list, when it applies. */
  item: number | null;
}

/** One item or line a source skipped, and why. */
export interface HeadlineIssue extends HeadlineLocation {
  /** What is wrong and how to fix it, naming the field: `published: "yesterday" is not an ISO 8601 date-time`. */
  message: string;
}

export interface HeadlineBatch {
  /** Oldest first; ties by id. */
  headlines: Headline[];
  issues: HeadlineIssue[];
}

export interface HeadlineFetchOptions {
  /** Aborts the read; the promise then rejects with the signal's reason. */
  signal?: AbortSignal;
}

export interface HeadlineSource {
  /** What the source reads, for logs and explanations: `sample feed (seed 7)`, a folder, a URL. */
  readonly description: string;
  /** Headlines published in [fromMs, toMs) (epoch milliseconds). */
  headlines(fromMs: number, toMs: number, options?: HeadlineFetchOptions): Promise<HeadlineBatch>;
}

/** Throws a RangeError unless [fromMs, toMs) is a range of finite instants. */
export function checkRange(fromMs: number, toMs: number): void {
  if (!Number.isFinite(fromMs) || !Number.isFinite(toMs)) throw new RangeError(`the range must be finite epoch milliseconds, got [${fromMs}, ${toMs})`);
  if (toMs < fromMs) throw new RangeError(`the range ends before it starts: [${new Date(fromMs).toISOString()}, ${new Date(toMs).toISOString()})`);
}

/** `where:line item N`. */
export function formatLocation(at: HeadlineLocation): string {
  return `${at.where}${at.line === null ? '' : `:${at.line}`}${at.item === null ? '' : ` item ${at.item}`}`;
}

/** `where:line item N: message`. */
export function formatHeadlineIssue(issue: HeadlineIssue): string {
  return `${formatLocation(issue)}: ${issue.message}`;
}

/** Oldest first, then by id; plain code-unit order, the same in every locale. */
export function compareHeadlines(a: Headline, b: Headline): number {
  const ta = Date.parse(a.published);
  const tb = Date.parse(b.published);
  if (ta !== tb) return ta - tb;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
