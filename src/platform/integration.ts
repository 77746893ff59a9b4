/**
 * The orchestrator integrated with the reference Evolve platform — the original guide's
 * `start_integrated_system()`: every default task runs on a platform component's agent, the
 * platform's conditions are registered, and `executeSystemCommand("forecast AAPL 7d")` answers.
 */
import type { Logger } from 'pino';
import { TaskOrchestrator, type OrchestratorOptions } from '../engine/orchestrator.js';
import type { SystemCommandOutcome } from '../engine/system-command-runner.js';
import type { SystemStatus } from '../engine/status.js';
import { platformSettings } from './core/platform-settings.js';
import { EvolvePlatform } from './evolve-platform.js';

/** Opens the platform on the orchestrator's store file and registers its agents and conditions; closes with the orchestrator. */
export function attachPlatform(orchestrator: TaskOrchestrator, logger: Logger = orchestrator.logger): EvolvePlatform {
  const platform = new EvolvePlatform({
    databasePath: orchestrator.databasePath,
    dataDir: orchestrator.dataDir,
    clock: orchestrator.clock,
    calendar: orchestrator.calendar,
    settings: platformSettings(orchestrator.config.platform),
    logger: logger.child({ component: 'platform' }),
  });
  platform.attach(orchestrator);
  orchestrator.events.on('orchestrator:stopped', () => platform.close());
  return platform;
}

export interface EvolveSystemIntegration {
  readonly orchestrator: TaskOrchestrator;
  readonly platform: EvolvePlatform;
  getSystemStatus(): Promise<SystemStatus>;
  executeSystemCommand(text: string, parameters?: Readonly<Record<string, unknown>>): Promise<SystemCommandOutcome>;
  stop(): Promise<void>;
}

/**
 * Starts the orchestrator on `config/task_schedule.yaml` (or the given options) with the platform
 * attached. `await integration.stop()` stops both.
 */
export async function startIntegratedSystem(options: OrchestratorOptions = {}): Promise<EvolveSystemIntegration> {
  const orchestrator = new TaskOrchestrator({ configPath: 'config/task_schedule.yaml', ...options });
  const platform = attachPlatform(orchestrator);
  try {
    await orchestrator.start();
  } catch (error) {
    platform.close();
    throw error;
  }
  return {
    orchestrator,
    platform,
    getSystemStatus: () => orchestrator.getSystemStatus(),
    executeSystemCommand: (text, parameters) => orchestrator.executeSystemCommand(text, parameters),
    stop: async () => {
      await orchestrator.stop();
      platform.close();
    },
  };
}
