/**
 * `evolve calendar sessions [NAME] --from YYYY-MM-DD --to YYYY-MM-DD` and `evolve calendar next [NAME]`:
 * an exchange calendar's sessions and its next open and close. NAME defaults to the
 * configuration's `orchestrator.calendar` (XNYS when there is no configuration file).
 */
import { Command, InvalidArgumentError } from 'commander';
import type { Calendar } from '../../calendar/calendar.js';
import { calendarByName } from '../../calendar/calendar-by-name.js';
import { calendarFromSpecs } from '../../config/calendars-section.js';
import type { ResolvedConfig } from '../../config/types.js';
import { EvolveError } from '../../errors.js';
import type { CliContext } from '../cli-context.js';
import type { CommandHost } from '../command-host.js';
import { relativeTime } from '../format.js';

const DAY_MS = 86_400_000;

function parseDate(value: string): string {
  const instant = Date.parse(`${value}T00:00:00Z`);
  const ok = /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(instant) && new Date(instant).toISOString().startsWith(value);
  if (!ok) throw new InvalidArgumentError('expected a date as YYYY-MM-DD, such as 2026-01-05');
  return value;
}

/** The calendar named (or the configuration's own), with the configuration's calendars and closures. */
function calendarNamed(ctx: CliContext, name: string | undefined): Calendar {
  let config: ResolvedConfig | null = null;
  try {
    config = ctx.loadConfig();
  } catch (error) {
    if (!(error instanceof EvolveError && error.code === 'EVOLVE_CONFIG_NOT_FOUND')) throw error;
  }
  if (config === null) return calendarByName(name ?? 'XNYS');
  return calendarFromSpecs(name ?? config.orchestrator.calendar, config.calendars);
}

const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

function localTime(ms: number, timezone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: timezone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(ms);
}

async function sessions(ctx: CliContext, name: string | undefined, options: { from?: string; to?: string }): Promise<number> {
  const calendar = calendarNamed(ctx, name);
  const from = options.from ?? new Date().toISOString().slice(0, 10);
  const to = options.to ?? new Date(Date.parse(`${from}T00:00:00Z`) + 13 * DAY_MS).toISOString().slice(0, 10);
  if (to < from) throw new EvolveError('EVOLVE_USAGE', `--to ${to} is before --from ${from}: give the earlier date first`);
  const list = calendar.sessions(from, to);
  if (ctx.json) {
    ctx.out.json(list.map((s) => ({ date: s.date, open: new Date(s.open).toISOString(), close: new Date(s.close).toISOString(), earlyClose: s.earlyClose })));
    return 0;
  }
  for (const s of list) {
    const local = `${localTime(s.open, calendar.timezone)}–${localTime(s.close, calendar.timezone)}`;
    ctx.out.line(`${s.date}  ${local} ${calendar.timezone}  (${iso(s.open)} – ${iso(s.close)})${s.earlyClose ? '  early close' : ''}`);
  }
  if (list.length === 0) ctx.out.line(`${calendar.name} has no session from ${from} to ${to}`);
  return 0;
}

async function next(ctx: CliContext, name: string | undefined): Promise<number> {
  const calendar = calendarNamed(ctx, name);
  const now = Date.now();
  const open = calendar.isOpen(now);
  const nextOpen = calendar.nextOpen(now);
  const nextClose = calendar.nextClose(now);
  if (ctx.json) {
    ctx.out.json({ calendar: calendar.name, open, nextOpen: new Date(nextOpen).toISOString(), nextClose: new Date(nextClose).toISOString() });
    return 0;
  }
  ctx.out.line(`${calendar.name} is ${open ? 'open' : 'closed'}`);
  ctx.out.line(`next open:  ${iso(nextOpen)} (${relativeTime(nextOpen, now)})`);
  ctx.out.line(`next close: ${iso(nextClose)} (${relativeTime(nextClose, now)})`);
  return 0;
}

export function calendarCommand(host: CommandHost): Command {
  const command = new Command('calendar').description('exchange calendars: sessions, next open and close (XNYS, XNAS, 24/7, weekdays)');
  command
    .command('sessions')
    .description('list sessions, one a line (--json: [{ date, open, close, earlyClose }])')
    .argument('[calendar]', 'calendar name (default: orchestrator.calendar, else XNYS)')
    .option('--from <date>', 'first local date, YYYY-MM-DD (default: today)', parseDate)
    .option('--to <date>', 'last local date, YYYY-MM-DD (default: two weeks after --from)', parseDate)
    .action(host.action(sessions));
  command
    .command('next')
    .description('whether the market is open now, and its next open and close')
    .argument('[calendar]', 'calendar name (default: orchestrator.calendar, else XNYS)')
    .action(host.action(next));
  return command;
}
