/**
 * The monitor's screen as lines of plain text, from the model alone: no terminal, no clock of its
 * own, no escape codes (the driver positions and clears; tests compare lines). Every line fits
 * `width` (cut with `…`) and there are exactly `height` lines, laid out top to bottom:
 *
 *   title (mode and source) and the clock · orchestrator state, pid@host, health, tasks by state ·
 *   a problem line (blank when none) · the task table · recent alerts · recent run events ·
 *   a footer with the keys and the time left.
 *
 * The task table comes first: whole when it fits, else in two thirds of the room; the alerts and
 * then the events get what is left. Cut parts say how many rows they hide.
 */
import { shortDuration, type MonitorModel, type MonitorRun, type MonitorTask } from './monitor-model.js';

export interface ScreenSize {
  width: number;
  height: number;
  /** Epoch ms: the instant the screen shows (relative times count from it). */
  now: number;
  /** Minutes east of UTC for the clock times (the driver passes the local offset; tests 0). */
  utcOffsetMinutes: number;
}

/** A task's state at a glance, the first that applies. */
export const TASK_STATES = ['running', 'queued', 'waiting', 'disabled', 'flagged', 'idle'] as const;
export type TaskState = (typeof TASK_STATES)[number];

export function taskState(task: MonitorTask): TaskState {
  if (task.running > 0) return 'running';
  if (task.queued > 0) return 'queued';
  if (task.waiting > 0) return 'waiting';
  if (!task.enabled) return 'disabled';
  if (task.flagged) return 'flagged';
  return 'idle';
}

/** Cells inside the progress bar's brackets. */
export const BAR_CELLS = 8;
const ALERT_ROWS = 5;
const GAP = '  ';

/** Cuts `text` to `width` characters, ending in `…` when cut. */
export function fit(text: string, width: number): string {
  const chars = Array.from(text.replace(/[\r\n\t]+/g, ' '));
  if (chars.length <= width) return chars.join('');
  return width <= 0 ? '' : `${chars.slice(0, width - 1).join('')}…`;
}

function cell(text: string, width: number): string {
  return fit(text, width).padEnd(width);
}

/** `[#####-----]  50%`: BAR_CELLS cells, the percentage rounded down (100% only when done). */
export function progressBar(fraction: number): string {
  const f = Math.min(1, Math.max(0, fraction));
  const filled = Math.floor(f * BAR_CELLS);
  return `[${'#'.repeat(filled)}${'-'.repeat(BAR_CELLS - filled)}] ${`${Math.floor(f * 100)}%`.padStart(4)}`;
}

/** A share in [0, 1] as a whole percentage; `-` for none. */
export function percent(value: number | null): string {
  return value === null ? '-' : `${Math.round(value * 100)}%`;
}

/** Health with a mark when it needs a look: `92%`, `45% !` below 50%. */
export function healthText(value: number): string {
  return value < 0.5 ? `${percent(value)} !` : percent(value);
}

export function clockTime(ms: number, utcOffsetMinutes: number): string {
  return new Date(ms + utcOffsetMinutes * 60_000).toISOString().slice(11, 19);
}

function nextFire(at: number | null, now: number): string {
  if (at === null) return '-';
  return at <= now ? 'due' : `in ${shortDuration(at - now)}`;
}

/** The bar (or how long it has run) always; the agent's message after it when there is room. */
function progressCell(run: MonitorRun | undefined, now: number, width: number): string {
  if (!run) return '';
  const head = run.progress !== null ? progressBar(run.progress) : `running${run.startedAt === null ? '' : ` ${shortDuration(Math.max(0, now - run.startedAt))}`}`;
  const room = width - head.length - 1;
  return run.progressMessage && room >= 4 ? `${head} ${fit(run.progressMessage, room)}` : head;
}

interface Column {
  title: string;
  width: number;
}

function tableLines(model: MonitorModel, size: ScreenSize): string[] {
  const tasks = model.status?.tasks ?? [];
  const longest = Math.max(4, ...tasks.map((t) => t.name.length));
  const fixed: Column[] = [
    { title: 'STATE', width: 8 },
    { title: 'NEXT', width: 8 },
    { title: 'SUCCESS', width: 7 },
    { title: 'HEALTH', width: 6 },
    { title: 'LAST', width: 11 },
  ];
  // LAST is budgeted at 9 (`succeeded`, `timed_out`); a longer status there is cut with the line.
  const others = fixed.reduce((sum, c) => sum + c.width, 0) - 2 + GAP.length * (fixed.length + 1);
  const minProgress = BAR_CELLS + 7;
  // Names give way first (down to 8 characters), so a bar and LAST still fit: at 80 columns
  // names keep up to 15 characters and the progress column its bar and percentage.
  const nameWidth = Math.min(24, longest, Math.max(8, size.width - others - minProgress));
  // The progress column takes what is left, at least a bar and its percentage.
  const progressWidth = Math.max(minProgress, size.width - others - nameWidth);
  const row = (cells: string[], widths: number[]): string => fit(cells.map((c, i) => cell(c, widths[i] ?? 0)).join(GAP).trimEnd(), size.width);
  const widths = [nameWidth, fixed[0]!.width, progressWidth, ...fixed.slice(1).map((c) => c.width)];
  const header = row(['TASK', 'STATE', 'PROGRESS', 'NEXT', 'SUCCESS', 'HEALTH', 'LAST'], widths);
  const byTask = new Map<string, MonitorRun>();
  for (const run of model.active.values()) if (!byTask.has(run.task)) byTask.set(run.task, run);
  const rows = tasks.map((t) =>
    row([t.name, taskState(t), progressCell(byTask.get(t.name), size.now, progressWidth), nextFire(t.nextRunAt, size.now), percent(t.successRate), healthText(t.health), t.lastStatus ?? '-'], widths),
  );
  return [header, ...(rows.length > 0 ? rows : [model.status ? '(no tasks configured)' : '(waiting for the first status)'])];
}

