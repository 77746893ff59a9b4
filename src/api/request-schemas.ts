/**
 * What the API accepts: path parameters, query strings and bodies, as zod schemas. The same
 * schemas validate requests (a 400 names the field) and describe them in the OpenAPI document.
 */
import { z } from 'zod';
import { RUN_STATUSES, type RunStatus } from '../model/run.js';
import { ALERT_SEVERITIES } from '../store/store.js';

/** Longest free-text reason (disable, cancel) accepted. */
const MAX_REASON = 500;
/** Most runs one page of history returns. */
export const MAX_PAGE = 500;
const DAY_MS = 86_400_000;
const MAX_PREVIEW_DAYS = 366;

const RUN_ID = /^r_[0-9a-z]{12}[0-9a-f]{8}$/;
const runId = z.string().regex(RUN_ID, { error: 'expected a run id: r_ followed by 20 letters and digits, as the runs list shows' });

const parameters = z.record(z.string(), z.unknown()).describe('Passed to the agent as is, merged over the task\'s own parameters');

export const TaskParams = z.object({ name: z.string().min(1).max(200).describe('The task name, as in the YAML') });
export const RunParams = z.object({ id: runId.describe('The run id') });

/** `failed` or `failed,timed_out`. */
const statusList = z
  .string()
  .transform((text, ctx) => {
    const wanted = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
    const bad = wanted.filter((s) => !(RUN_STATUSES as readonly string[]).includes(s));
    if (wanted.length === 0 || bad.length > 0) {
      ctx.addIssue({ code: 'custom', message: `${bad.length > 0 ? `unknown status ${bad.map((b) => `'${b}'`).join(', ')}; ` : ''}use ${RUN_STATUSES.join(', ')} (comma-separated for several)` });
      return z.NEVER;
    }
    return wanted as RunStatus[];
  })
  .describe(`One status or several, comma-separated: ${RUN_STATUSES.join(', ')}`);

const wholeNumber = (min: number, max: number, what: string) =>
  z
    .string()
    .regex(/^\d+$/, { error: `expected a whole number from ${min} to ${max} (${what})` })
    .transform(Number)
    .pipe(z.number().int().min(min, { error: `expected at least ${min} (${what})` }).max(max, { error: `expected at most ${max} (${what})` }));

export const RunsQuery = z.strictObject({
  task: z.string().min(1).optional().describe('Only runs of this task'),
  status: statusList.optional(),
  limit: wholeNumber(1, MAX_PAGE, 'runs per page').optional().describe(`Runs per page, 1 to ${MAX_PAGE}; default 50`),
  before: runId.optional().describe('Cursor: only runs older than this id (the previous page\'s nextBefore)'),
});

const instant = z
  .string()
  .transform((text, ctx) => {
    const ms = /^\d{4}-\d{2}-\d{2}/.test(text) ? Date.parse(text) : Number.NaN;
    if (Number.isNaN(ms)) {
      ctx.addIssue({ code: 'custom', message: 'expected an ISO-8601 date or time, such as 2026-11-27 (UTC midnight) or 2026-11-27T14:30:00Z' });
      return z.NEVER;
    }
    return ms;
  });

export const PreviewQuery = z.strictObject({
  from: instant.optional().describe('Start of the window, ISO-8601; default now'),
  days: z
    .string()
    .regex(/^\d+(\.\d+)?$/, { error: `expected a number of days > 0 and at most ${MAX_PREVIEW_DAYS}, such as 7` })
    .transform(Number)
    .pipe(z.number().positive({ error: 'expected a number of days > 0' }).max(MAX_PREVIEW_DAYS, { error: `expected at most ${MAX_PREVIEW_DAYS} days` }))
    .optional()
    .describe(`Length of the window in days (fractions allowed), at most ${MAX_PREVIEW_DAYS}; default 1`),
  task: z.string().min(1).optional().describe('Only this task'),
  limit: wholeNumber(1, 10_000, 'entries').optional().describe('At most this many entries; default 2000'),
});

export const previewWindow = (query: z.output<typeof PreviewQuery>, now: number): { from: number; to: number } => {
  const from = query.from ?? now;
  return { from, to: from + Math.round((query.days ?? 1) * DAY_MS) };
};

export const ExecuteBody = z.strictObject({
  command: z.string().min(1).max(500).describe('A system command such as "forecast AAPL 7d" or "help"'),
  parameters: parameters.optional(),
});

/** Optional: a POST without a body is `{}`. */
export const RunNowBody = z.strictObject({ parameters: parameters.optional() }).nullish();

export const ReasonBody = z.strictObject({ reason: z.string().min(1).max(MAX_REASON).optional().describe('Why, in words kept with the change') }).nullish();

/** YAML keys of the task (`retry_count`, `interval_minutes` …); validated by the orchestrator like the YAML. */
export const TaskPatchBody = z
  .record(z.string(), z.unknown())
  .refine((body) => Object.keys(body).length > 0, { error: 'name at least one key to change, e.g. { "retry_count": 5 }' })
  .describe('Task keys as in the YAML (snake_case, minutes), e.g. { "retry_count": 5, "interval_minutes": 10 }');

/** A positive id from the previous page (audit entries and alerts are numbered). */
const entryId = (what: string) => wholeNumber(1, Number.MAX_SAFE_INTEGER, what);

export const AuditQuery = z.strictObject({
  task: z.string().min(1).optional().describe('Only entries about this task'),
  since: instant.optional().describe('Only entries at or after this ISO-8601 instant'),
  limit: wholeNumber(1, MAX_PAGE, 'entries per page').optional().describe(`Entries per page, 1 to ${MAX_PAGE}; default 50`),
  before: entryId('an audit entry id').optional().describe('Cursor: only entries older than this id (the previous page\'s nextBefore)'),
});

export const AlertsQuery = z.strictObject({
  task: z.string().min(1).optional().describe('Only alerts about this task'),
  severity: z.enum(ALERT_SEVERITIES, { error: `expected one of ${ALERT_SEVERITIES.join(', ')}` }).optional().describe('This severity and above'),
  since: instant.optional().describe('Only alerts at or after this ISO-8601 instant'),
  limit: wholeNumber(1, MAX_PAGE, 'alerts per page').optional().describe(`Alerts per page, 1 to ${MAX_PAGE}; default 50`),
  before: entryId('an alert id').optional().describe('Cursor: only alerts older than this id (the previous page\'s nextBefore)'),
});
