/**
 * One monitoring session: reads a snapshot at once and then every REFRESH_MS, applies the
 * source's events as they come, and redraws after each change (at most every DRAW_MS, so a burst
 * of events — the history an attached stream replays — costs one draw). A run starting or
 * finishing also asks for a fresh snapshot, so the table's counts follow the events.
 *
 * It ends when `quit` aborts (q, Ctrl-C, a signal, the duration); the display is always finished
 * or restored, and the source closed, whatever happens.
 */
import { emptyModel, withEvent, withProblem, withSnapshot, type MonitorEvent, type MonitorModel } from './monitor-model.js';
import type { MonitorDisplay } from './monitor-display.js';
import type { MonitorSource } from './monitor-source.js';

export const REFRESH_MS = 1_000;
const DRAW_MS = 50;

export interface SessionOptions {
  source: MonitorSource;
  display: MonitorDisplay;
  /** Epoch ms when it ends by itself; null: only when `quit` aborts. */
  endsAt: number | null;
  quit: AbortSignal;
  now: () => number;
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export async function runMonitorSession(options: SessionOptions): Promise<void> {
  const { source, display, now, quit } = options;
  let model: MonitorModel = emptyModel(source.mode, source.label, options.endsAt);
  let statusProblem: string | null = null;
  let streamProblem: string | null = null;
  let drawTimer: NodeJS.Timeout | null = null;
  const draw = (): void => {
    drawTimer = null;
    model = withProblem(model, statusProblem ?? streamProblem);
    display.show(model, now());
  };
  const drawSoon = (): void => {
    drawTimer ??= setTimeout(draw, DRAW_MS);
  };

  let refreshing: Promise<void> | null = null;
  let again = false;
  const refresh = (): Promise<void> => {
    if (refreshing) {
      again = true;
      return refreshing;
    }
    refreshing = (async () => {
      do {
        again = false;
        try {
          model = withSnapshot(model, await source.snapshot());
          statusProblem = null;
        } catch (error) {
          if (quit.aborted) return;
          statusProblem = `status: ${message(error)}; retrying`;
        }
      } while (again && !quit.aborted);
    })().finally(() => {
      refreshing = null;
      drawSoon();
    });
    return refreshing;
  };

  const onEvent = (event: MonitorEvent): void => {
    model = withEvent(model, event);
    display.event(event, now());
    if (event.kind === 'run' && (event.name === 'run:started' || event.name === 'run:finished')) void refresh();
    drawSoon();
  };

  let ending: NodeJS.Timeout | null = null;
  const ended = new Promise<void>((resolve) => {
    if (options.endsAt !== null) ending = setTimeout(resolve, Math.max(0, options.endsAt - now()));
    if (quit.aborted) resolve();
    quit.addEventListener('abort', () => resolve(), { once: true });
  });
  const tick = setInterval(() => void refresh(), REFRESH_MS);
  try {
    await refresh();
    draw();
    source.subscribe(onEvent, (problem) => {
      streamProblem = problem;
      drawSoon();
    });
    await ended;
  } finally {
    clearInterval(tick);
    if (ending) clearTimeout(ending);
    if (drawTimer) clearTimeout(drawTimer);
    try {
      display.finish(withProblem(model, null), now());
    } finally {
      display.restore();
      await source.close();
    }
  }
}
