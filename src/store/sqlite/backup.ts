/**
 * A consistent copy of a store file while it is in use: `VACUUM INTO` reads one snapshot (WAL
 * lets the orchestrator go on writing meanwhile) and writes a compact, self-contained database
 * (no -wal or -shm beside it), which is then checked with `PRAGMA quick_check` before it is
 * reported. SQLite's online-backup API was not used: it starts over whenever another connection
 * writes, so under a running orchestrator it may never finish.
 *
 * Restoring puts such a copy in the store's place, with no orchestrator running: the store's
 * files (database, -wal, -shm) are renamed aside, never deleted, and the copy is written in.
 */
import { copyFileSync, existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { fileTimestamp } from '../../clock.js';
import { describeError, EvolveError } from '../../errors.js';
import { LATEST_SCHEMA_VERSION, schemaVersion } from './migrations.js';

export interface BackupResult {
  /** Absolute path of the copy. */
  path: string;
  bytes: number;
}

/** Copies the database behind `db` (any connection, read-only will do) to `target`, which must not exist. */
export function backupDatabase(db: Database.Database, source: string, target: string): BackupResult {
  const path = resolve(target);
  if (resolve(source) === path) throw new EvolveError('EVOLVE_USAGE', `the backup would overwrite the store itself (${path}): give another --out`);
  if (existsSync(path)) throw new EvolveError('EVOLVE_USAGE', `${path} already exists: give another --out, or remove it first (a backup never overwrites a file)`);
  mkdirSync(dirname(path), { recursive: true });
  try {
    db.prepare('VACUUM INTO ?').run(path);
  } catch (error) {
    throw new EvolveError('EVOLVE_BACKUP_FAILED', `could not back up ${source} to ${path}: ${describeError(error)}`, { cause: error });
  }
  const problem = checkCopy(path);
  if (problem !== null) throw new EvolveError('EVOLVE_BACKUP_FAILED', `the backup ${path} ${problem}: do not rely on it; try again, and check the disk`);
  return { path, bytes: statSync(path).size };
}

/** Why a file is not a usable copy of a store, or null when it is. */
function checkCopy(path: string): string | null {
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
  } catch (error) {
    return `cannot be opened (${describeError(error)})`;
  }
  try {
    const verdict = String(db.pragma('quick_check', { simple: true }));
    if (verdict !== 'ok') return `failed SQLite's quick_check (${verdict})`;
    const version = schemaVersion(db);
    if (version === 0) return 'holds no Evolve store (no schema_migrations)';
    if (version > LATEST_SCHEMA_VERSION) return `was written by a newer release (schema ${version}; this one knows ${LATEST_SCHEMA_VERSION}): upgrade evolve-orchestrator first`;
    return null;
  } catch (error) {
    return `cannot be read as a store (${describeError(error)})`;
  } finally {
    db.close();
  }
}

export interface RestoreResult {
  /** Where the store's previous files went (absent ones are not listed). */
  setAside: string[];
  bytes: number;
}

/**
 * Puts the copy at `backup` in place of the store at `store`. The caller has made sure no
 * orchestrator runs on it. A copy from an older release is migrated when the store is next opened.
 */
export function restoreDatabase(backup: string, store: string, now: number): RestoreResult {
  const from = resolve(backup);
  if (!existsSync(from)) throw new EvolveError('EVOLVE_USAGE', `there is no backup at ${from}`);
  const problem = checkCopy(from);
  if (problem !== null) throw new EvolveError('EVOLVE_USAGE', `${from} ${problem}: it cannot be restored`);
  const stamp = fileTimestamp(now);
  const setAside: string[] = [];
  for (const suffix of ['', '-wal', '-shm']) {
    if (!existsSync(`${store}${suffix}`)) continue;
    const aside = `${store}.replaced-${stamp}${suffix}`;
    renameSync(`${store}${suffix}`, aside);
    setAside.push(aside);
  }
  mkdirSync(dirname(store), { recursive: true });
  copyFileSync(from, store);
  return { setAside, bytes: statSync(store).size };
}
