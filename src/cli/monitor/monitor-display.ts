/**
 * How the monitor puts its model on a terminal. Two displays:
 *
 * - `FullScreenDisplay` (stdout is a terminal): the alternate screen buffer with the cursor
 *   hidden, the whole screen redrawn in place from `renderScreen`, redrawn on resize; q or
 *   Ctrl-C (stdin in raw mode, when it is a terminal) asks to quit. `restore()` puts the terminal
 *   back — cursor shown, main screen, cooked mode — and is safe to call any number of times, so
 *   every way out (the end, q, a signal, an error, process exit) can call it.
 * - `PlainDisplay` (stdout piped or redirected): no escape codes and no redrawing. A snapshot of
 *   the screen once the first status arrives, then one line per event as it happens (a log, not
 *   a movie: a file gets each change once), then a final snapshot when the monitor ends.
 */
import { renderScreen } from './render-screen.js';
import { describeRunEvent, listed, type MonitorEvent, type MonitorModel } from './monitor-model.js';

export interface MonitorDisplay {
  /** The model changed, or time passed (the clock and relative times move). */
  show(model: MonitorModel, now: number): void;
  /** A new event arrived (after it was applied to `model`). */
  event(event: MonitorEvent, now: number): void;
  /** The monitor ends: last output, and the terminal restored. */
  finish(model: MonitorModel, now: number): void;
  /** Puts the terminal back as it was; idempotent. */
  restore(): void;
}

export interface TerminalOut {
  write(text: string): unknown;
  columns?: number;
  rows?: number;
  on(event: 'resize', listener: () => void): unknown;
  off(event: 'resize', listener: () => void): unknown;
}

export interface TerminalIn {
  isTTY?: boolean;
  setRawMode?(mode: boolean): unknown;
  resume(): unknown;
  pause(): unknown;
  on(event: 'data', listener: (data: Buffer | string) => void): unknown;
  off(event: 'data', listener: (data: Buffer | string) => void): unknown;
}

const ESC = '\u001b[';
export const ENTER_ALT_SCREEN = `${ESC}?1049h`;
export const LEAVE_ALT_SCREEN = `${ESC}?1049l`;
const HIDE_CURSOR = `${ESC}?25l`;
const SHOW_CURSOR = `${ESC}?25h`;
const HOME = `${ESC}H`;
const CLEAR_LINE_END = `${ESC}K`;
const CLEAR_BELOW = `${ESC}J`;
/** Keys that quit: q, Q, Ctrl-C (raw mode turns Ctrl-C into this byte instead of SIGINT). */
const QUIT_KEYS = new Set(['q', 'Q', '\u0003']);

/** The local offset from UTC at an instant, in minutes east (what renderScreen's clock wants). */
export function localOffsetMinutes(at: number): number {
  return -new Date(at).getTimezoneOffset();
}

export class FullScreenDisplay implements MonitorDisplay {
  readonly #out: TerminalOut;
  readonly #in: TerminalIn;
  readonly #onQuit: () => void;
  readonly #now: () => number;
  #last: MonitorModel | null = null;
  #active = false;
  readonly #resize = (): void => {
    if (this.#last) this.show(this.#last, this.#now());
  };
  readonly #key = (data: Buffer | string): void => {
    if ([...data.toString()].some((ch) => QUIT_KEYS.has(ch))) this.#onQuit();
  };

  constructor(out: TerminalOut, input: TerminalIn, options: { onQuit: () => void; now: () => number }) {
    this.#out = out;
    this.#in = input;
    this.#onQuit = options.onQuit;
    this.#now = options.now;
  }

  /** Switches to the alternate screen and starts reading keys. */
  enter(): void {
    this.#active = true;
    this.#out.write(`${ENTER_ALT_SCREEN}${HIDE_CURSOR}${HOME}${ESC}2J`);
    this.#out.on('resize', this.#resize);
    if (this.#in.isTTY === true) {
      this.#in.setRawMode?.(true);
      this.#in.on('data', this.#key);
      this.#in.resume();
    }
  }

  show(model: MonitorModel, now: number): void {
    this.#last = model;
    if (!this.#active) return;
    // A pseudo-terminal nobody sized reports 0 columns: draw for the classic 80×24 then.
    const width = this.#out.columns || 80;
    const height = this.#out.rows || 24;
    const lines = renderScreen(model, { width, height, now, utcOffsetMinutes: localOffsetMinutes(now) });
    this.#out.write(`${HOME}${lines.map((l) => `${l}${CLEAR_LINE_END}`).join('\r\n')}${CLEAR_BELOW}`);
  }

  event(): void {
    // The session redraws after events; the screen has nothing to add.
  }

  finish(model: MonitorModel, now: number): void {
    this.show(model, now);
    this.restore();
  }

  restore(): void {
    if (!this.#active) return;
    this.#active = false;
    this.#out.off('resize', this.#resize);
    if (this.#in.isTTY === true) {
      this.#in.off('data', this.#key);
      this.#in.setRawMode?.(false);
      this.#in.pause();
    }
    this.#out.write(`${SHOW_CURSOR}${LEAVE_ALT_SCREEN}`);
  }
}

/** Width of the plain snapshots: $COLUMNS when set, else 100. */
const PLAIN_WIDTH = 100;

export class PlainDisplay implements MonitorDisplay {
  readonly #out: { write(text: string): unknown };
  readonly #width: number;
  readonly #since: number;
  #shownFirst = false;

  /** Events from before `since` (the history an attached stream replays) are not printed as lines. */
  constructor(out: { write(text: string): unknown }, options: { width?: number; since: number }) {
    this.#out = out;
    this.#width = options.width ?? PLAIN_WIDTH;
    this.#since = options.since;
  }

  show(model: MonitorModel, now: number): void {
    if (this.#shownFirst || model.status === null) return;
    this.#shownFirst = true;
    this.#snapshot(model, now);
  }

  event(event: MonitorEvent, now: number): void {
    if (!this.#shownFirst) return;
    const line = plainEventLine(event);
    if (line === null || line.at < this.#since) return;
    const offset = localOffsetMinutes(now);
    const stamp = new Date(line.at + offset * 60_000).toISOString().slice(11, 19);
    this.#out.write(`${stamp} ${line.text}\n`);
  }

  finish(model: MonitorModel, now: number): void {
    this.#out.write('\n');
    this.#snapshot(model, now);
  }

  restore(): void {
    // Nothing was changed on the terminal.
  }

  #snapshot(model: MonitorModel, now: number): void {
    // As tall as it needs: every task, alert and event line; the footer's keys mean nothing here.
    const height = 12 + (model.status?.tasks.length ?? 0) + Math.min(model.alerts.length, 5) + model.events.length;
    const lines = renderScreen(model, { width: this.#width, height, now, utcOffsetMinutes: localOffsetMinutes(now) }).slice(0, -1);
    while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
    this.#out.write(`${lines.join('\n')}\n`);
  }
}

/** The line an event prints as; null for progress ticks (a log gets the start and the end). */
function plainEventLine(event: MonitorEvent): { at: number; text: string } | null {
  switch (event.kind) {
    case 'run':
      return !listed(event.name, event.run) ? null : { at: event.at, text: describeRunEvent(event.name, event.run) };
    case 'alert':
      return { at: event.alert.at, text: `alert ${event.alert.severity} ${event.alert.task ? `${event.alert.task}: ` : ''}${event.alert.message}` };
    case 'notice':
      return { at: event.at, text: event.text };
    default: {
      const unknown: never = event;
      throw new Error(`unknown monitor event ${JSON.stringify(unknown)}`);
    }
  }
}
