/**
 * The lines a command agent writes on stdout (docs/agent-protocol.md). A line is a JSON object with
 * exactly one of the keys `progress`, `log`, `result`, `error`; other keys are ignored, so an agent
 * may add its own (a timestamp, a step name).
 */
import { z } from 'zod';

export type AgentLogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';

export type AgentLine =
  /** Fraction in [0, 1]. */
  | { kind: 'progress'; fraction: number; message: string | undefined }
  | { kind: 'log'; message: string; level: AgentLogLevel }
  /** The run's result: any JSON value, null included. */
  | { kind: 'result'; value: unknown }
  /** The agent reports that the run failed. */
  | { kind: 'error'; message: string };

export type ParsedLine = { ok: true; line: AgentLine } | { ok: false; problem: string };

const KEYS = ['progress', 'log', 'result', 'error'] as const;

/** Python's logging names (WARNING, CRITICAL) are accepted too, in any case. */
const LEVELS: Readonly<Record<string, AgentLogLevel>> = {
  trace: 'trace',
  debug: 'debug',
  info: 'info',
  warn: 'warn',
  warning: 'warn',
  error: 'error',
  fatal: 'fatal',
  critical: 'fatal',
};

const fractionError = (issue: { input?: unknown }): string => `"progress" must be a number from 0 to 1, got ${JSON.stringify(issue.input)}`;
const optionalMessage = z.string({ error: '"message" must be a string' }).nullish();

const ProgressLine = z.object({
  progress: z.number({ error: fractionError }).min(0, { error: fractionError }).max(1, { error: fractionError }),
  message: optionalMessage,
});

const LogLine = z.object({
  log: z.string({ error: '"log" must be a string' }),
  level: z
    .string({ error: '"level" must be a string' })
    .refine((level) => level.toLowerCase() in LEVELS, { error: `"level" must be one of ${Object.keys(LEVELS).join(', ')}` })
    .nullish(),
});

export function parseAgentLine(text: string): ParsedLine {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, problem: 'is not JSON' };
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    return { ok: false, problem: `is JSON but not an object with one of the keys ${KEYS.join(', ')}` };
  }
  const object = json as Record<string, unknown>;
  const keys = KEYS.filter((key) => key in object);
  if (keys.length !== 1) {
    const found = keys.length === 0 ? 'none of them' : keys.join(' and ');
    return { ok: false, problem: `must have exactly one of the keys ${KEYS.join(', ')} (it has ${found})` };
  }
  const key = keys[0] as (typeof KEYS)[number];
  switch (key) {
    case 'progress': {
      const parsed = ProgressLine.safeParse(object);
      if (!parsed.success) return invalid(parsed.error);
      return { ok: true, line: { kind: 'progress', fraction: parsed.data.progress, message: parsed.data.message ?? undefined } };
    }
    case 'log': {
      const parsed = LogLine.safeParse(object);
      if (!parsed.success) return invalid(parsed.error);
      const level = LEVELS[(parsed.data.level ?? 'info').toLowerCase()] ?? 'info';
      return { ok: true, line: { kind: 'log', message: parsed.data.log, level } };
    }
    case 'result':
      return { ok: true, line: { kind: 'result', value: object['result'] } };
    case 'error': {
      // A failure must not be lost to a shape rule: a non-string error is reported as its JSON.
      const error = object['error'];
      return { ok: true, line: { kind: 'error', message: typeof error === 'string' ? error : JSON.stringify(error) } };
    }
    default: {
      const exhaustive: never = key;
      return exhaustive;
    }
  }
}

function invalid(error: z.ZodError): ParsedLine {
  return { ok: false, problem: error.issues.map((issue) => issue.message).join('; ') };
}
