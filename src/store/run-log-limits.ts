/**
 * The bounds of a run's log, the same for every backend: how many lines a run keeps and how long
 * one line may be. `capRunLogLine` is what a backend applies to each line it appends (and the
 * engine to a line too long to hold in memory), so every store cuts lines the same way.
 */
import { describeError } from '../errors.js';
import type { RunLogLine } from './store.js';

/** Lines kept per run: the newest ones. 500 lines of ~200 bytes are ~100 KB a run at most. */
export const RUN_LOG_MAX_LINES = 500;
/** Bytes (UTF-8) of one line's message plus its fields as JSON. */
export const RUN_LOG_MAX_LINE_BYTES = 8 * 1024;
/** Fields may take at most half of a line, so a line always keeps the start of its message. */
const MAX_FIELDS_BYTES = RUN_LOG_MAX_LINE_BYTES / 2;

export interface CappedRunLogLine {
  line: RunLogLine;
  /** The line's fields as JSON, or null when it has none (what a backend stores). */
  fieldsJson: string | null;
}

/** The longest prefix of `text` that fits in `maxBytes` of UTF-8, never splitting a character. */
function cutUtf8(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return text;
  let end = Math.max(0, maxBytes);
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--;
  return bytes.toString('utf8', 0, end);
}

/**
 * The fields as JSON, or null for none. Fields that cannot be stored whole become a note of what
 * they were (`replaced`): the start of their JSON and its size, or why they are not JSON.
 */
function fieldsJsonOf(fields: RunLogLine['fields']): { json: string | null; replaced: boolean } {
  if (fields === undefined || fields === null || Object.keys(fields).length === 0) return { json: null, replaced: false };
  let json: string;
  try {
    json = JSON.stringify(fields);
  } catch (error) {
    return { json: JSON.stringify({ fieldsError: `the fields could not be stored as JSON: ${describeError(error)}` }), replaced: true };
  }
  const bytes = Buffer.byteLength(json);
  if (bytes <= MAX_FIELDS_BYTES) return { json, replaced: false };
  // Escaping the prefix again may lengthen it (quotes, backslashes): shorten until the note fits.
  for (let prefix = MAX_FIELDS_BYTES - 100; ; prefix = Math.floor(prefix / 2)) {
    const note = JSON.stringify({ fieldsCut: `${cutUtf8(json, prefix)}…`, fieldsBytes: bytes });
    if (Buffer.byteLength(note) <= MAX_FIELDS_BYTES || prefix === 0) return { json: note, replaced: true };
  }
}

/**
 * Cuts a line to RUN_LOG_MAX_LINE_BYTES: fields over half of it are replaced by
 * `{ fieldsCut: "<start of their JSON>…", fieldsBytes: N }`, and a message over what is left ends
 * in `… [cut, N bytes]` (N its whole size). A line that fits is returned as it is; a cut line fits,
 * so cutting twice changes nothing. Empty fields are dropped.
 */
export function capRunLogLine(line: RunLogLine): CappedRunLogLine {
  const { json, replaced } = fieldsJsonOf(line.fields);
  const budget = RUN_LOG_MAX_LINE_BYTES - (json === null ? 0 : Buffer.byteLength(json));
  const messageBytes = Buffer.byteLength(line.message);
  let message = line.message;
  if (messageBytes > budget) {
    const marker = `… [cut, ${messageBytes} bytes]`;
    message = cutUtf8(line.message, budget - Buffer.byteLength(marker)) + marker;
  }
  const capped: RunLogLine = { at: line.at, level: line.level, message };
  if (json !== null) capped.fields = replaced ? (JSON.parse(json) as Record<string, unknown>) : line.fields;
  return { line: capped, fieldsJson: json };
}
