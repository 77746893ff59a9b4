/**
 * The monitor's source for an orchestrator running elsewhere: `GET /orchestrator/status` and the
 * running runs over HTTP, and `GET /orchestrator/events` (server-sent events, read with fetch
 * streaming so a token can go in the Authorization header). The first connection asks for every
 * event the server still holds (`Last-Event-ID: 0`), so recent runs show at once (and each snapshot
 * reads the latest alerts recorded, older than the server's buffer included); a
 * dropped stream is reopened after RECONNECT_MS with the last id seen, missing nothing still held.
 * Every body is parsed with zod: the monitor trusts no server it did not start.
 */
import { z } from 'zod';
import { EvolveError } from '../../errors.js';
import { RUN_STATUSES, type RunStatus } from '../../model/run.js';
import { RECORDED_ALERTS, RUN_EVENT_NAMES, type MonitorEvent, type MonitorRun, type MonitorSnapshot } from './monitor-model.js';
import { monitorStatus, type MonitorSource } from './monitor-source.js';

const RECONNECT_MS = 1_000;
/** How long the first request may take before the address counts as having no orchestrator. */
const PROBE_TIMEOUT_MS = 1_500;
const REQUEST_TIMEOUT_MS = 5_000;

const runStatus = z.enum(RUN_STATUSES as [RunStatus, ...RunStatus[]]);
const instant = z.string().nullable();

const StatusBody = z.object({
  orchestratorRunning: z.boolean(),
  instance: z.object({ pid: z.number(), host: z.string() }).nullable(),
  performanceMetrics: z.object({ overallHealth: z.number() }),
  tasks: z.array(
    z.object({
      name: z.string(),
      enabled: z.boolean(),
      flagged: z.boolean(),
      running: z.number(),
      queued: z.number(),
      waiting: z.number(),
      nextRunAt: instant,
      successRate: z.number().nullable(),
      health: z.number(),
      lastRun: z.object({ status: runStatus }).nullable(),
    }),
  ),
});

const RunBody = z.object({
  id: z.string(),
  task: z.string(),
  status: runStatus,
  progress: z.number().nullable(),
  progressMessage: z.string().nullable(),
  createdAt: z.string(),
  startedAt: instant,
  finishedAt: instant,
  durationMs: z.number().nullable(),
  error: z.string().nullable(),
  reason: z.string().nullable(),
});
type RunBody = z.output<typeof RunBody>;

const RunEvent = z.object({ run: RunBody });
const AlertBody = z.object({ at: z.string(), severity: z.string(), task: z.string().nullable(), message: z.string() });
const AlertEvent = z.object({ alert: AlertBody });
const TaskEvent = z.object({ task: z.string(), reason: z.string().optional() });

const parseInstant = (iso: string | null): number | null => (iso === null ? null : Date.parse(iso));

function monitorRun(run: RunBody): MonitorRun {
  const { id, task, status, progress, progressMessage, durationMs, error, reason } = run;
  return { id, task, status, progress, progressMessage, startedAt: parseInstant(run.startedAt), durationMs, error, reason };
}

/** One server-sent event. */
export interface SseFrame {
  id: string | null;
  event: string;
  data: string;
}

/** Parses one frame (the text between blank lines); null for comments and heartbeats. */
export function parseSseFrame(text: string): SseFrame | null {
  let id: string | null = null;
  let event = 'message';
  const data: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'id') id = value;
    else if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  }
  return data.length === 0 ? null : { id, event, data: data.join('\n') };
}

/** A server-sent event as a monitor event; null for those the monitor does not show. */
export function monitorEvent(frame: SseFrame): MonitorEvent | null {
  const data: unknown = JSON.parse(frame.data);
  if (frame.event.startsWith('run:')) {
    const name = RUN_EVENT_NAMES.find((n) => n === frame.event);
    if (name === undefined) return null;
    const { run } = RunEvent.parse(data);
    const at = parseInstant(run.finishedAt) ?? parseInstant(run.startedAt) ?? Date.parse(run.createdAt);
    return { kind: 'run', name, at, run: monitorRun(run) };
  }
  switch (frame.event) {
    case 'alert:fired': {
      const { alert } = AlertEvent.parse(data);
      return { kind: 'alert', alert: { ...alert, at: Date.parse(alert.at) } };
    }
    case 'task:disabled':
    case 'task:enabled':
    case 'task:flagged': {
      const task = TaskEvent.parse(data);
      return { kind: 'notice', at: Date.now(), text: `${task.task} ${frame.event.slice('task:'.length)}${task.reason ? `: ${task.reason}` : ''}` };
    }
    case 'orchestrator:started':
    case 'orchestrator:stopped':
      return { kind: 'notice', at: Date.now(), text: `orchestrator ${frame.event.slice('orchestrator:'.length)}` };
    default:
      return null;
  }
}

