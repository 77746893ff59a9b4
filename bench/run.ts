/**
 * `npm run -s bench` (-s keeps npm's banner off stdout): the orchestrator's performance figures as JSON on stdout (progress on stderr).
 *   (a) throughput of no-op runs through the durable SQLite store at max_concurrent_tasks 5
 *   (b) fire lateness with 1,000 interval tasks due every second
 *   (c) trigger-to-start latency of executeTaskNow on an idle orchestrator
 *   (d) RSS with 10,000 configured tasks (in a fresh process per round)
 *   (e) `evolve status --json` wall time with 1,000,000 runs in history
 *   (f) p99 latency of the HTTP API's GET /orchestrator/status at 500 requests/s while 5 runs execute
 * Each figure is the median of several rounds; the rounds are listed too. Pick some with
 * `npm run bench -- throughput lateness`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { parseConfig } from '../dist/config/load-config.js';
import { apiLatencyRound, type ApiLatencyRound } from './api-latency.js';
import { TaskOrchestrator } from '../dist/engine/orchestrator.js';
import { newRun } from '../dist/engine/run-factory.js';
import type { Run } from '../dist/model/run.js';
import { SqliteStore } from '../dist/store/sqlite/sqlite-store.js';

const log = (message: string): void => void process.stderr.write(`${message}\n`);
const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};
const round = (value: number, digits = 2): number => Math.round(value * 10 ** digits) / 10 ** digits;

function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'evolve-bench-'));
}

function orchestrator(dataDir: string, yaml: string): TaskOrchestrator {
  const config = parseConfig(yaml, 'bench.yaml', { dataDir, environ: {} });
  return new TaskOrchestrator({ config });
}

async function throughputRound(runs: number): Promise<number> {
  const dir = scratch();
  try {
    const o = orchestrator(dir, `
orchestrator: { max_concurrent_tasks: 5 }
monitoring: { performance_window: 20 }
tasks: { noop: { agent: noop, manual: true, concurrent_execution: true, retry_count: 0 } }`);
    o.registerAgent('noop', () => null);
    await o.start();
    let finished = 0;
    const done = new Promise<void>((resolve) =>
      o.events.on('run:finished', () => {
        if (++finished === runs) resolve();
      }),
    );
    const started = performance.now();
    const batch = 1000;
    for (let i = 0; i < runs; i += batch) {
      await Promise.all(Array.from({ length: Math.min(batch, runs - i) }, () => o.executeTaskNow('noop', {}, { wait: false })));
    }
    await done;
    const seconds = (performance.now() - started) / 1000;
    const recorded = await o.getRunHistory({ task: 'noop', status: 'succeeded', limit: 10_000 });
    if (recorded.length !== Math.min(runs, 10_000)) throw new Error(`expected every run recorded succeeded, found ${recorded.length}`);
    await o.stop();
    return runs / seconds;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A yardstick for (a), run in the same process between its rounds so that figures from different
 * days on this shared machine can be compared as ratios: bare better-sqlite3 (WAL, synchronous
 * NORMAL, no index) taking a job queued -> running -> done with one commit per step, one job at a
 * time. (The issue quotes ~11,000 such lifecycles/s; this loop's simpler table does ~35,000 here.)
 */
