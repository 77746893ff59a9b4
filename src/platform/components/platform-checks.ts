/**
 * The platform's own health checks, beside the orchestrator's task scores: are the bars fresh
 * (each symbol has the last session that closed at least `graceMs` ago), how large is the
 * database, how many journal entries wait for an explanation, and did data syncs meet problems.
 */
import type { PlatformContext } from '../core/platform-context.js';
import { lastClosedSession } from '../core/platform-context.js';
import type { DataManager } from './data-manager.js';
import { formatQuantity } from './figure-format.js';

export interface PlatformCheck {
  name: 'bars_fresh' | 'database_size' | 'explanation_backlog' | 'data_problems';
  ok: boolean;
  value: number;
  detail: string;
}

export interface Freshness {
  /** The session every symbol should have. */
  expected: string;
  /** The oldest last bar among the fresh symbols (null when none is fresh). */
  oldest: string | null;
  /** Symbols without it, with their last bar (null: none). */
  stale: { symbol: string; last: string | null; sessionsBehind: number | null }[];
  symbols: number;
}

export interface DataProblemGroup {
  symbol: string;
  count: number;
  errors: number;
  lastId: number;
  example: string;
}

const DAY_MS = 86_400_000;

export function freshness(ctx: PlatformContext, data: DataManager, graceMs: number): Freshness {
  const now = ctx.clock.now();
  const expected = lastClosedSession(ctx.calendar, now - graceMs);
  const stale: Freshness['stale'] = [];
  let oldest: string | null = null;
  for (const symbol of data.symbols) {
    const last = data.bars(symbol, 1)[0]?.date ?? null;
    if (last !== null && last >= expected) {
      if (oldest === null || last < oldest) oldest = last;
      continue;
    }
    const sessionsBehind = last === null ? null : ctx.calendar.sessions(nextDay(last), expected).length;
    stale.push({ symbol, last, sessionsBehind });
  }
  return { expected, oldest, stale, symbols: data.symbols.length };
}

export function freshnessCheck(f: Freshness): PlatformCheck {
  const detail =
    f.stale.length === 0
      ? `all ${f.symbols} symbols have bars through ${f.oldest ?? f.expected} (due: ${f.expected})`
      : `${f.stale.map((s) => `${s.symbol} (last bar ${s.last ?? 'none'})`).join(', ')} lack the session of ${f.expected}: run data_sync`;
  return { name: 'bars_fresh', ok: f.stale.length === 0, value: f.stale.length, detail };
}

export function databaseSizeCheck(ctx: PlatformContext, maxBytes: number): PlatformCheck {
  const pages = Number(ctx.db.pragma('page_count', { simple: true }));
  const pageSize = Number(ctx.db.pragma('page_size', { simple: true }));
  const bytes = pages * pageSize;
  const mib = (b: number) => `${(b / 1_048_576).toFixed(1)} MiB`;
  return {
    name: 'database_size',
    ok: bytes <= maxBytes,
    value: bytes,
    detail: bytes <= maxBytes ? `${mib(bytes)} (limit ${mib(maxBytes)})` : `${mib(bytes)}, over the ${mib(maxBytes)} limit: run cache_management and history_cleanup`,
  };
}

export function backlogCheck(backlog: number, maxBacklog: number): PlatformCheck {
  return {
    name: 'explanation_backlog',
    ok: backlog <= maxBacklog,
    value: backlog,
    detail: `${formatQuantity(backlog)} journal entr${backlog === 1 ? 'y waits' : 'ies wait'} for an explanation${backlog > maxBacklog ? ` (more than ${maxBacklog}): is the explanation task running?` : ''}`,
  };
}

/** DataManager's problems recorded since `fromMs`, by symbol. */
export function dataProblems(ctx: PlatformContext, fromMs: number): DataProblemGroup[] {
  return ctx.db
    .prepare<[number], DataProblemGroup>(
      `SELECT symbol, COUNT(*) AS count, SUM(severity = 'error') AS errors, MAX(id) AS lastId,
              (SELECT message FROM market_data_problems p2 WHERE p2.symbol = p.symbol ORDER BY id DESC LIMIT 1) AS example
       FROM market_data_problems p WHERE at >= ? GROUP BY symbol ORDER BY symbol`,
    )
    .all(fromMs);
}

export function dataProblemsCheck(groups: readonly DataProblemGroup[]): PlatformCheck {
  const errors = groups.reduce((n, g) => n + g.errors, 0);
  const count = groups.reduce((n, g) => n + g.count, 0);
  return {
    name: 'data_problems',
    ok: errors === 0,
    value: count,
    detail:
      count === 0
        ? 'no data problems in the last 24 hours'
        : `${count} data problem(s) in the last 24 hours, ${errors} error(s): ${groups.map((g) => `${g.symbol} ${g.count}`).join(', ')}`,
  };
}

export function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}
