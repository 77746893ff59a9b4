/**
 * Where the CLI writes: data on stdout (text or JSON), diagnostics on stderr. Colours only when
 * stdout is a terminal and NO_COLOR is not set.
 */

export interface Writable {
  write(text: string): unknown;
  isTTY?: boolean;
  on?(event: 'error', listener: (error: NodeJS.ErrnoException) => void): unknown;
}

const ANSI = { green: 32, red: 31, yellow: 33, dim: 2, bold: 1 } as const;
type Style = keyof typeof ANSI;

export class Output {
  readonly #stdout: Writable;
  readonly #stderr: Writable;
  readonly color: boolean;

  constructor(stdout: Writable = process.stdout, stderr: Writable = process.stderr, env: NodeJS.ProcessEnv = process.env) {
    this.#stdout = stdout;
    this.#stderr = stderr;
    // `evolve history | head` closes the pipe early: that is the reader's choice, not an error.
    stdout.on?.('error', (error) => {
      if (error.code !== 'EPIPE') throw error;
    });
    this.color = stdout.isTTY === true && !env.NO_COLOR && env.TERM !== 'dumb';
  }

  /** One or more lines of text on stdout. */
  line(text = ''): void {
    this.#stdout.write(`${text}\n`);
  }

  /** A value as indented JSON on stdout (one document per command). */
  json(value: unknown): void {
    this.#stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  /** A diagnostic line on stderr. */
  error(text: string): void {
    this.#stderr.write(`${text}\n`);
  }

  style(style: Style, text: string): string {
    return this.color ? `\u001b[${ANSI[style]}m${text}\u001b[0m` : text;
  }

  /** ✔ or ✖ in front of a check's line. */
  mark(ok: boolean): string {
    return ok ? this.style('green', '✔') : this.style('red', '✖');
  }
}
