/**
 * What every platform component gets: the database (the orchestrator's store file, its own
 * tables), the clock, the exchange calendar, the settings and a logger. Components are built in
 * order by EvolvePlatform and may take the ones built before them.
 */
import type Database from 'better-sqlite3';
import type { Logger } from 'pino';
import type { Calendar } from '../../calendar/calendar.js';
import type { Clock } from '../../clock.js';
import type { AgentLike } from '../../agents/agent.js';
import type { Condition } from '../../conditions/condition-registry.js';
import type { MigrationSet } from '../../store/sqlite/migrations.js';
import type { PlatformJournal } from './platform-journal.js';
import type { PlatformSettings } from './platform-settings.js';

export interface PlatformContext {
  readonly db: Database.Database;
  readonly clock: Clock;
  readonly calendar: Calendar;
  readonly settings: PlatformSettings;
  readonly logger: Logger;
  /** Decisions worth explaining (fills, model choices, risk actions): append as they happen. */
  readonly journal: PlatformJournal;
}

/** A platform component as the orchestrator sees it: tables, agents by task name, conditions. */
export interface PlatformComponent {
  readonly name: string;
  /** Its tables, applied when the platform opens (each component records its own versions). */
  readonly migrations: MigrationSet;
  /** The agents it runs, by the task names of config/task_schedule.yaml. */
  agents(): Readonly<Record<string, AgentLike>>;
  /** The conditions it computes from its state. */
  conditions(): readonly Condition[];
}

/** Today's local date on the calendar, and the last session that has closed by `now`. */
export function lastClosedSession(calendar: Calendar, now: number): string {
  const close = calendar.previousClose(now);
  return calendar.dateOf(close - 1);
}
