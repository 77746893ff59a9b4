/** Contract: task state, instances and leases (with fencing tokens), the audit trail and alerts. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTaskName } from '../../src/model/ids.js';
import type { InstanceInfo } from '../../src/store/store.js';
import { DATA_SYNC, instance, never, RISK, T0 } from './fixtures.js';
import type { ContractContext } from './store-contract.js';

const TTL = 30_000;

export function stateContract(ctx: ContractContext): void {
  describe('task state', () => {
    it('creates the state of new tasks with defaults and keeps it when the configuration changes', async () => {
      const states = await ctx.store.syncTasks([
        { name: DATA_SYNC, config: { interval_minutes: 5 } },
        { name: RISK, config: { cron: '*/15 * * * *' } },
      ]);
      assert.deepEqual(states[0], {
        name: DATA_SYNC,
        enabled: true,
        disabledReason: null,
        disabledAt: null,
        consecutiveFailures: 0,
        nextFireAt: null,
        scheduleKey: null,
        flagged: false,
        flagReason: null,
        overrides: {},
        config: { interval_minutes: 5 },
      });
      await ctx.store.updateTaskState(DATA_SYNC, { enabled: false, disabledReason: 'error_threshold', disabledAt: T0, consecutiveFailures: 5 });
      const [again] = await ctx.store.syncTasks([{ name: DATA_SYNC, config: { interval_minutes: 10 } }]);
      assert.equal(again?.enabled, false);
      assert.equal(again?.consecutiveFailures, 5);
      assert.deepEqual(again?.config, { interval_minutes: 10 });
    });

    it('reads back every field of a state patch', async () => {
      await ctx.store.syncTasks([{ name: DATA_SYNC, config: {} }]);
      const patch = {
        enabled: false,
        disabledReason: 'disabled by an operator',
        disabledAt: T0,
        consecutiveFailures: 2,
        nextFireAt: T0 + 60_000,
        scheduleKey: 'cron:*/15',
        flagged: true,
        flagReason: 'success rate 0.4 below 0.8',
        overrides: { priority: 'critical', parameters: { symbols: ['SPY'] } },
      };
      await ctx.store.updateTaskState(DATA_SYNC, patch);
      assert.deepEqual(await ctx.store.getTaskState(DATA_SYNC), { name: DATA_SYNC, config: {}, ...patch });
      await ctx.store.updateTaskState(DATA_SYNC, { enabled: true, disabledReason: null, disabledAt: null });
      const state = await ctx.store.getTaskState(DATA_SYNC);
      assert.deepEqual([state?.enabled, state?.disabledReason, state?.consecutiveFailures], [true, null, 2]);
    });

    it('lists every task state and answers null for an unknown task', async () => {
      await ctx.store.syncTasks([{ name: RISK, config: null }, { name: DATA_SYNC, config: null }]);
      assert.deepEqual((await ctx.store.getTaskStates()).map((s) => s.name).sort(), [DATA_SYNC, RISK]);
      assert.equal(await ctx.store.getTaskState(parseTaskName('unknown_task')), null);
    });
  });

  describe('leases', () => {
    const a = instance('inst-a');
    const b = instance('inst-b', { pid: 2002 });

    it('grants a free lease and names its holder while its heartbeat is fresh', async () => {
      await ctx.store.registerInstance(a);
      const lease = await ctx.store.acquireLease('scheduler', a, TTL, T0, never);
      assert.equal(lease.acquired, true);
      assert.equal(lease.holder, null);
      assert.ok(lease.token >= 1);
      assert.deepEqual(await ctx.store.leaseHolder('scheduler', TTL, T0 + TTL), { ...a, heartbeatAt: T0 });
      assert.equal(await ctx.store.leaseHolder('scheduler', TTL, T0 + TTL + 1), null);
      await ctx.store.heartbeat(a.id, T0 + TTL);
      assert.equal((await ctx.store.leaseHolder('scheduler', TTL, T0 + TTL + 1))?.id, a.id);
      assert.equal(await ctx.store.leaseHolder('other', TTL, T0), null);
    });

    it('keeps the token when the holder takes its lease again', async () => {
      const first = await ctx.store.acquireLease('scheduler', a, TTL, T0, never);
      const again = await ctx.store.acquireLease('scheduler', a, TTL, T0 + 1000, never);
      assert.deepEqual(again, { acquired: true, token: first.token, holder: null });
    });

    it('refuses a held lease and says who holds it', async () => {
      await ctx.store.registerInstance(a);
      const first = await ctx.store.acquireLease('scheduler', a, TTL, T0, never);
      await ctx.store.heartbeat(a.id, T0 + 20_000);
      const asked: InstanceInfo[] = [];
      const refused = await ctx.store.acquireLease('scheduler', b, TTL, T0 + 40_000, (holder) => {
        asked.push(holder);
        return false;
      });
      assert.deepEqual(refused, { acquired: false, token: first.token, holder: { ...a, heartbeatAt: T0 + 20_000 } });
      assert.deepEqual(asked, [a], 'isDead is asked about the holder');
    });

    it('takes a lease whose holder stopped heartbeating, with a new token', async () => {
      await ctx.store.registerInstance(a);
      const first = await ctx.store.acquireLease('scheduler', a, TTL, T0, never);
      const taken = await ctx.store.acquireLease('scheduler', b, TTL, T0 + TTL + 1, never);
      assert.deepEqual(taken, { acquired: true, token: first.token + 1, holder: null });
      assert.equal((await ctx.store.leaseHolder('scheduler', TTL, T0 + TTL + 1))?.id, b.id);
      const back = await ctx.store.acquireLease('scheduler', a, TTL, T0 + TTL + 2, never);
      assert.equal(back.acquired, false);
    });

    it('takes a lease whose holder is known to be dead, with a new token', async () => {
      await ctx.store.registerInstance(a);
      const first = await ctx.store.acquireLease('scheduler', a, TTL, T0, never);
      const taken = await ctx.store.acquireLease('scheduler', b, TTL, T0 + 1000, (holder) => holder.id === a.id);
      assert.deepEqual(taken, { acquired: true, token: first.token + 1, holder: null });
    });

    it('frees a released lease for the next owner, with a new token; others cannot release it', async () => {
      const first = await ctx.store.acquireLease('scheduler', a, TTL, T0, never);
      await ctx.store.releaseLease('scheduler', b.id);
      assert.equal((await ctx.store.leaseHolder('scheduler', TTL, T0))?.id, a.id);
      await ctx.store.releaseLease('scheduler', a.id);
      assert.equal(await ctx.store.leaseHolder('scheduler', TTL, T0), null);
      const next = await ctx.store.acquireLease('scheduler', b, TTL, T0 + 1, never);
      assert.deepEqual(next, { acquired: true, token: first.token + 1, holder: null });
    });

    it('keeps leases of different names apart', async () => {
      assert.equal((await ctx.store.acquireLease('scheduler', a, TTL, T0, never)).acquired, true);
      assert.equal((await ctx.store.acquireLease('maintenance', b, TTL, T0, never)).acquired, true);
      assert.equal((await ctx.store.acquireLease('scheduler', b, TTL, T0, never)).acquired, false);
    });
  });

  describe('audit trail and alerts', () => {
    it('lists audit entries newest first, by task, up to a limit', async () => {
      await ctx.store.appendAudit({ at: T0, actor: 'cli', action: 'task.disable', task: DATA_SYNC, details: { reason: 'maintenance' } });
      await ctx.store.appendAudit({ at: T0 + 1, actor: 'api:ops', action: 'task.run', task: RISK, details: {} });
      await ctx.store.appendAudit({ at: T0 + 2, actor: 'engine', action: 'orchestrator.start', task: null, details: { pid: 42 } });

      const all = await ctx.store.listAudit({});
      assert.deepEqual(all.map((e) => e.action), ['orchestrator.start', 'task.run', 'task.disable']);
      assert.ok(all[0]!.id > all[1]!.id);
      const [entry] = await ctx.store.listAudit({ task: DATA_SYNC });
      assert.deepEqual(entry, { id: entry!.id, at: T0, actor: 'cli', action: 'task.disable', task: DATA_SYNC, details: { reason: 'maintenance' } });
      assert.equal((await ctx.store.listAudit({ limit: 1 })).length, 1);
    });

    it('lists alerts newest first, since a time, up to a limit', async () => {
      await ctx.store.appendAlert({ at: T0, kind: 'task_disabled', severity: 'critical', task: DATA_SYNC, message: 'disabled after 5 failures', details: { failures: 5 } });
      await ctx.store.appendAlert({ at: T0 + 10, kind: 'sla_breach', severity: 'warning', task: RISK, message: 'over 10 minutes', details: {} });
      await ctx.store.appendAlert({ at: T0 + 20, kind: 'health', severity: 'info', task: null, message: 'health 0.7', details: { score: 0.7 } });

      assert.deepEqual((await ctx.store.listAlerts({})).map((a) => a.kind), ['health', 'sla_breach', 'task_disabled']);
      assert.deepEqual((await ctx.store.listAlerts({ since: T0 + 10 })).map((a) => a.kind), ['health', 'sla_breach']);
      const [oldest] = await ctx.store.listAlerts({ since: T0, limit: 10 }).then((list) => list.slice(-1));
      assert.deepEqual(oldest, {
        id: oldest!.id,
        at: T0,
        kind: 'task_disabled',
        severity: 'critical',
        task: DATA_SYNC,
        message: 'disabled after 5 failures',
        details: { failures: 5 },
      });
      assert.equal((await ctx.store.listAlerts({ limit: 2 })).length, 2);
    });

    it('filters alerts by task and severity, and pages them with an id cursor', async () => {
      for (let i = 0; i < 5; i++) {
        await ctx.store.appendAlert({ at: T0 + i, kind: 'k', severity: i % 2 === 0 ? 'critical' : 'warning', task: i < 3 ? DATA_SYNC : RISK, message: `alert ${i}`, details: {} });
      }
      const messages = (list: { message: string }[]): string[] => list.map((a) => a.message);
      assert.deepEqual(messages(await ctx.store.listAlerts({ task: RISK })), ['alert 4', 'alert 3']);
      assert.deepEqual(messages(await ctx.store.listAlerts({ severities: ['critical'] })), ['alert 4', 'alert 2', 'alert 0']);
      assert.deepEqual(messages(await ctx.store.listAlerts({ severities: ['warning', 'critical'], task: DATA_SYNC, since: T0 + 1 })), ['alert 2', 'alert 1']);
      assert.deepEqual(await ctx.store.listAlerts({ severities: [] }), []);
      const first = await ctx.store.listAlerts({ limit: 2 });
      const second = await ctx.store.listAlerts({ limit: 2, beforeId: first.at(-1)!.id });
      const third = await ctx.store.listAlerts({ limit: 2, beforeId: second.at(-1)!.id });
      assert.deepEqual([first, second, third].map(messages), [['alert 4', 'alert 3'], ['alert 2', 'alert 1'], ['alert 0']]);
    });

    it('prunes alerts sent before an instant', async () => {
      for (let i = 0; i < 3; i++) await ctx.store.appendAlert({ at: T0 + i * 1000, kind: `k${i}`, severity: 'info', task: null, message: 'm', details: {} });
      assert.equal(await ctx.store.pruneAlerts(T0 + 2000), 2);
      assert.deepEqual((await ctx.store.listAlerts({})).map((a) => a.kind), ['k2']);
      assert.equal(await ctx.store.pruneAlerts(T0 + 2000), 0);
    });

    it('filters the audit trail by time and pages it with an id cursor', async () => {
      for (let i = 0; i < 4; i++) {
        await ctx.store.appendAudit({ at: T0 + i * 1000, actor: 'cli', action: `action.${i}`, task: i % 2 === 0 ? DATA_SYNC : null, details: {} });
      }
      const actions = (list: { action: string }[]): string[] => list.map((e) => e.action);
      assert.deepEqual(actions(await ctx.store.listAudit({ since: T0 + 2000 })), ['action.3', 'action.2']);
      assert.deepEqual(actions(await ctx.store.listAudit({ task: DATA_SYNC, since: T0 })), ['action.2', 'action.0']);
      const page = await ctx.store.listAudit({ limit: 3 });
      assert.deepEqual(actions(page), ['action.3', 'action.2', 'action.1']);
      assert.deepEqual(actions(await ctx.store.listAudit({ beforeId: page.at(-1)!.id })), ['action.0']);
    });
  });
}
