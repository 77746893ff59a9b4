/** One run in full, and its log tail, as `evolve history --run <id> [--log]` prints them. */
import type { Run } from '../model/run.js';
import { RUN_LOG_MAX_LINES } from '../store/run-log-limits.js';
import type { RunLog, RunLogLevel, StoredRunLogLine } from '../store/store.js';
import { humanDuration, percent, shortTime } from './format.js';
import type { Output } from './output.js';

const LABEL = 12;
const TIME_AND_LEVEL = 'HH:MM:SS.mmm LEVEL '.length;

function row(label: string, value: string): string {
  return `${label.padEnd(LABEL)}${value}`;
}

function at(ms: number | null): string {
  return ms === null ? '—' : `${shortTime(ms)} UTC`;
}

function statusMark(out: Output, run: Run): string {
  if (run.status === 'succeeded') return `${out.mark(true)} `;
  if (run.status === 'failed' || run.status === 'timed_out' || run.status === 'interrupted') return `${out.mark(false)} `;
  return '';
}

function count(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
}

/** Every field of a run, one per line, then its result as indented JSON. */
export function runDetails(out: Output, run: Run): string[] {
  const lines = [
    row('run', run.id),
    row('task', run.task),
    row('trigger', run.trigger),
    row('status', `${statusMark(out, run)}${run.status}`),
    row('attempt', `${run.attempt} of ${run.maxAttempts}${run.chainId === run.id ? '' : ` (first attempt ${run.chainId})`}`),
  ];
  if (run.scheduledFor !== null) lines.push(row('scheduled', at(run.scheduledFor)));
  lines.push(row('created', at(run.createdAt)), row('queued', at(run.queuedAt)), row('started', at(run.startedAt)), row('finished', at(run.finishedAt)));
  lines.push(row('duration', humanDuration(run.durationMs)));
  if (run.progress !== null || run.progressMessage !== null) lines.push(row('progress', [percent(run.progress), run.progressMessage ?? ''].join(' ').trim()));
  if (run.slaBreached) lines.push(row('sla', 'breached: it ran longer than max_duration_minutes'));
  lines.push(row('idempotency', run.idempotencyKey));
  if (Object.keys(run.parameters).length > 0) lines.push(row('parameters', JSON.stringify(run.parameters)));
  if (run.reason !== null) lines.push(row('reason', run.reason));
  if (run.error !== null) lines.push(row('error', run.error));
  if (run.result !== null && run.result !== undefined) lines.push('result:', JSON.stringify(run.result, null, 2));
  return lines;
}

const LEVEL_STYLE: Record<RunLogLevel, 'dim' | 'yellow' | 'red' | null> = { trace: 'dim', debug: 'dim', info: null, warn: 'yellow', error: 'red', fatal: 'red' };

/** `HH:MM:SS.mmm LEVEL message {fields}`, in UTC; a message's further lines are indented under it. */
export function logLine(out: Output, line: StoredRunLogLine): string {
  const time = new Date(line.at).toISOString().slice(11, 23);
  const style = LEVEL_STYLE[line.level];
  const level = line.level.toUpperCase().padEnd(5);
  const message = line.message.replace(/\r?\n/g, `\n${' '.repeat(TIME_AND_LEVEL)}`);
  const fields = line.fields === undefined ? '' : ` ${JSON.stringify(line.fields)}`;
  return `${time} ${style === null ? level : out.style(style, level)} ${message}${fields}`;
}

/** The log tail under a header, with a line for what is no longer kept. */
export function logTail(out: Output, log: RunLog): string[] {
  if (log.total === 0) return ['log: (no lines)'];
  const lines = [`log (${count(log.lines.length, 'line')}, times in UTC):`];
  if (log.dropped > 0) lines.push(out.style('dim', `… ${count(log.dropped, 'earlier line')} dropped (a run keeps its newest ${RUN_LOG_MAX_LINES})`));
  const notShown = log.total - log.dropped - log.lines.length;
  if (notShown > 0) lines.push(out.style('dim', `… ${count(notShown, 'earlier line')} not shown`));
  for (const line of log.lines) lines.push(logLine(out, line));
  return lines;
}

/** Prints a run, then its log tail (`showLog`), or else how many lines it has. */
export function printRun(out: Output, run: Run, log: RunLog, showLog: boolean): void {
  for (const line of runDetails(out, run)) out.line(line);
  if (showLog) {
    out.line();
    for (const line of logTail(out, log)) out.line(line);
  } else if (log.total > 0) {
    out.line(row('log', `${count(log.total - log.dropped, 'line')} kept: add --log to show them`));
  }
}
