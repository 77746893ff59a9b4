// (d) in a process of its own, run by bench/run.ts: plain Node on the built package, as `evolve
// start` runs (bench/run.ts itself runs under tsx, whose loader would add ~60 MB to the figure).
// Prints the RSS in MB of an orchestrator with N tasks configured, started, 1.5 s in.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../dist/config/load-config.js';
import { TaskOrchestrator } from '../dist/engine/orchestrator.js';

const tasks = Number(process.argv[2]);
const dir = mkdtempSync(join(tmpdir(), 'evolve-bench-rss-'));
try {
  const lines = Array.from({ length: tasks }, (_, i) => `  task_${i}: { agent: noop, interval_minutes: 60, run_at_start: false }`);
  const orchestrator = new TaskOrchestrator({ config: parseConfig(`tasks:\n${lines.join('\n')}\n`, 'bench.yaml', { dataDir: dir, environ: {} }) });
  orchestrator.registerAgent('noop', () => null);
  await orchestrator.start();
  globalThis.gc?.();
  // Past the first WAL checkpoint (at most 1 s after the first commit), so its thread is counted.
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  globalThis.gc?.();
  const rss = process.memoryUsage.rss();
  await orchestrator.stop();
  process.stdout.write(`${rss / 1024 / 1024}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
