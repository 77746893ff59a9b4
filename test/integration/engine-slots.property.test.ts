/**
 * Property: across random schedules, clock jumps and restarts, no schedule slot is recorded twice
 * and none between a task's first and last recorded slot is missing (each is run or skipped).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { slotsBetween } from '../../src/schedule/index.js';
import { calendarByName } from '../../src/calendar/index.js';
import { bindSchedule, type SlotSchedule } from '../../src/schedule/index.js';
import { harness } from '../support/harness.js';

const MIN = 60_000;

const taskArb = fc.record({
  schedule: fc.oneof(
    fc.record({ kind: fc.constant('interval' as const), minutes: fc.integer({ min: 1, max: 45 }), runAtStart: fc.boolean() }),
    fc.record({ kind: fc.constant('cron' as const), expression: fc.constantFrom('*/7 * * * *', '0,20,45 * * * *', '30 */2 * * *', '15 14 * * *') }),
  ),
  misfire: fc.constantFrom('once', 'skip', 'all'),
  concurrent: fc.boolean(),
  durationMinutes: fc.integer({ min: 0, max: 30 }),
});

const stepArb = fc.oneof(
  fc.record({ kind: fc.constant('advance' as const), minutes: fc.integer({ min: 0, max: 180 }) }),
  fc.record({ kind: fc.constant('restart' as const), downMinutes: fc.integer({ min: 0, max: 300 }) }),
);

type TaskSpec = typeof taskArb extends fc.Arbitrary<infer T> ? T : never;

function yamlOf(tasks: TaskSpec[]): string {
  const lines = tasks.map((t, i) => {
    const schedule = t.schedule.kind === 'interval' ? `interval_minutes: ${t.schedule.minutes}, run_at_start: ${t.schedule.runAtStart}` : `cron: "${t.schedule.expression}", timezone: America/New_York`;
    return `  t${i}: { agent: work, ${schedule}, misfire: ${t.misfire}, misfire_max_runs: 3, concurrent_execution: ${t.concurrent}, timeout_minutes: 60, parameters: { minutes: ${t.durationMinutes} } }`;
  });
  return `orchestrator: { max_concurrent_tasks: 3 }\ntasks:\n${lines.join('\n')}\n`;
}

describe('schedule slots under restarts (property)', () => {
  it('never records a slot twice and never loses one', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(taskArb, { minLength: 1, maxLength: 3 }), fc.array(stepArb, { minLength: 1, maxLength: 8 }), async (tasks, steps) => {
        const h = harness(yamlOf(tasks), { start: '2026-03-07T12:00:00.000Z' }); // DST starts the next day in New York
        const register = (): void =>
          h.orchestrator.registerAgent('work', (ctx: { parameters: Readonly<Record<string, unknown>> }) => {
            const minutes = Number(ctx.parameters['minutes']);
            return minutes === 0 ? 'done' : new Promise((resolve) => h.clock.setTimer(minutes * MIN, () => resolve('done')));
          });
        register();
        await h.orchestrator.start();
        for (const step of steps) {
          if (step.kind === 'advance') {
            await h.clock.advance(step.minutes * MIN);
          } else {
            await h.orchestrator.stop({ graceMs: 0 });
            await h.clock.advance(step.downMinutes * MIN);
            h.restart();
            register();
            await h.orchestrator.start();
            await h.clock.advance(0);
          }
        }
        await h.orchestrator.stop({ graceMs: 0 });
        const runs = await h.history();
        for (let i = 0; i < tasks.length; i++) {
          const config = h.orchestrator.tasks().find((t) => t.name === `t${i}`)!;
          const slots = runs
            .filter((r) => r.task === `t${i}` && r.trigger === 'schedule' && r.attempt === 1)
            .map((r) => r.scheduledFor!)
            .sort((a, b) => a - b);
          assert.equal(new Set(slots).size, slots.length, `t${i}: a slot was recorded twice`);
          if (slots.length === 0) continue;
          const schedule: SlotSchedule = bindSchedule(config.schedule, calendarByName);
          const expected = slotsBetween(schedule, slots[0]!, slots.at(-1)!, 100_000, slots[0]!);
          assert.deepEqual(slots, expected.slots, `t${i} (${JSON.stringify(tasks[i])}): slots lost or out of grid`);
        }
      }),
      { numRuns: 25 },
    );
  });
});
