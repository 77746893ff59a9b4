/**
 * Validates raw headline items from files and feeds, keeps those in the requested range and
 * reports the rest. Accepts our own shape and JSON Feed 1.1 items (`date_published` for
 * `published`); unknown fields are ignored. Every problem names the field, the value and a fix.
 */
import { z } from 'zod';
import { compareHeadlines, formatLocation, type Headline, type HeadlineBatch, type HeadlineIssue, type HeadlineLocation } from './headline.js';
import { isTicker } from './symbol-attributor.js';

/** Date, or date-time with a zone; a time without a zone is ambiguous and rejected. */
const ISO_INSTANT = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)(Z|[+-]\d{2}:?\d{2})?)?$/i;

const show = (value: unknown): string => {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 60 ? `${text.slice(0, 60)}…` : text;
};

const publishedSchema = z.string({ error: (issue) => `must be an ISO 8601 date-time string such as "2026-01-05T14:30:00Z", got ${show(issue.input)}` }).superRefine((value, ctx) => {
  const match = ISO_INSTANT.exec(value.trim());
  if (match === null || !Number.isFinite(Date.parse(value.trim()))) {
    ctx.addIssue({ code: 'custom', message: `${show(value)} is not an ISO 8601 date-time: write it like "2026-01-05T14:30:00Z"` });
  } else if (match[2] !== undefined && match[3] === undefined) {
    ctx.addIssue({ code: 'custom', message: `${show(value)} has no time zone: add Z or an offset such as +00:00` });
  }
});

const symbolSchema = z
  .string({ error: (issue) => `must be a ticker string, got ${show(issue.input)}` })
  .transform((s) => s.trim().toUpperCase())
  .refine(isTicker, { error: (issue) => `${show(issue.input)} is not a ticker: use 1–6 letters, optionally with a class such as BRK.B` });

const ItemSchema = z.object({
  id: z.union([z.string().trim().min(1).max(512), z.number().finite()], { error: (issue) => `must be a non-empty string or a number, got ${show(issue.input)}` }),
  published: publishedSchema,
  source: z.string({ error: (issue) => `must be a string, got ${show(issue.input)}` }).trim().min(1).max(200).optional(),
  title: z
    .string({ error: (issue) => `must be a string, got ${show(issue.input)}` })
    .transform((t) => t.replace(/\s+/g, ' ').trim())
    .refine((t) => t.length > 0 && t.length <= 2000, { error: 'must have 1 to 2000 characters' }),
  symbols: z.array(symbolSchema, { error: (issue) => `must be an array of tickers, got ${show(issue.input)}` }).max(100).optional(),
  url: z.url({ protocol: /^https?$/, error: (issue) => `must be an http(s) URL, got ${show(issue.input)}` }).optional(),
});

export type ParsedItem = { ok: true; headline: Headline } | { ok: false; message: string };

/** One raw item to a Headline, or the problems that stop it, as `field: problem; field: problem`. */
export function parseHeadlineItem(value: unknown, defaultSource: string): ParsedItem {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, message: `must be an object with id, published and title, got ${Array.isArray(value) ? 'an array' : show(value)}` };
  }
  const raw = value as Record<string, unknown>;
  const aliased = raw['published'] === undefined && raw['date_published'] !== undefined ? { ...raw, published: raw['date_published'] } : raw;
  const parsed = ItemSchema.safeParse(aliased);
  if (!parsed.success) {
    const message = parsed.error.issues.map((issue) => `${issue.path.map(String).join('.') || 'item'}: ${issue.message}`).join('; ');
    return { ok: false, message };
  }
  const item = parsed.data;
  const headline: Headline = {
    id: String(item.id),
    published: new Date(item.published.trim()).toISOString(),
    source: item.source ?? defaultSource,
    title: item.title,
  };
  if (item.symbols !== undefined) headline.symbols = [...new Set(item.symbols)];
  if (item.url !== undefined) headline.url = item.url;
  return { ok: true, headline };
}

export class HeadlineCollector {
  readonly #fromMs: number;
  readonly #toMs: number;
  readonly #headlines: Headline[] = [];
  readonly #issues: HeadlineIssue[] = [];
  readonly #firstSeen = new Map<string, string>();

  constructor(fromMs: number, toMs: number) {
    this.#fromMs = fromMs;
    this.#toMs = toMs;
  }

  /** Validates one item; keeps it when valid, in range and not a repeated id. */
  add(value: unknown, at: HeadlineLocation, defaultSource: string): void {
    const parsed = parseHeadlineItem(value, defaultSource);
    if (!parsed.ok) {
      this.issue(at, parsed.message);
      return;
    }
    const { headline } = parsed;
    const published = Date.parse(headline.published);
    if (published < this.#fromMs || published >= this.#toMs) return;
    const first = this.#firstSeen.get(headline.id);
    if (first !== undefined) {
      this.issue(at, `id ${show(headline.id)} repeats the headline at ${first}: give every headline its own id`);
      return;
    }
    this.#firstSeen.set(headline.id, formatLocation(at));
    this.#headlines.push(headline);
  }

  issue(at: HeadlineLocation, message: string): void {
    this.#issues.push({ where: at.where, line: at.line, item: at.item, message });
  }

  batch(): HeadlineBatch {
    const headlines = [...this.#headlines].sort(compareHeadlines);
    return { headlines, issues: [...this.#issues] };
  }
}

/** The item list of a parsed JSON document: an array, or an object with an `items` (JSON Feed) or `headlines` array. */
export function itemsOf(json: unknown): { items: unknown[]; title: string | null } | null {
  if (Array.isArray(json)) return { items: json, title: null };
  if (json === null || typeof json !== 'object') return null;
  const object = json as Record<string, unknown>;
  const items = Array.isArray(object['items']) ? object['items'] : Array.isArray(object['headlines']) ? object['headlines'] : null;
  if (items === null) return null;
  const title = typeof object['title'] === 'string' && object['title'].trim() !== '' ? object['title'].trim() : null;
  return { items, title };
}

/** Describes a JSON value's type for an error message: `an object with keys a, b`, `a string`. */
export function describeJsonShape(json: unknown): string {
  if (Array.isArray(json)) return 'an array';
  if (json === null) return 'null';
  if (typeof json === 'object') return `an object with keys ${Object.keys(json).slice(0, 8).join(', ') || '(none)'}`;
  return `a ${typeof json}`;
}
