/**
 * Durability with real processes: `evolve start` is killed with SIGKILL in the middle of runs, then
 * started again. The run that was in flight ends interrupted and is retried with its idempotency
 * key (the agent's side effect happens once), no schedule slot is recorded twice, and none between
 * the first and the last is missing.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Run } from '../../src/model/run.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { ensureBuilt, evolve, RunningEvolve } from '../support/evolve-cli.js';
import { tempDir } from '../support/temp-dir.js';

const AGENTS = `
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
const ledger = process.env.LEDGER;
// An order agent with a side effect: it books each idempotency key once, however often it is called.
export class OrderAgent {
  async run(ctx) {
    appendFileSync(ledger + '.calls', ctx.idempotencyKey + ' attempt ' + ctx.attempt + '\\n');
    await new Promise((resolve, reject) => {
      const timer = setTimeout(resolve, 1500);
      ctx.signal.addEventListener('abort', () => { clearTimeout(timer); reject(ctx.signal.reason); });
    });
    const booked = existsSync(ledger) ? readFileSync(ledger, 'utf8').split('\\n') : [];
    if (!booked.includes(ctx.idempotencyKey)) appendFileSync(ledger, ctx.idempotencyKey + '\\n');
    return { booked: ctx.idempotencyKey };
  }
}
export const tick = () => ({ at: Date.now() });
`;

const CONFIG = `
orchestrator: { max_concurrent_tasks: 4, shutdown_grace_seconds: 5, misfire_grace_seconds: 1 }
tasks:
  orders:
    agent: { module: ./agents.mjs, export: OrderAgent }
    interval_minutes: 0.05          # every 3 s; each run takes 1.5 s
    retry_count: 2
    retry_delay_minutes: 0
  ticker:
    agent: { module: ./agents.mjs, export: tick }
    interval_minutes: 0.0166666667  # every second
    misfire: skip
logging: { level: warn, file: null }
`;

async function readRuns(dataDir: string): Promise<Run[]> {
  const store = new SqliteStore({ path: join(dataDir, 'evolve.db') });
  await store.open();
  try {
    return await store.listRuns({ limit: 10_000 });
  } finally {
    await store.close();
  }
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

describe('a kill -9 in the middle of runs', () => {
  const dir = tempDir();
  const dataDir = join(dir, 'data');
  const ledger = join(dir, 'ledger.txt');
  const args = ['start', '--standalone', '--no-api', '--config', join(dir, 'schedule.yaml'), '--data-dir', dataDir];
  const env = { LEDGER: ledger };
  const processes: RunningEvolve[] = [];

  before(() => {
    ensureBuilt();
    writeFileSync(join(dir, 'agents.mjs'), AGENTS);
    writeFileSync(join(dir, 'schedule.yaml'), CONFIG);
  });
  after(() => {
    for (const p of processes) if (p.running) p.child.kill('SIGKILL');
  });

  it('loses no run, repeats no slot and books each order once after a restart', async () => {
    const first = new RunningEvolve(args, { env });
    processes.push(first);
    // Wait until an order run is in the middle of its agent call, then kill the process outright.
    const inFlight = await until('an order run in flight', async () => {
      const runs = await readRuns(dataDir).catch(() => []);
      return runs.find((r) => r.task === 'orders' && r.status === 'running' && Date.now() - (r.startedAt ?? 0) > 300);
    });
    first.child.kill('SIGKILL');
    const killed = await first.exit;
    assert.equal(killed.signal, 'SIGKILL');
    const atKill = (await readRuns(dataDir)).find((r) => r.id === inFlight.id)!;
    assert.equal(atKill.status, 'running', 'the store still says running: nobody recorded an outcome');

    await sleep(2_500); // slots fall due while nothing runs
    const second = new RunningEvolve(args, { env });
    processes.push(second);
    const recovered = await until('the interrupted order to be retried and succeed', async () => {
      const runs = await readRuns(dataDir);
      const chain = runs.filter((r) => r.chainId === inFlight.chainId);
      return chain.some((r) => r.status === 'succeeded') ? chain : undefined;
    });
    await sleep(2_000);
    second.child.kill('SIGTERM');
    const stopped = await second.exit;
    assert.equal(stopped.code, 0, second.stderr);

    const first_ = recovered.find((r) => r.id === inFlight.id)!;
    assert.equal(first_.status, 'interrupted');
    assert.match(first_.reason!, /stopped before the run finished; found at start/);
    const retry = recovered.find((r) => r.attempt === 2)!;
    assert.equal(retry.trigger, 'recovery');
    assert.equal(retry.idempotencyKey, inFlight.idempotencyKey);
    assert.equal(retry.status, 'succeeded');

    const runs = await readRuns(dataDir);
    for (const task of ['orders', 'ticker']) {
      const firstAttempts = runs.filter((r) => r.task === task && r.attempt === 1 && r.trigger === 'schedule');
      const slots = firstAttempts.map((r) => r.scheduledFor!).sort((a, b) => a - b);
      assert.equal(new Set(slots).size, slots.length, `${task}: no slot recorded twice`);
      const every = task === 'orders' ? 3_000 : 1_000;
      for (let i = 1; i < slots.length; i++) {
        const gap = slots[i]! - slots[i - 1]!;
        assert.ok(Math.abs(gap - every) < 2, `${task}: slots ${slots[i - 1]} and ${slots[i]} are ${gap} ms apart: none may be lost`);
      }
    }
    const missed = runs.filter((r) => r.task === 'ticker' && r.status === 'skipped');
    assert.ok(missed.length >= 1 && missed.every((r) => /misfire/.test(r.reason ?? '')), 'slots missed while down are recorded as skipped');

    const booked = readFileSync(ledger, 'utf8').trim().split('\n');
    assert.equal(new Set(booked).size, booked.length, 'each order is booked once');
    const calls = readFileSync(`${ledger}.calls`, 'utf8').trim().split('\n');
    assert.ok(calls.includes(`${inFlight.idempotencyKey} attempt 1`) && calls.includes(`${inFlight.idempotencyKey} attempt 2`));

    const history = await evolve(['history', 'orders', '--json', '--config', join(dir, 'schedule.yaml'), '--data-dir', dataDir], { env });
    assert.equal(history.code, 0, history.stderr);
    assert.ok((JSON.parse(history.stdout) as Run[]).some((r) => r.id === inFlight.id && r.status === 'interrupted'));
  });
});
