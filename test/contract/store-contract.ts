/**
 * The Store contract: every backend runs this suite (see test/integration/*-store.test.ts).
 * `makeStore` returns a new, open, empty store; the suite closes each one after its test.
 */
import { afterEach, beforeEach, describe } from 'node:test';
import type { Store } from '../../src/store/store.js';
import { groupCommitContract } from './group-commit-contract.js';
import { queriesContract } from './queries-contract.js';
import { runLogsContract } from './run-logs-contract.js';
import { runsContract } from './runs-contract.js';
import { stateContract } from './state-contract.js';
import { statsContract } from './stats-contract.js';

export interface ContractContext {
  /** The current test's store: new, open and empty. */
  readonly store: Store;
  /** Another new store, for tests that need several (the caller closes it). */
  makeStore: () => Promise<Store>;
}

export function storeContract(name: string, makeStore: () => Promise<Store>): void {
  describe(`Store contract: ${name}`, () => {
    let current: Store | null = null;
    const ctx: ContractContext = {
      get store(): Store {
        if (current === null) throw new Error('no store: the contract suite opens one per test');
        return current;
      },
      makeStore,
    };
    beforeEach(async () => {
      current = await makeStore();
    });
    afterEach(async () => {
      await current?.close();
      current = null;
    });

    runsContract(ctx);
    queriesContract(ctx);
    statsContract(ctx);
    stateContract(ctx);
    groupCommitContract(ctx);
    runLogsContract(ctx);
  });
}
