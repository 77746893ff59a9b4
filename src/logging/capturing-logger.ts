/**
 * A logger that logs through `parent` as usual and also hands each line, as pino formats it, to a
 * sink: how a run's lines are kept with the run. It is a pino logger of its own (so an agent gets
 * every pino feature: `%s` interpolation, `err` serialisation, children, redaction), writing to
 * the sink, whose `logMethod` hook also calls the same method on `parent`.
 *
 * It keeps `info` and above whatever the parent's level (a library without logging still keeps a
 * run's lines), and `debug`/`trace` too when the parent logs them. Making one costs ~30 µs, so it
 * is made only for a run whose agent logs.
 */
import pino, { type Logger } from 'pino';
import type { RunLogLevel } from '../store/store.js';
import { REDACT } from './logger.js';

/** Receives each line; `length` is that of the whole formatted line (characters), a cheap hint of its size. */
export type LineSink = (level: RunLogLevel, message: string, fields: Record<string, unknown> | undefined, length: number) => void;

/** Keys pino or the parent's bindings add that say nothing about the line (the run is known). */
const NOISE = ['level', 'msg', 'time', 'pid', 'hostname', 'task', 'runId'];
const LEVELS = new Set<string>(['trace', 'debug', 'info', 'warn', 'error', 'fatal']);
const INFO = 30;

function toLine(json: string, sink: LineSink): void {
  const record = JSON.parse(json) as Record<string, unknown>;
  const level = record['level'];
  if (typeof level !== 'string' || !LEVELS.has(level)) return;
  const message = typeof record['msg'] === 'string' ? record['msg'] : '';
  for (const key of NOISE) delete record[key];
  sink(level as RunLogLevel, message, Object.keys(record).length > 0 ? record : undefined, json.length);
}

export function capturingLogger(parent: Logger, sink: LineSink): Logger {
  // A child of the capturing logger logs through a child of the parent with the same bindings.
  const targets = new WeakMap<Logger, Logger>();
  const targetOf = (logger: Logger): Logger => {
    let target = targets.get(logger);
    if (target === undefined) {
      const bindings = logger.bindings();
      target = Object.keys(bindings).length === 0 ? parent : parent.child(bindings);
      targets.set(logger, target);
    }
    return target;
  };
  return pino(
    {
      level: parent.levelVal < INFO ? parent.level : 'info',
      base: null,
      timestamp: false,
      redact: { paths: REDACT, censor: '[redacted]' },
      formatters: { level: (label) => ({ level: label }) },
      hooks: {
        logMethod(args, method, level) {
          const label = this.levels.labels[level];
          const target = targetOf(this);
          if (label !== undefined && target.isLevelEnabled(label)) Reflect.apply(target[label as RunLogLevel], target, args);
          method.apply(this, args);
        },
      },
    },
    { write: (json: string) => toLine(json, sink) },
  );
}
