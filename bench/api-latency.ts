/**
 * (f) API latency: GET /orchestrator/status at a fixed rate while 5 runs execute, each reporting
 * progress every 100 ms (a store write and an event per report). The load comes from autocannon
 * in a child process, so the load generator does not share the server's event loop; autocannon
 * corrects for coordinated omission at a fixed rate (a late request counts from when it was due).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { hashToken } from '../dist/api/auth.js';
import { createApiServer } from '../dist/api/server.js';
import { parseConfig } from '../dist/config/load-config.js';
import { TaskOrchestrator } from '../dist/engine/orchestrator.js';

export interface ApiLatencyRound {
  p50Ms: number;
  p99Ms: number;
  p999Ms: number;
  maxMs: number;
  requests: number;
  errors: number;
  non2xx: number;
  /** Runs still executing when the load ended (must be 5). */
  runsExecuting: number;
}

interface AutocannonResult {
  latency: { p50: number; p99: number; p99_9: number; max: number };
  requests: { total: number };
  errors: number;
  non2xx: number;
}

const TOKEN = 'bench-viewer-token-0123456789';
/** A platform-sized configuration: the seed schedules 16 agent tasks. */
const TASKS = 16;

function autocannon(args: readonly string[]): Promise<AutocannonResult> {
  const bin = join(dirname(createRequire(import.meta.url).resolve('autocannon')), 'autocannon.js');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, '--json', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`autocannon exited ${code}: ${err}`));
      resolve(JSON.parse(out) as AutocannonResult);
    });
  });
}

export async function apiLatencyRound(options: { rate: number; seconds: number; connections: number }): Promise<ApiLatencyRound> {
  const dir = mkdtempSync(join(tmpdir(), 'evolve-bench-'));
  let stop = false;
  try {
    const others = Array.from({ length: TASKS - 1 }, (_, i) => `  task_${i}: { agent: noop, interval_minutes: 60, run_at_start: false }`);
    const yaml = `orchestrator: { max_concurrent_tasks: 5 }\napi: { rate_limit_per_minute: 0 }\ntasks:\n  busy: { agent: busy, manual: true, concurrent_execution: true, retry_count: 0 }\n${others.join('\n')}\n`;
    const o = new TaskOrchestrator({ config: parseConfig(yaml, 'bench.yaml', { dataDir: dir, environ: {} }) });
    o.registerAgent('noop', () => null);
    o.registerAgent('busy', (ctx) => new Promise((resolve) => {
      let step = 0;
      const timer = setInterval(() => {
        ctx.progress((++step % 100) / 100, `step ${step}`);
        if (stop) {
          clearInterval(timer);
          resolve({ steps: step });
        }
      }, 100);
    }));
    await o.start();
    const server = await createApiServer(o, { port: 0, environ: {}, tokens: [{ name: 'bench', role: 'viewer', sha256: hashToken(TOKEN) }] });
    const url = await server.listenConfigured();
    for (let i = 0; i < 5; i++) await o.executeTaskNow('busy', {}, { wait: false });
    while ((await o.getSystemStatus()).runs.running < 5) await new Promise((resolve) => setTimeout(resolve, 20));
    const args = ['-c', String(options.connections), '-R', String(options.rate), '-H', `authorization=Bearer ${TOKEN}`];
    await autocannon([...args, '-d', '2', `${url}/orchestrator/status`]); // warm-up
    const result = await autocannon([...args, '-d', String(options.seconds), `${url}/orchestrator/status`]);
    const runsExecuting = (await o.getSystemStatus()).runs.running;
    stop = true;
    await server.stop();
    await o.stop({ graceMs: 5_000 });
    return {
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      p999Ms: result.latency.p99_9,
      maxMs: result.latency.max,
      requests: result.requests.total,
      errors: result.errors,
      non2xx: result.non2xx,
      runsExecuting,
    };
  } finally {
    stop = true;
    rmSync(dir, { recursive: true, force: true });
  }
}
