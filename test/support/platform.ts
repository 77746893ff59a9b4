/** A platform context on a fresh SQLite file and a fake clock, for component tests. */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { after } from 'node:test';
import { calendarByName } from '../../src/calendar/index.js';
import { silentLogger } from '../../src/logging/logger.js';
import type { PlatformComponent, PlatformContext } from '../../src/platform/core/platform-context.js';
import { JOURNAL_MIGRATIONS, PlatformJournal } from '../../src/platform/core/platform-journal.js';
import { DEFAULT_PLATFORM_SETTINGS, type PlatformSettings } from '../../src/platform/core/platform-settings.js';
import { migrate } from '../../src/store/sqlite/migrations.js';
import { FakeClock } from './fake-clock.js';
import { tempDir } from './temp-dir.js';

export interface PlatformFixture {
  ctx: PlatformContext;
  clock: FakeClock;
  path: string;
  /** Applies a component's migrations (what EvolvePlatform does at open). */
  install<C extends PlatformComponent>(component: C): C;
}

/** Default: 2026-11-24 22:00 UTC (after the XNYS close), a small universe, 250 sessions of history. */
export function platformFixture(options: { start?: string; settings?: Partial<PlatformSettings> } = {}): PlatformFixture {
  const path = join(tempDir(), 'platform.db');
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  after(() => db.close());
  const clock = new FakeClock(options.start ?? '2026-11-24T22:00:00.000Z');
  migrate(db, path, () => clock.now(), JOURNAL_MIGRATIONS);
  const settings: PlatformSettings = { ...DEFAULT_PLATFORM_SETTINGS, symbols: ['AAPL', 'MSFT', 'JPM'], historySessions: 250, ...options.settings };
  const ctx: PlatformContext = { db, clock, calendar: calendarByName('XNYS'), settings, logger: silentLogger(), journal: new PlatformJournal(db) };
  return {
    ctx,
    clock,
    path,
    install(component) {
      migrate(db, path, () => clock.now(), component.migrations);
      return component;
    },
  };
}
