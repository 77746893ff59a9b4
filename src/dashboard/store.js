// The dashboard's live state: the system status, the latest runs (by id), recent alerts and the
// stream's connection. Events update it in place; anything the server computes (success rates,
// next fires) is reloaded from GET /orchestrator/status, at most every 250 ms while events flow.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, get } from './api.js';
import { openEventStream } from './event-stream.js';

const MAX_RUNS = 500;
const MAX_ALERTS = 50;
const REFRESH_DEBOUNCE_MS = 250;

const state = {
  status: null,
  statusError: null,
  /** Run summaries by id, as the events and GET /orchestrator/runs gave them. */
  runs: new Map(),
  alerts: [],
  stream: { connected: false, error: null },
  /** Increases on every run event: views with their own fetches reload on it. */
  runVersion: 0,
  needsToken: false,
};

const listeners = new Set();
let emitScheduled = false;

function emit() {
  if (emitScheduled) return;
  emitScheduled = true;
  queueMicrotask(() => {
    emitScheduled = false;
    for (const listener of listeners) listener();
  });
}

export function getState() {
  return state;
}

/** Re-renders the calling component whenever the state changes. */
export function useStore() {
  const [, setTick] = useState(0);
  useEffect(() => {
    const listener = () => setTick((n) => n + 1);
    listeners.add(listener);
    return () => listeners.delete(listener);
  }, []);
  return state;
}

function noteError(error) {
  state.statusError = error instanceof Error ? error.message : String(error);
  state.needsToken = error instanceof ApiError && error.status === 401;
}

export async function refreshStatus() {
  try {
    state.status = await get('/orchestrator/status');
    state.statusError = null;
    state.needsToken = false;
  } catch (error) {
    noteError(error);
  }
  emit();
}

let refreshTimer = null;
function refreshSoon() {
  if (refreshTimer !== null) return;
  refreshTimer = setTimeout(() => {
    refreshTimer = null;
    void refreshStatus();
  }, REFRESH_DEBOUNCE_MS);
}

function upsertRun(run) {
  state.runs.set(run.id, run);
  if (state.runs.size > MAX_RUNS) {
    const oldest = [...state.runs.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt)).slice(0, state.runs.size - MAX_RUNS);
    for (const r of oldest) state.runs.delete(r.id);
  }
  state.runVersion += 1;
}

/** Patches the running task's row at once (progress), before the status reload catches up. */
function patchTaskFromRun(run) {
  const task = state.status?.tasks.find((t) => t.name === run.task);
  if (!task) return;
  if (run.status === 'running') task.running = Math.max(task.running, 1);
}

function onEvent({ event, data }) {
  if (event.startsWith('run:') && data?.run) {
    upsertRun(data.run);
    patchTaskFromRun(data.run);
    refreshSoon();
  } else if (event === 'alert:fired' && data?.alert) {
    state.alerts = [data.alert, ...state.alerts].slice(0, MAX_ALERTS);
  } else if (event === 'health:checked' && state.status && typeof data?.overall === 'number') {
    state.status.performanceMetrics.overallHealth = data.overall;
  } else if (event.startsWith('task:') || event.startsWith('orchestrator:') || event === 'events:missed') {
    refreshSoon();
  }
  emit();
}

export async function loadRecentRuns() {
  try {
    const { runs } = await get('/orchestrator/runs?limit=200');
    for (const run of runs.reverse()) upsertRun(run);
    emit();
  } catch (error) {
    noteError(error);
    emit();
  }
}

let stream = null;

/** Loads the status and recent runs, then follows the event stream (replaying what the server holds). */
export function connect() {
  stream?.close();
  void refreshStatus();
  void loadRecentRuns();
  stream = openEventStream({
    fromId: '0',
    onEvent,
    onState: (s) => {
      state.stream = { connected: s.connected, error: s.error };
      if (s.status === 401) state.needsToken = true;
      emit();
    },
  });
}

/** The runs of one task (or all), newest first. */
export function runsOf(task) {
  const runs = [...state.runs.values()].filter((r) => task === undefined || r.task === task);
  return runs.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
}