function headerLines(model: MonitorModel, size: ScreenSize): string[] {
  const where = model.mode === 'attached' ? `attached to ${model.source}` : `in-process orchestrator (${model.source})`;
  const left = `EVOLVE MONITOR  ${where}`;
  const right = clockTime(size.now, size.utcOffsetMinutes);
  const title = left.length + 2 + right.length <= size.width ? `${left}${' '.repeat(size.width - left.length - right.length)}${right}` : fit(left, size.width);
  const status = model.status;
  let summary = 'waiting for the first status…';
  if (status) {
    const counts = new Map<string, number>();
    for (const task of status.tasks) counts.set(taskState(task), (counts.get(taskState(task)) ?? 0) + 1);
    const byState = TASK_STATES.filter((s) => counts.has(s)).map((s) => `${counts.get(s)} ${s}`);
    const who = status.pid === null ? '' : ` · pid ${status.pid}${status.host ? `@${status.host}` : ''}`;
    summary = `orchestrator ${status.running ? 'running' : 'stopped'}${who} · health ${healthText(status.health)} · ${status.tasks.length} tasks${byState.length > 0 ? `: ${byState.join(', ')}` : ''}`;
  }
  return [title, fit(summary, size.width), model.problem ? fit(`! ${model.problem}`, size.width) : ''];
}

function alertLines(model: MonitorModel, size: ScreenSize): string[] {
  const lines = model.alerts.map((a) => fit(`${clockTime(a.at, size.utcOffsetMinutes)} ${a.severity.padEnd(8)} ${a.task ? `${a.task}: ` : ''}${a.message}`, size.width));
  return ['', 'RECENT ALERTS', ...(lines.length > 0 ? lines.slice(0, ALERT_ROWS) : ['(none)'])];
}

function eventLines(model: MonitorModel, size: ScreenSize): string[] {
  const lines = model.events.map((e) => fit(`${clockTime(e.at, size.utcOffsetMinutes)} ${e.text}`, size.width));
  return ['', 'RECENT RUN EVENTS', ...(lines.length > 0 ? lines : ['(none yet)'])];
}

function footerLine(model: MonitorModel, size: ScreenSize): string {
  const keys = model.mode === 'in-process' ? 'q or Ctrl-C: quit (stops the orchestrator)' : 'q or Ctrl-C: quit';
  const left = model.endsAt === null ? keys : `${keys} · ends in ${shortDuration(Math.max(0, model.endsAt - size.now))}`;
  return fit(left, size.width);
}

/**
 * Keeps at most `max` lines of a section: its `head` lines (title, column names) and as many rows
 * as fit. When rows are hidden and at least two fit, the last one kept says how many are hidden.
 */
function cut(lines: string[], max: number, head: number, width: number, what: string): string[] {
  if (lines.length <= max) return lines;
  if (max - head < 2) return lines.slice(0, max);
  return [...lines.slice(0, max - 1), fit(`… ${lines.length - max + 1} more ${what}`, width)];
}

export function renderScreen(model: MonitorModel, size: ScreenSize): string[] {
  const width = Math.max(1, Math.floor(size.width));
  const height = Math.max(1, Math.floor(size.height));
  const s: ScreenSize = { ...size, width, height };
  const header = headerLines(model, s);
  const footer = footerLine(model, s);
  let room = height - header.length - 1;
  const alerts = alertLines(model, s);
  const events = eventLines(model, s);
  // The table whole when it fits, else two thirds of the room; the alerts, then the events, get the rest.
  const allTasks = tableLines(model, s);
  const table = cut(allTasks, allTasks.length <= room ? room : Math.max(2, Math.ceil((room * 2) / 3)), 1, width, 'tasks');
  room -= table.length;
  const shownAlerts = room >= 3 ? cut(alerts, room, 2, width, 'alerts') : [];
  room -= shownAlerts.length;
  const shownEvents = room >= 3 ? cut(events, room, 2, width, 'events') : [];
  const body = [...header, ...table, ...shownAlerts, ...shownEvents].slice(0, height - 1);
  while (body.length < height - 1) body.push('');
  return height === 1 ? [footer] : [...body, footer];
}
