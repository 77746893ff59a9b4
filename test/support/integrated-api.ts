/**
 * The integrated system (the shipped schedule on the reference platform, a fresh data dir) with
 * its HTTP API on 127.0.0.1 port 0, given the platform so the /platform views answer. `pipeline()`
 * runs the trading pipeline's tasks in order, so there are positions, fills, forecasts, a risk
 * snapshot and explanations to show. Stopped when the calling test ends (or by stop()).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after } from 'node:test';
import { createApiServer, type ApiServer } from '../../src/api/server.js';
import { startIntegratedSystem, type EvolveSystemIntegration } from '../../src/platform/integration.js';
import { call, type ApiResponse } from './api.js';
import { ROOT } from './evolve-cli.js';
import { tempDir } from './temp-dir.js';

export const PIPELINE = ['data_sync', 'strategy_research', 'meta_control', 'portfolio_rebalancing', 'execution', 'market_analysis', 'risk_management', 'explanation'] as const;

export interface IntegratedApi {
  integration: EvolveSystemIntegration;
  server: ApiServer;
  url: string;
  get(path: string): Promise<ApiResponse>;
  stop(): Promise<void>;
  /** Runs the pipeline's tasks one after the other; each must succeed. */
  pipeline(): Promise<void>;
}

/** `stopWithCaller: false` from a `before` hook (an `after` registered there runs when the hook ends): call stop() yourself. */
export async function integratedApi(options: { stopWithCaller?: boolean } = {}): Promise<IntegratedApi> {
  const integration = await startIntegratedSystem({ configPath: join(ROOT, 'config', 'task_schedule.yaml'), dataDir: tempDir('evolve-platform-api-') });
  const server = await createApiServer(integration.orchestrator, { host: '127.0.0.1', port: 0, platform: integration.platform, environ: {} });
  const stop = async (): Promise<void> => {
    await server.stop();
    await integration.stop();
  };
  if (options.stopWithCaller !== false) after(stop);
  const url = await server.listenConfigured();
  return {
    integration,
    server,
    url,
    stop,
    get: (path) => call(url, 'GET', path),
    pipeline: async () => {
      for (const task of PIPELINE) {
        const run = await integration.orchestrator.executeTaskNow(task, {}, { retry: false });
        assert.equal(run.status, 'succeeded', `${task}: ${run.status} ${run.reason ?? ''} ${JSON.stringify(run.error ?? null)}`);
      }
    },
  };
}
