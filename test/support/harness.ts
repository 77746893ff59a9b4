/** An orchestrator on a fake clock and a real SQLite file, for engine tests. */
import { after } from 'node:test';
import { parseConfig } from '../../src/config/load-config.js';
import { TaskOrchestrator } from '../../src/engine/orchestrator.js';
import type { Run, RunStatus } from '../../src/model/run.js';
import { FakeClock } from './fake-clock.js';
import { tempDir } from './temp-dir.js';

export interface Harness {
  orchestrator: TaskOrchestrator;
  clock: FakeClock;
  dataDir: string;
  /** A new orchestrator on the same store and clock (a restart). */
  restart(): TaskOrchestrator;
  history(task?: string): Promise<Run[]>;
  statuses(task: string): Promise<RunStatus[]>;
}

export function harness(yaml: string, options: { start?: number | string; dataDir?: string } = {}): Harness {
  const dataDir = options.dataDir ?? tempDir();
  const clock = new FakeClock(options.start);
  const make = (): TaskOrchestrator => {
    const config = parseConfig(yaml, 'test.yaml', { dataDir, environ: {} });
    const orchestrator = new TaskOrchestrator({ config, clock, random: () => 0.5 });
    after(() => orchestrator.stop({ graceMs: 0 }));
    return orchestrator;
  };
  const h: Harness = {
    orchestrator: make(),
    clock,
    dataDir,
    restart() {
      h.orchestrator = make();
      return h.orchestrator;
    },
    history: (task) => h.orchestrator.getRunHistory({ task, limit: 10_000 }),
    statuses: async (task) => (await h.orchestrator.getRunHistory({ task, limit: 10_000 })).reverse().map((r) => r.status),
  };
  return h;
}

/** A promise with its resolve function, for agents that finish when a test says so. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}
