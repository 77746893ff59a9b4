/** Every "now" in the orchestrator comes from a Clock, so tests can drive time. */

export interface TimerHandle {
  cancel(): void;
}

export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Calls `callback` once, `delayMs` from now (0 when negative). */
  setTimer(delayMs: number, callback: () => void): TimerHandle;
}

/** Real time. Timers are unref'd so a pending wake-up never keeps the process alive by itself. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(delayMs, callback) {
    const handle = setTimeout(callback, Math.max(0, delayMs));
    handle.unref();
    return { cancel: () => clearTimeout(handle) };
  },
};

/** `2026-11-25T01-47-03Z`: an instant in a file name (sorts by time; no `:`, which some file systems refuse). */
export function fileTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/:/g, '-');
}
