/**
 * The pieces of the monitor's sources that need no server: reading server-sent event frames into
 * monitor events, the token and URL it uses, and a session driven by a fake source and display.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { apiUrl, monitorToken } from '../../src/cli/commands/monitor.js';
import { monitorEvent, parseSseFrame } from '../../src/cli/monitor/api-source.js';
import type { MonitorDisplay } from '../../src/cli/monitor/monitor-display.js';
import type { MonitorEvent, MonitorModel, MonitorSnapshot } from '../../src/cli/monitor/monitor-model.js';
import { runMonitorSession } from '../../src/cli/monitor/monitor-session.js';
import type { MonitorSource } from '../../src/cli/monitor/monitor-source.js';

const RUN = {
  id: 'r_1',
  task: 'data_sync',
  status: 'running',
  progress: 0.25,
  progressMessage: 'AAPL',
  createdAt: '2025-01-02T15:00:00.000Z',
  startedAt: '2025-01-02T15:00:01.000Z',
  finishedAt: null,
  durationMs: null,
  error: null,
  reason: null,
  trigger: 'schedule',
};

describe('the event stream as the monitor reads it', () => {
  it('parses a frame with id, event and data, and skips comments', () => {
    assert.deepEqual(parseSseFrame('id: 7\nevent: run:progress\ndata: {"a":1}'), { id: '7', event: 'run:progress', data: '{"a":1}' });
    assert.equal(parseSseFrame(': heartbeat 2025-01-02T15:00:00Z'), null);
    assert.equal(parseSseFrame('retry: 3000\n: connected, newest event 5'), null);
  });

  it('turns run, alert and task events into monitor events and ignores the rest', () => {
    const progress = monitorEvent({ id: '1', event: 'run:progress', data: JSON.stringify({ run: RUN }) });
    assert.deepEqual(progress, {
      kind: 'run',
      name: 'run:progress',
      at: Date.parse(RUN.startedAt),
      run: { id: 'r_1', task: 'data_sync', status: 'running', progress: 0.25, progressMessage: 'AAPL', startedAt: Date.parse(RUN.startedAt), durationMs: null, error: null, reason: null },
    });
    const alert = monitorEvent({ id: '2', event: 'alert:fired', data: JSON.stringify({ alert: { at: '2025-01-02T15:00:02.000Z', kind: 'task_disabled', severity: 'critical', task: 'data_sync', message: 'disabled', details: {} } }) });
    assert.deepEqual(alert, { kind: 'alert', alert: { at: Date.parse('2025-01-02T15:00:02.000Z'), severity: 'critical', task: 'data_sync', message: 'disabled' } });
    assert.equal(monitorEvent({ id: '3', event: 'health:checked', data: '{"overall":1}' }), null);
    const disabled = monitorEvent({ id: '4', event: 'task:disabled', data: '{"task":"data_sync","reason":"too many failures"}' });
    assert.equal(disabled?.kind === 'notice' ? disabled.text : null, 'data_sync disabled: too many failures');
  });

  it('refuses a run event whose body is not a run', () => {
    assert.throws(() => monitorEvent({ id: '1', event: 'run:started', data: '{"run":{"id":1}}' }));
  });
});

describe('the monitor command helpers', () => {
  it('takes --token, else the first token of EVOLVE_API_TOKENS', () => {
    assert.equal(monitorToken('abc', 'viewer:xyz'), 'abc');
    assert.equal(monitorToken(undefined, 'viewer:xyz,admin:def'), 'xyz');
    assert.equal(monitorToken(undefined, undefined), null);
    assert.equal(monitorToken(undefined, 'garbage'), null);
  });

  it('reaches a wildcard listen address on loopback', () => {
    assert.equal(apiUrl('127.0.0.1', 8700), 'http://127.0.0.1:8700');
    assert.equal(apiUrl('0.0.0.0', 8700), 'http://127.0.0.1:8700');
    assert.equal(apiUrl('::', 8700), 'http://[::1]:8700');
  });
});

class FakeSource implements MonitorSource {
  readonly mode = 'attached' as const;
  readonly label = 'http://fake';
  closed = 0;
  snapshots = 0;
  emit: (event: MonitorEvent) => void = () => undefined;

  snapshot(): Promise<MonitorSnapshot> {
    this.snapshots++;
    return Promise.resolve({ status: { running: true, pid: 1, host: 'h', health: 1, tasks: [] }, active: [], alerts: [] });
  }

  subscribe(onEvent: (event: MonitorEvent) => void): void {
    this.emit = onEvent;
  }

  close(): Promise<void> {
    this.closed++;
    return Promise.resolve();
  }
}

describe('a monitor session', () => {
  it('shows snapshots and events, then finishes the display, restores it and closes the source on quit', async () => {
    const source = new FakeSource();
    const shown: MonitorModel[] = [];
    const calls: string[] = [];
    const display: MonitorDisplay = {
      show: (model) => void shown.push(model),
      event: (event) => void calls.push(`event ${event.kind}`),
      finish: () => void calls.push('finish'),
      restore: () => void calls.push('restore'),
    };
    const quit = new AbortController();
    const session = runMonitorSession({ source, display, endsAt: null, quit: quit.signal, now: () => 0 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    source.emit({ kind: 'notice', at: 0, text: 'orchestrator stopped' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    quit.abort();
    await session;
    assert.ok(shown.some((m) => m.status?.pid === 1));
    assert.ok(shown.some((m) => m.events[0]?.text === 'orchestrator stopped'));
    assert.deepEqual(calls, ['event notice', 'finish', 'restore']);
    assert.equal(source.closed, 1);
  });
});
