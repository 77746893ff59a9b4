/**
 * Structured logs through pino: JSON lines to a file when configured, and to stderr — pretty on a
 * terminal, JSON otherwise (so a supervisor or log shipper gets one object a line).
 */
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import pino, { type Logger, type StreamEntry } from 'pino';
import type PinoPretty from 'pino-pretty';
import type { LogLevel } from '../config/types.js';

export type { Logger } from 'pino';

export interface LoggerOptions {
  level: LogLevel;
  file: string | null;
  /** Pretty console output; default: when stderr is a terminal. */
  pretty?: boolean;
  /** Console output at all; default true. */
  console?: boolean;
}

/** Keys whose values never reach a log line. */
export const REDACT = ['*.token', '*.password', '*.secret', '*.apiKey', '*.authorization', 'headers.authorization', '*.headers.authorization'];

/** pino-pretty and its dependencies take ~30 ms to load: only a terminal needs them. */
function loadPretty(): typeof PinoPretty {
  return createRequire(import.meta.url)('pino-pretty') as typeof PinoPretty;
}

export function createLogger(options: LoggerOptions): Logger {
  const streams: StreamEntry[] = [];
  if (options.console ?? true) {
    const usePretty = options.pretty ?? process.stderr.isTTY === true;
    streams.push({
      level: options.level,
      stream: usePretty ? loadPretty()({ destination: 2, sync: true, colorize: true, translateTime: 'SYS:HH:MM:ss.l' }) : pino.destination({ fd: 2, sync: false }),
    });
  }
  if (options.file) {
    mkdirSync(dirname(options.file), { recursive: true });
    streams.push({ level: options.level, stream: pino.destination({ dest: options.file, mkdir: true, sync: false }) });
  }
  if (streams.length === 0) return pino({ level: 'silent' });
  return pino({ level: options.level, redact: { paths: REDACT, censor: '[redacted]' } }, pino.multistream(streams));
}

/** A logger that writes nothing: for library use without logging and for tests. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