export class ApiMonitorSource implements MonitorSource {
  readonly mode = 'attached' as const;
  readonly label: string;
  readonly #headers: Record<string, string>;
  readonly #abort = new AbortController();

  constructor(url: string, token: string | null) {
    this.label = url.replace(/\/+$/, '');
    this.#headers = token === null ? {} : { authorization: `Bearer ${token}` };
  }

  /**
   * Whether an orchestrator's API answers at the URL: false when nothing listens (or not in
   * time); throws when one answers but refuses the token, or answers something else.
   */
  async answers(): Promise<boolean> {
    let response: Response;
    try {
      response = await fetch(`${this.label}/orchestrator/status`, { headers: this.#headers, signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
    } catch {
      return false;
    }
    await this.#check(response);
    StatusBody.parse(await response.json());
    return true;
  }

  async snapshot(): Promise<MonitorSnapshot> {
    const [status, runs, alerts] = await Promise.all([
      this.#get('/orchestrator/status'),
      this.#get('/orchestrator/runs?status=running&limit=100'),
      this.#get(`/orchestrator/alerts?limit=${RECORDED_ALERTS}`),
    ]);
    return {
      status: monitorStatus(StatusBody.parse(status)),
      active: z.object({ runs: z.array(RunBody) }).parse(runs).runs.map(monitorRun),
      alerts: z.object({ alerts: z.array(AlertBody) }).parse(alerts).alerts.map((a) => ({ ...a, at: Date.parse(a.at) })),
    };
  }

  subscribe(onEvent: (event: MonitorEvent) => void, onProblem: (problem: string | null) => void): void {
    void this.#follow(onEvent, onProblem);
  }

  close(): Promise<void> {
    this.#abort.abort();
    return Promise.resolve();
  }

  async #get(path: string): Promise<unknown> {
    const response = await fetch(`${this.label}${path}`, { headers: this.#headers, signal: AbortSignal.any([this.#abort.signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]) });
    await this.#check(response);
    return response.json();
  }

  async #check(response: Response): Promise<void> {
    if (response.ok) return;
    const body = await response.text().catch(() => '');
    if (response.status === 401) {
      throw new EvolveError('EVOLVE_API_UNAUTHORIZED', `the API at ${this.label} needs a token: pass --token <token> or set EVOLVE_API_TOKENS=viewer:<token>`);
    }
    if (response.status === 403) throw new EvolveError('EVOLVE_API_FORBIDDEN', `the API at ${this.label} refused the token: ${body}`);
    throw new Error(`GET ${response.url} answered ${response.status}: ${body.slice(0, 200)}`);
  }

  /** Reads the event stream, reopening it after a drop, until close(). */
  async #follow(onEvent: (event: MonitorEvent) => void, onProblem: (problem: string | null) => void): Promise<void> {
    let lastId = '0';
    while (!this.#abort.signal.aborted) {
      try {
        const response = await fetch(`${this.label}/orchestrator/events`, { headers: { ...this.#headers, accept: 'text/event-stream', 'last-event-id': lastId }, signal: this.#abort.signal });
        await this.#check(response);
        onProblem(null);
        for await (const frame of frames(response)) {
          if (frame.id !== null) lastId = frame.id;
          const event = monitorEvent(frame);
          if (event) onEvent(event);
        }
        if (!this.#abort.signal.aborted) onProblem('the event stream ended (the orchestrator stopped?); reconnecting');
      } catch (error) {
        if (this.#abort.signal.aborted) return;
        onProblem(`event stream: ${error instanceof Error ? error.message : String(error)}; reconnecting`);
      }
      await new Promise((resolve) => setTimeout(resolve, RECONNECT_MS).unref());
    }
  }
}

async function* frames(response: Response): AsyncGenerator<SseFrame> {
  if (!response.body) return;
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of response.body) {
    buffer += decoder.decode(chunk as Uint8Array, { stream: true }).replace(/\r\n/g, '\n');
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const frame = parseSseFrame(buffer.slice(0, end));
      buffer = buffer.slice(end + 2);
      if (frame) yield frame;
    }
  }
}
