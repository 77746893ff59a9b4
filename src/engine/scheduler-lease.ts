/**
 * The lease an orchestrator holds on its store while it runs: one process schedules and executes
 * on a SQLite store at a time. The holder heartbeats every HEARTBEAT_MS; a heartbeat older than
 * LEASE_TTL_MS, or a holder whose pid is gone on this host, frees the lease for the next start.
 */
import { EvolveError } from '../errors.js';
import type { InstanceInfo, Store } from '../store/store.js';

export const SCHEDULER_LEASE = 'scheduler';
/** A heartbeat older than this means the holder of the store is gone. */
export const LEASE_TTL_MS = 30_000;
export const HEARTBEAT_MS = 5_000;

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Registers the instance and takes the lease, or throws EVOLVE_STORE_LOCKED naming the holder. */
export async function takeSchedulerLease(store: Store, instance: InstanceInfo, now: number, where: string): Promise<void> {
  await store.registerInstance(instance);
  const isDead = (holder: InstanceInfo): boolean => holder.host === instance.host && !pidAlive(holder.pid);
  const lease = await store.acquireLease(SCHEDULER_LEASE, instance, LEASE_TTL_MS, now, isDead);
  if (lease.acquired) return;
  const holder = lease.holder;
  const who = holder ? `pid ${holder.pid} on ${holder.host}, last seen ${new Date(holder.heartbeatAt).toISOString()}` : 'another process';
  throw new EvolveError('EVOLVE_STORE_LOCKED', `another orchestrator (${who}) is running on ${where}: stop it first, or use another --data-dir`);
}

/** Gives the lease up and records the instance stopped; failures are ignored (the lease lapses anyway). */
export async function releaseSchedulerLease(store: Store, instanceId: string, now: number): Promise<void> {
  await store.releaseLease(SCHEDULER_LEASE, instanceId).catch(() => undefined);
  await store.markInstanceStopped(instanceId, now).catch(() => undefined);
}

/** The live holder of the lease, or null. */
export function schedulerLeaseHolder(store: Store, now: number): ReturnType<Store['leaseHolder']> {
  return store.leaseHolder(SCHEDULER_LEASE, LEASE_TTL_MS, now);
}
