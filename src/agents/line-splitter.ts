/**
 * Splits a byte stream into lines ('\n', with an optional '\r' before it) without buffering
 * unboundedly: at most `maxLineBytes` of a line are kept, the rest is counted and dropped. Lines are
 * decoded as UTF-8 only once complete, so a character split across chunks is never mangled.
 */
export class LineSplitter {
  readonly #maxLineBytes: number;
  readonly #onLine: (line: string, droppedBytes: number) => void;
  #parts: Buffer[] = [];
  #kept = 0;
  #dropped = 0;

  constructor(maxLineBytes: number, onLine: (line: string, droppedBytes: number) => void) {
    this.#maxLineBytes = maxLineBytes;
    this.#onLine = onLine;
  }

  /** Bytes of the line not yet ended, kept and dropped. */
  get pendingBytes(): number {
    return this.#kept + this.#dropped;
  }

  push(chunk: Buffer): void {
    let start = 0;
    while (start < chunk.length) {
      const newline = chunk.indexOf(10, start);
      this.#append(chunk.subarray(start, newline === -1 ? chunk.length : newline));
      if (newline === -1) return;
      this.#emit();
      start = newline + 1;
    }
  }

  /** Emits a last line that had no newline. */
  end(): void {
    if (this.pendingBytes > 0) this.#emit();
  }

  #append(part: Buffer): void {
    const room = this.#maxLineBytes - this.#kept;
    const kept = part.length <= room ? part : part.subarray(0, room);
    if (kept.length > 0) this.#parts.push(kept);
    this.#kept += kept.length;
    this.#dropped += part.length - kept.length;
  }

  #emit(): void {
    let line = Buffer.concat(this.#parts, this.#kept).toString('utf8');
    if (line.endsWith('\r')) line = line.slice(0, -1);
    const dropped = this.#dropped;
    this.#parts = [];
    this.#kept = 0;
    this.#dropped = 0;
    this.#onLine(line, dropped);
  }
}
