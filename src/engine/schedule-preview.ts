/**
 * What the schedules will do in a window of time, before it happens: every fire of every enabled
 * task in time order, and every slot that will not run with the reason — a holiday, a session
 * time past an early close, a condition that is judged by the clock alone (`market_hours`).
 * Conditions that depend on live state (`system_health`) are named as such, not guessed.
 */
import { formatCivilDate, parseCivilDate } from '../calendar/civil-date.js';
import { ZoneClock } from '../calendar/zone-clock.js';
import type { ConditionRegistry } from '../conditions/condition-registry.js';
import type { TaskName } from '../model/ids.js';
import type { TaskConfig } from '../model/task.js';
import { bindSchedule, describeSchedule, firstSlot, skippedTimes, slotsBetween, type CalendarLookup, type SlotSchedule } from '../schedule/index.js';

export interface PreviewEntry {
  /** Epoch ms of the slot; for a closed day, the day's local midnight. */
  at: number;
  task: TaskName;
  /** Whether the slot fires (its run may still wait on dependencies or live conditions). */
  fires: boolean;
  /** Why the slot will not fire; null when it fires. */
  reason: string | null;
  /** For a day without a session: its local date. */
  closedDate?: string;
}

export interface PreviewTask {
  task: TaskName;
  schedule: string;
  /** Why the task has no fires in the window at all (disabled, manual); null otherwise. */
  idle: string | null;
  /** Conditions judged when the run is due, from live state: the preview cannot know them. */
  liveConditions: string[];
}

export interface SchedulePreview {
  /** The window: from <= t < to, epoch ms. */
  from: number;
  to: number;
  entries: PreviewEntry[];
  tasks: PreviewTask[];
  /** True when the window held more than `limit` entries and only the first are listed. */
  truncated: boolean;
}

export interface PreviewInput {
  tasks: readonly TaskConfig[];
  /** Tasks disabled at run time (error threshold, an operator), with why. */
  disabled: ReadonlyMap<TaskName, string>;
  /** Each task's stored next fire time: the anchor of interval schedules. */
  nextFireAt: ReadonlyMap<TaskName, number | null>;
  from: number;
  to: number;
  limit: number;
  calendars: CalendarLookup;
  conditions: ConditionRegistry;
}

export async function previewSchedule(input: PreviewInput): Promise<SchedulePreview> {
  const entries: PreviewEntry[] = [];
  const tasks: PreviewTask[] = [];
  for (const task of input.tasks) {
    const timed = task.conditions.filter((c) => input.conditions.get(c.name)?.timeOnly === true);
    const live = task.conditions.filter((c) => !timed.includes(c)).map((c) => `${c.name}: ${c.source}`);
    const idle = idleReason(task, input.disabled.get(task.name));
    tasks.push({ task: task.name, schedule: describeSchedule(task.schedule), idle, liveConditions: live });
    if (idle !== null) continue;
    const schedule = bindSchedule(task.schedule, input.calendars);
    for (const at of slotsIn(schedule, input, task.name)) {
      const failed = [];
      for (const spec of timed) {
        const verdict = await input.conditions.evaluate(spec, { task, now: at });
        if (!verdict.ok) failed.push(`condition ${verdict.detail}`);
      }
      entries.push({ at, task: task.name, fires: failed.length === 0, reason: failed.length === 0 ? null : failed.join('; ') });
    }
    if (schedule.kind === 'market') entries.push(...marketSkips(schedule, task.name, input));
  }
  entries.sort((a, b) => a.at - b.at || a.task.localeCompare(b.task));
  return { from: input.from, to: input.to, entries: entries.slice(0, input.limit), tasks, truncated: entries.length > input.limit };
}

function idleReason(task: TaskConfig, disabledReason: string | undefined): string | null {
  if (!task.enabled) return 'disabled in the configuration';
  if (disabledReason !== undefined) return `disabled: ${disabledReason}`;
  if (task.schedule.kind === 'manual') return 'manual: runs only when triggered';
  return null;
}

/** The task's slots in the window (at most limit + 1: enough to know the list is cut). */
function slotsIn(schedule: SlotSchedule, input: PreviewInput, task: TaskName): number[] {
  const cap = input.limit + 1;
  const last = input.to - 1; // the window is from <= t < to
  if (schedule.kind !== 'interval') return slotsBetween(schedule, input.from, last, cap).slots;
  // An interval is a grid through its stored next fire; a task never started begins at `from`.
  const stored = input.nextFireAt.get(task) ?? null;
  const anchor = stored ?? firstSlot(schedule, input.from)!;
  const start = Math.max(input.from, anchor);
  const offset = Math.ceil((start - anchor) / schedule.everyMs) * schedule.everyMs;
  return slotsBetween(schedule, anchor + offset, last, cap, anchor).slots;
}

/** Days the market schedule's calendar is closed, and `at` times a session does not reach. */
function marketSkips(schedule: Extract<SlotSchedule, { kind: 'market' }>, task: TaskName, input: PreviewInput): PreviewEntry[] {
  const { calendar, rule } = schedule;
  const clock = new ZoneClock(calendar.timezone);
  const skips: PreviewEntry[] = [];
  for (let day = parseCivilDate(calendar.dateOf(input.from))!, last = parseCivilDate(calendar.dateOf(input.to - 1))!; day <= last; day++) {
    const date = formatCivilDate(day);
    const session = calendar.session(date);
    if (session === null) {
      const reason = calendar.closedReason(date);
      const at = Math.max(clock.instantOf(day, 0), input.from);
      if (reason !== null) skips.push({ at, task, fires: false, reason: reason === 'unscheduled closure' ? `closed: ${calendar.name} unscheduled closure` : `holiday: ${calendar.name} closed (${reason})`, closedDate: date });
      continue;
    }
    for (const skipped of skippedTimes(rule, session, calendar.timezone)) {
      if (skipped.at >= input.from && skipped.at < input.to) skips.push({ at: skipped.at, task, fires: false, reason: `${skipped.time}: ${skipped.reason}` });
    }
  }
  return skips;
}
