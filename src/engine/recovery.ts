/**
 * What a starting orchestrator takes over: runs left `running` by a process that died (they end
 * interrupted and are retried), and pending runs — its own from before, and those other
 * processes record for it later (`evolve run` while it runs).
 */
import type { AlertManager } from '../alerts/alert-manager.js';
import type { RunId } from '../model/ids.js';
import type { Store } from '../store/store.js';
import type { Dispatcher } from './dispatcher.js';

export async function recoverOrphans(store: Store, dispatcher: Dispatcher, alerts: AlertManager, instanceId: string): Promise<void> {
  const orphans = await store.listOrphanedRuns(instanceId);
  for (const run of orphans) {
    await dispatcher.recoverOrphan(run, `interrupted: the process that ran it (${run.owner ?? 'unknown'}) stopped before the run finished; found at start`);
  }
  if (orphans.length === 0) return;
  alerts.fire({
    kind: 'runs_interrupted',
    severity: 'warning',
    task: null,
    message: `${orphans.length} run(s) were interrupted by a crash of the previous process and are retried where attempts remain`,
    details: { runs: orphans.map((r) => r.id) },
  });
}

/** Hands pending runs to the dispatcher: all of them at start, then those other processes record. */
export class PendingRunIntake {
  #cursor: RunId | null = null;

  constructor(
    private readonly store: () => Store,
    private readonly dispatcher: Dispatcher,
    private readonly instanceId: string,
  ) {}

  async takeAll(): Promise<void> {
    for (const run of await this.store().listPendingRuns()) this.#take(run);
  }

  /** Runs other processes recorded since the last look (polled every second). */
  async takeForeign(): Promise<void> {
    for (const run of await this.store().listForeignPendingRuns(this.instanceId, this.#cursor)) this.#take(run);
  }

  #take(run: Parameters<Dispatcher['accept']>[0]): void {
    if (this.#cursor === null || run.id > this.#cursor) this.#cursor = run.id;
    if (!this.dispatcher.knows(run.id)) this.dispatcher.accept(run);
  }
}
