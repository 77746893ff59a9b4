/**
 * The `platform:` section: what the reference trading platform (`evolve start --integrated`)
 * trades and how. Every key is optional; the defaults run on simulated data.
 *
 *   platform:
 *     symbols: [AAPL, MSFT, NVDA, JPM, XOM, SPY]
 *     data: { source: csv_dir, dir: ./bars }        # or simulator (seed, start), csv_url (url_template)
 *     headlines: { source: url, url: https://… }    # or sample (seed), files (dir)
 *     initial_cash: 1000000
 */
import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import type { IssueCollector } from './issue-collector.js';
import { checkSchema } from './schema-check.js';

const fraction = z.number().min(0).max(1);
const symbol = z.string().regex(/^[A-Za-z0-9^][A-Za-z0-9.^=_-]{0,31}$/);

export const PlatformSchema = z.strictObject({
  /** Symbols traded and analysed. Default: the simulator's universe. */
  symbols: z.array(symbol).min(1).optional(),
  /** The market benchmark (market_volatility). Default SPY. */
  benchmark: symbol.optional(),
  data: z
    .strictObject({
      /** simulator (default), csv_dir or csv_url. */
      source: z.enum(['simulator', 'csv_dir', 'csv_url']).optional(),
      seed: z.number().int().optional(),
      start: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
      /** csv_dir: a folder of <SYMBOL>.csv, relative to this file. */
      dir: z.string().min(1).optional(),
      /** csv_url: a URL with {symbol}. */
      url_template: z.string().min(1).optional(),
    })
    .optional(),
  /** Sessions of history analysed. Default 504 (two years). */
  history_sessions: z.number().int().min(60).max(5_000).optional(),
  headlines: z
    .strictObject({
      /** sample (default), files or url. */
      source: z.enum(['sample', 'files', 'url']).optional(),
      seed: z.number().int().optional(),
      dir: z.string().min(1).optional(),
      url: z.string().min(1).optional(),
    })
    .optional(),
  /** Cash of the paper account when it is first opened. Default 1,000,000. */
  initial_cash: z.number().positive().optional(),
  trading: z.strictObject({ slippage_bps: z.number().min(0).optional(), commission_bps: z.number().min(0).optional(), commission_per_trade: z.number().min(0).optional() }).optional(),
  risk: z
    .strictObject({
      max_weight_per_symbol: fraction.optional(),
      max_gross_exposure: z.number().positive().optional(),
      stop_loss_pct: fraction.optional(),
      trailing_stop_pct: fraction.optional(),
      /** Sessions that must close after a stop's exit before rebalancing buys the symbol again; 0: none. Default 5. */
      stop_cooldown_sessions: z.number().int().min(0).max(250).optional(),
    })
    .optional(),
  /** Rebalance when a weight drifts more than this from its target. Default 0.05. */
  rebalance_threshold: fraction.optional(),
  /** An LLM endpoint that rewrites explanations; null (default): templates only. */
  explanation_llm_url: z.string().url().nullable().optional(),
});
export type RawPlatform = z.output<typeof PlatformSchema>;

/**
 * Validates the section: the keys each data or headline source needs. Null when the file has no
 * `platform:` key (`platform: {}` is the platform with every default).
 */
export function readPlatform(raw: unknown, issues: IssueCollector): RawPlatform | null {
  if (raw === undefined) return null;
  const section = checkSchema(PlatformSchema, raw ?? {}, ['platform'], issues);
  if (!section) return {};
  const need = (path: (string | number)[], present: unknown, message: string, fix: string): void => {
    if (present === undefined) issues.add(path, 'key', message, fix);
  };
  const data = section.data;
  if (data?.source === 'csv_dir') need(['platform', 'data'], data.dir, 'platform.data.source csv_dir needs dir', 'add dir: a folder of <SYMBOL>.csv files, relative to this file');
  if (data?.source === 'csv_url') need(['platform', 'data'], data.url_template, 'platform.data.source csv_url needs url_template', 'add url_template: "https://…/{symbol}.csv"');
  const headlines = section.headlines;
  if (headlines?.source === 'files') need(['platform', 'headlines'], headlines.dir, 'platform.headlines.source files needs dir', 'add dir: a folder of JSON headline files');
  if (headlines?.source === 'url') need(['platform', 'headlines'], headlines.url, 'platform.headlines.source url needs url', 'add url: the JSON feed');
  return section;
}

/** The section with its folders made absolute, relative to `baseDir` (the configuration file's folder). */
export function platformWithPaths(section: RawPlatform | null, baseDir: string): RawPlatform | null {
  if (section === null) return null;
  const { data, headlines } = section;
  const absolute = (path: string | undefined): string | undefined => (path === undefined || isAbsolute(path) ? path : resolve(baseDir, path));
  return {
    ...section,
    ...(data ? { data: { ...data, ...(data.dir ? { dir: absolute(data.dir) } : {}) } } : {}),
    ...(headlines ? { headlines: { ...headlines, ...(headlines.dir ? { dir: absolute(headlines.dir) } : {}) } } : {}),
  };
}
