import type { Schedule } from '../model/task.js';
import { unreachable } from './argument-checks.js';
import { formatMarketRule } from './market-rule.js';

const UNITS = [
  { ms: 86_400_000, name: 'd' },
  { ms: 3_600_000, name: 'h' },
  { ms: 60_000, name: 'min' },
  { ms: 1_000, name: 's' },
] as const;

/**
 * Human text for lists and logs: "every 15 min", "every 2 h", "every 1 s", "every 1500 ms",
 * "cron 0 3 * * * (America/New_York)", "XNYS at open+30m", "XNYS every 15m", "manual". An interval is shown in the largest unit that
 * divides it exactly, so "every 90 min", never "every 1.5 h".
 */
export function describeSchedule(schedule: Schedule): string {
  switch (schedule.kind) {
    case 'interval':
      return `every ${formatInterval(schedule.everyMs)}`;
    case 'cron':
      return `cron ${schedule.expression.trim().split(/\s+/).join(' ')} (${schedule.timezone})`;
    case 'market':
      return `${schedule.calendar} ${formatMarketRule(schedule.rule)}`;
    case 'manual':
      return 'manual';
    default:
      return unreachable(schedule);
  }
}

function formatInterval(everyMs: number): string {
  const ms = Math.round(everyMs);
  const unit = UNITS.find((u) => ms > 0 && ms % u.ms === 0);
  return unit === undefined ? `${ms} ms` : `${ms / unit.ms} ${unit.name}`;
}
