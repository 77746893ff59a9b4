import type { Schedule } from '../model/task.js';
import { unreachable } from './argument-checks.js';
import { intervalMs } from './interval-grid.js';
import { formatMarketRule } from './market-rule.js';

/**
 * A stable fingerprint of the fields that decide when a schedule fires. When a task's key
 * changes, its persisted next fire time was computed for another schedule and must be
 * recomputed; when it does not, the persisted time stands (so a restart neither repeats nor
 * forgets a fire).
 *
 * Left out on purpose: `runAtStart`, which only decides the very first slot (toggling it must
 * not make a running task fire at once). Normalised: the interval to whole ms, blanks in a cron
 * expression, and the zone to its canonical name (`utc` and `Etc/UTC` are `UTC`, `US/Eastern`
 * is `America/New_York`).
 */
export function scheduleKey(schedule: Schedule): string {
  switch (schedule.kind) {
    case 'interval':
      return `interval:${intervalMs(schedule.everyMs)}`;
    case 'cron':
      return `cron:${canonicalZone(schedule.timezone)}:${schedule.expression.trim().split(/\s+/).join(' ')}`;
    case 'market':
      return `market:${schedule.calendar}:${formatMarketRule(schedule.rule)}`;
    case 'manual':
      return 'manual';
    default:
      return unreachable(schedule);
  }
}

function canonicalZone(timezone: string): string {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: timezone }).resolvedOptions().timeZone;
  } catch {
    // An unknown zone is reported when the schedule is compiled; as a fingerprint the name as
    // written is exact.
    return timezone;
  }
}