function sqliteBaselineRound(lifecycles: number): number {
  const dir = scratch();
  const db = new Database(join(dir, 'baseline.db'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec('CREATE TABLE jobs (id INTEGER PRIMARY KEY, status TEXT NOT NULL, payload TEXT, started_at INTEGER, finished_at INTEGER)');
    const insert = db.prepare(`INSERT INTO jobs (status, payload) VALUES ('queued', '{}')`);
    const start = db.prepare(`UPDATE jobs SET status = 'running', started_at = ? WHERE id = ?`);
    const finish = db.prepare(`UPDATE jobs SET status = 'done', finished_at = ? WHERE id = ?`);
    const started = performance.now();
    for (let i = 0; i < lifecycles; i++) {
      const id = insert.run().lastInsertRowid;
      start.run(Date.now(), id);
      finish.run(Date.now(), id);
    }
    return lifecycles / ((performance.now() - started) / 1000);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function latenessRound(tasks: number, seconds: number): Promise<{ recorded: number[]; woke: number[] }> {
  const dir = scratch();
  try {
    const lines = Array.from({ length: tasks }, (_, i) => `  t${i}: { agent: noop, interval_minutes: ${1 / 60}, misfire: skip }`);
    const o = orchestrator(dir, `orchestrator: { max_concurrent_tasks: 5 }\ntasks:\n${lines.join('\n')}\n`);
    o.registerAgent('noop', () => null);
    const recorded: number[] = [];
    const woke: number[] = [];
    o.events.on('schedule:fired', (e) => {
      if (!e.runId) return;
      recorded.push(e.latenessMs);
      woke.push(e.wakeLatenessMs);
    });
    await o.start();
    await new Promise((resolve) => setTimeout(resolve, 2_000)); // warm-up
    recorded.length = 0;
    woke.length = 0;
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    await o.stop({ graceMs: 1000 });
    return { recorded, woke };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function triggerRound(samples: number): Promise<number[]> {
  const dir = scratch();
  try {
    const o = orchestrator(dir, `tasks: { now: { agent: noop, manual: true } }`);
    o.registerAgent('noop', () => null);
    await o.start();
    const latencies: number[] = [];
    for (let i = 0; i < samples + 50; i++) {
      const t0 = performance.now();
      const started = o.events.next('run:started');
      const finished = o.events.next('run:finished');
      await o.executeTaskNow('now', {}, { wait: false });
      await started;
      if (i >= 50) latencies.push(performance.now() - t0);
      await finished;
      await new Promise((resolve) => setTimeout(resolve, 2)); // idle between triggers
    }
    await o.stop();
    return latencies;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function statusWallTime(history: number, rounds: number): Promise<{ ms: number[]; runs: number }> {
  const dir = scratch();
  try {
    const tasks = 16;
    const yaml = `tasks:\n${Array.from({ length: tasks }, (_, i) => `  task_${i}: { agent: system_health, interval_minutes: 5 }`).join('\n')}\n`;
    const configPath = join(dir, 'bench.yaml');
    writeFileSync(configPath, yaml);
    const config = parseConfig(yaml, configPath, { dataDir: dir, environ: {} });
    const store = new SqliteStore({ path: join(dir, 'evolve.db') });
    await store.open();
    await store.syncTasks([...config.tasks.values()].map((task) => ({ name: task.name, config: task })));
    const configs = [...config.tasks.values()];
    const start = Date.now() - history * 1000;
    log(`  writing ${history} runs…`);
    for (let i = 0; i < history; i += 10_000) {
      const batch: Run[] = [];
      for (let j = i; j < Math.min(history, i + 10_000); j++) {
        const at = start + j * 1000;
        const run = newRun({ task: configs[j % tasks]!, trigger: 'schedule', now: at, origin: 'bench', scheduledFor: at });
        batch.push(run);
      }
      await store.insertRuns(batch);
      await Promise.all(batch.map((run, k) => store.transitionRun(run.id, ['queued'], { status: 'running', startedAt: run.createdAt, owner: 'bench' }).then(() =>
        store.transitionRun(run.id, ['running'], k % 10 === 0 ? { status: 'failed', finishedAt: run.createdAt + 50, durationMs: 50, error: 'bench failure' } : { status: 'succeeded', finishedAt: run.createdAt + 50, durationMs: 50, result: { ok: true } }),
      )));
    }
    await store.close();
    const ms: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const t0 = performance.now();
      execFileSync(process.execPath, ['bin/evolve.js', 'status', '--json', '--config', configPath, '--data-dir', dir], { stdio: ['ignore', 'ignore', 'inherit'] });
      ms.push(performance.now() - t0);
    }
    return { ms, runs: history };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const selected = new Set(process.argv.slice(2));
const want = (name: string): boolean => selected.size === 0 || selected.has(name);
const result: Record<string, unknown> = {
  machine: { cpus: (await import('node:os')).cpus().length, node: process.version, platform: `${process.platform}-${process.arch}` },
  at: new Date().toISOString(),
};

if (want('throughput')) {
  log('(a) throughput…');
  const rounds: number[] = [];
  const baseline: number[] = [];
  for (let i = 0; i < 5; i++) {
    baseline.push(sqliteBaselineRound(20_000));
    rounds.push(await throughputRound(50_000));
  }
  result['throughput'] = {
    runsPerSecond: round(median(rounds), 0),
    rounds: rounds.map((r) => round(r, 0)),
    runsPerRound: 50_000,
    maxConcurrentTasks: 5,
    target: '>= 27000',
    sqliteBaseline: {
      lifecyclesPerSecond: round(median(baseline), 0),
      rounds: baseline.map((r) => round(r, 0)),
      ratio: round(median(rounds) / median(baseline), 2),
      definition: 'bare better-sqlite3, one table without indexes, one commit per step (queued, running, done), one job at a time; ratio = runsPerSecond / lifecyclesPerSecond',
    },
  };
}
if (want('lateness')) {
  log('(b) fire lateness…');
  const rounds: { recorded: number[]; woke: number[] }[] = [];
  for (let i = 0; i < 3; i++) rounds.push(await latenessRound(1000, 10));
  const summary = (pick: (r: { recorded: number[]; woke: number[] }) => number[]) => ({
    p50Ms: round(median(rounds.map((r) => percentile(pick(r), 50)))),
    p99Ms: round(median(rounds.map((r) => percentile(pick(r), 99)))),
  });
  result['fireLateness'] = {
    recorded: { ...summary((r) => r.recorded), definition: 'slot instant -> its run committed to the store (queued)' },
    woke: { ...summary((r) => r.woke), definition: 'slot instant -> the scheduler woke to process it (timer precision, as croner measures)' },
    rounds: rounds.map((r) => ({ fires: r.recorded.length, recordedP99Ms: round(percentile(r.recorded, 99)), wokeP99Ms: round(percentile(r.woke, 99)) })),
    tasks: 1000,
    intervalSeconds: 1,
    target: 'p99 <= 5 ms',
  };
}
if (want('trigger')) {
  log('(c) trigger-to-start…');
  const rounds: number[][] = [];
  for (let i = 0; i < 3; i++) rounds.push(await triggerRound(1000));
  result['triggerToStart'] = {
    p50Ms: round(median(rounds.map((r) => percentile(r, 50))), 3),
    p99Ms: round(median(rounds.map((r) => percentile(r, 99))), 3),
    rounds: rounds.map((r) => ({ p50Ms: round(percentile(r, 50), 3), p99Ms: round(percentile(r, 99), 3) })),
    target: 'p99 <= 3 ms',
    definition: 'executeTaskNow() called until the agent is invoked, its run committed as running',
  };
}
if (want('rss')) {
  log('(d) RSS with 10,000 tasks…');
  // A fresh plain-Node process per round (bench/rss-child.mjs): here the other benchmarks' heap and tsx would count too.
  const rounds = [0, 1, 2].map(() =>
    Number(execFileSync(process.execPath, ['--expose-gc', 'bench/rss-child.mjs', '10000'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })),
  );
  result['rss'] = { megabytes: round(median(rounds), 1), rounds: rounds.map((r) => round(r, 1)), tasks: 10_000, target: '<= 250 MB', definition: 'RSS of a fresh process with 10,000 tasks configured, started, 1.5 s in' };
}
if (want('status')) {
  log('(e) evolve status with 1,000,000 runs…');
  const { ms, runs } = await statusWallTime(1_000_000, 5);
  result['statusWallTime'] = { medianMs: round(median(ms), 0), rounds: ms.map((m) => round(m, 0)), runs, target: '<= 300 ms' };
}
if (want('api')) {
  log('(f) API latency…');
  const rounds: ApiLatencyRound[] = [];
  for (let i = 0; i < 3; i++) rounds.push(await apiLatencyRound({ rate: 500, seconds: 10, connections: 10 }));
  result['apiStatusLatency'] = {
    p50Ms: median(rounds.map((r) => r.p50Ms)),
    p99Ms: median(rounds.map((r) => r.p99Ms)),
    rounds,
    rate: 500,
    connections: 10,
    runsExecuting: 5,
    tasks: 16,
    target: 'p99 < 50 ms',
    definition: 'GET /orchestrator/status with a viewer token at a fixed 500 requests/s (autocannon in a child process, coordinated omission corrected) while 5 runs report progress every 100 ms',
  };
}
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
