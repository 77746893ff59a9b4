/**
 * What every command needs from the global options: the configuration (loaded the same way for
 * all), a logger, an orchestrator that is always stopped (its store closed) when the command ends.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../config/load-config.js';
import type { LogLevel, ResolvedConfig } from '../config/types.js';
import { TaskOrchestrator } from '../engine/orchestrator.js';
import { createLogger, type Logger } from '../logging/logger.js';
import type { Output } from './output.js';
import type { EvolvePlatform } from '../platform/evolve-platform.js';

export const DEFAULT_CONFIG = 'config/task_schedule.yaml';

export interface GlobalOptions {
  /** As given; undefined means the default (`config/task_schedule.yaml` under the working folder). */
  config?: string;
  env?: string;
  dataDir?: string;
  logLevel?: LogLevel;
  json?: boolean;
}

/**
 * read-only: warnings only unless --log-level says otherwise; work: the configured level and log
 * file; screen: as work but nothing on the console (a full-screen view owns the terminal).
 */
export type LoggerUse = 'read-only' | 'work' | 'screen';

export class CliContext {
  readonly globals: GlobalOptions;
  readonly out: Output;
  readonly #platforms = new Map<TaskOrchestrator, EvolvePlatform>();

  constructor(globals: GlobalOptions, out: Output) {
    this.globals = globals;
    this.out = out;
  }

  static from(command: Command, out: Output): CliContext {
    return new CliContext(command.optsWithGlobals<GlobalOptions>(), out);
  }

  get json(): boolean {
    return this.globals.json === true;
  }

  get configPath(): string {
    return resolve(this.globals.config ?? DEFAULT_CONFIG);
  }

  /** `--env`, else EVOLVE_ENV, else none. */
  get env(): string | null {
    const fromEnv = process.env.EVOLVE_ENV?.trim();
    return this.globals.env ?? (fromEnv ? fromEnv : null);
  }

  get dataDirOverride(): string | undefined {
    return this.globals.dataDir === undefined ? undefined : resolve(this.globals.dataDir);
  }

  /** Loads and validates the configuration (ConfigError lists every issue; a missing file says how to fix it). */
  loadConfig(file: string = this.configPath): ResolvedConfig {
    return loadConfig(file, { env: this.env, dataDir: this.dataDirOverride });
  }

  logLevel(config: ResolvedConfig | null, use: LoggerUse): LogLevel {
    return this.globals.logLevel ?? (use !== 'read-only' && config ? config.logging.level : 'warn');
  }

  logger(config: ResolvedConfig, use: LoggerUse): Logger {
    return createLogger({ level: this.logLevel(config, use), file: use === 'read-only' ? null : config.logging.file, console: use !== 'screen' });
  }

  /**
   * An orchestrator on the configuration (not started). A configuration with a `platform:`
   * section gets the reference platform's agents and conditions (integrated mode), unless
   * `standalone`.
   */
  async orchestrator(config: ResolvedConfig, use: LoggerUse, mode: { standalone?: boolean; integrated?: boolean } = {}): Promise<TaskOrchestrator> {
    const orchestrator = new TaskOrchestrator({ config, logger: this.logger(config, use) });
    if (mode.integrated === true || (config.platform !== null && mode.standalone !== true)) {
      // Loaded only here: a command on a standalone configuration does not pay for the platform's modules.
      const { attachPlatform } = await import('../platform/integration.js');
      this.#platforms.set(orchestrator, attachPlatform(orchestrator));
    }
    return orchestrator;
  }

  /** Closes the platforms opened for this command's orchestrators. */
  close(): void {
    const platforms = [...this.#platforms.values()];
    this.#platforms.clear();
    for (const platform of platforms) platform.close();
  }

  /** The platform attached to this orchestrator by orchestrator() (integrated mode), or null. */
  platformOf(orchestrator: TaskOrchestrator): EvolvePlatform | null {
    return this.#platforms.get(orchestrator) ?? null;
  }

  /** Runs `fn` with an orchestrator that is stopped (and its store closed) afterwards, whatever happens. */
  async withOrchestrator<T>(use: LoggerUse, fn: (orchestrator: TaskOrchestrator, config: ResolvedConfig) => Promise<T>): Promise<T> {
    const config = this.loadConfig();
    const orchestrator = await this.orchestrator(config, use);
    try {
      return await fn(orchestrator, config);
    } finally {
      await orchestrator.stop({ graceMs: 0 });
      this.close();
    }
  }
}
