/**
 * `evolve backup [--out FILE]`: a consistent copy of the store file — runs, task state, audit
 * trail, alerts and the platform's tables — taken while an orchestrator may be running on it
 * (docs/durability.md, Backups). The store is opened read-only: the backup never writes to it.
 *
 * `evolve restore FILE`: that copy back in the store's place, refused while an orchestrator holds
 * the store; the store's current files are renamed aside, not deleted.
 */
import { existsSync } from 'node:fs';
import type { ResolvedConfig } from '../../config/types.js';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { fileTimestamp } from '../../clock.js';
import { TaskOrchestrator } from '../../engine/orchestrator.js';
import { schedulerLeaseHolder } from '../../engine/scheduler-lease.js';
import { EvolveError } from '../../errors.js';
import { SqliteStore } from '../../store/sqlite/sqlite-store.js';
import type { CliContext } from '../cli-context.js';
import type { CommandHost } from '../command-host.js';

const databasePath = (config: ResolvedConfig): string => new TaskOrchestrator({ config }).databasePath;

async function backup(ctx: CliContext, options: { out?: string }): Promise<number> {
  const config = ctx.loadConfig();
  const source = databasePath(config);
  if (!existsSync(source)) {
    throw new EvolveError('EVOLVE_USAGE', `there is no store to back up at ${source}: check --data-dir (or store.data_dir), or run the orchestrator once to create it`);
  }
  const target = resolve(options.out ?? join(config.store.dataDir, 'backups', `evolve-${fileTimestamp(Date.now())}.db`));
  const store = new SqliteStore({ path: source, readonly: true });
  await store.open();
  let result;
  try {
    result = await store.backup(target);
  } finally {
    await store.close();
  }
  if (ctx.json) ctx.out.json({ source, ...result });
  else ctx.out.line(`backed up ${source} to ${result.path} (${(result.bytes / 1_048_576).toFixed(1)} MB, quick_check ok)`);
  return 0;
}

export function backupCommand(host: CommandHost): Command {
  return new Command('backup')
    .description('copy the store (runs, task state, audit, alerts, platform data) to a file, consistently, also while the orchestrator runs')
    .option('--out <file>', 'where to write the copy (default: <data dir>/backups/evolve-<time>.db); never overwritten')
    .action(host.action(backup));
}

async function restore(ctx: CliContext, file: string): Promise<number> {
  const target = databasePath(ctx.loadConfig());
  if (existsSync(target)) {
    const store = new SqliteStore({ path: target, readonly: true });
    await store.open();
    try {
      const holder = await schedulerLeaseHolder(store, Date.now());
      if (holder !== null) {
        throw new EvolveError(
          'EVOLVE_STORE_LOCKED',
          `an orchestrator (pid ${holder.pid} on ${holder.host}) is running on ${target}: stop it first (one that died lets go within 30 s), then restore`,
        );
      }
    } finally {
      await store.close();
    }
  }
  const result = SqliteStore.restore(resolve(file), target);
  if (ctx.json) {
    ctx.out.json({ restored: resolve(file), store: target, ...result });
    return 0;
  }
  ctx.out.line(`restored ${resolve(file)} into ${target} (${(result.bytes / 1_048_576).toFixed(1)} MB)`);
  if (result.setAside.length > 0) ctx.out.line(`the store's previous files are kept as ${result.setAside.join(', ')}`);
  ctx.out.line('runs that were running when the backup was taken become interrupted at the next start, and are retried where attempts remain');
  return 0;
}

export function restoreCommand(host: CommandHost): Command {
  return new Command('restore')
    .description('put a backup (evolve backup) in place of the store, with no orchestrator running; the current files are kept aside')
    .argument('<file>', 'the backup to restore')
    .action(host.action(restore));
}
