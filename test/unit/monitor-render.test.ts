/**
 * The monitor's screen from a hand-made model: exact lines at a fixed width and height, so the
 * layout, the cuts, the progress bar and the health marks are what a user sees.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { emptyModel, withEvent, withSnapshot, type MonitorModel, type MonitorRun, type MonitorTask } from '../../src/cli/monitor/monitor-model.js';
import { fit, healthText, progressBar, renderScreen } from '../../src/cli/monitor/render-screen.js';

const NOW = Date.parse('2025-01-02T15:00:00.000Z');

function task(name: string, fields: Partial<MonitorTask> = {}): MonitorTask {
  return { name, enabled: true, flagged: false, running: 0, queued: 0, waiting: 0, nextRunAt: null, successRate: null, health: 1, lastStatus: null, ...fields };
}

function run(fields: Partial<MonitorRun> & Pick<MonitorRun, 'id' | 'task' | 'status'>): MonitorRun {
  return { progress: null, progressMessage: null, startedAt: null, durationMs: null, error: null, reason: null, ...fields };
}

function model(): MonitorModel {
  let m = emptyModel('attached', 'http://127.0.0.1:8700', NOW + 90_000);
  m = withSnapshot(m, {
    status: {
      running: true,
      pid: 4242,
      host: 'box',
      health: 0.925,
      tasks: [
        task('data_sync', { running: 1, nextRunAt: NOW + 12_000, successRate: 1, health: 0.95, lastStatus: 'succeeded' }),
        task('forecast_a_very_long_task_name_indeed', { enabled: false, health: 0.4, successRate: 0.5, lastStatus: 'failed' }),
        task('status_report'),
      ],
    },
    active: [run({ id: 'r1', task: 'data_sync', status: 'running', progress: 0.5, progressMessage: 'fetching AAPL', startedAt: NOW - 3_000 })],
    alerts: [],
  });
  m = withEvent(m, { kind: 'alert', alert: { at: NOW - 60_000, severity: 'warning', task: 'forecast_a_very_long_task_name_indeed', message: 'disabled after 3 failures' } });
  m = withEvent(m, { kind: 'run', name: 'run:finished', at: NOW - 5_000, run: run({ id: 'r0', task: 'data_sync', status: 'succeeded', durationMs: 1_234 }) });
  m = withEvent(m, { kind: 'run', name: 'run:started', at: NOW - 3_000, run: run({ id: 'r1', task: 'data_sync', status: 'running', startedAt: NOW - 3_000 }) });
  m = withEvent(m, { kind: 'run', name: 'run:progress', at: NOW - 1_000, run: run({ id: 'r1', task: 'data_sync', status: 'running', progress: 0.5, progressMessage: 'fetching AAPL', startedAt: NOW - 3_000 }) });
  return m;
}

describe('renderScreen', () => {
  it('lays out the header, the task table, alerts, events and the footer in 80 columns', () => {
    const lines = renderScreen(model(), { width: 80, height: 18, now: NOW, utcOffsetMinutes: 0 });
    assert.deepEqual(lines, [
      'EVOLVE MONITOR  attached to http://127.0.0.1:8700                       15:00:00',
      'orchestrator running · pid 4242@box · health 93% · 3 tasks: 1 running, 1 disabl…',
      '',
      'TASK             STATE     PROGRESS         NEXT      SUCCESS  HEALTH  LAST',
      'data_sync        running   [####----]  50%  in 12s    100%     95%     succeeded',
      'forecast_a_ver…  disabled                   -         50%      40% !   failed',
      'status_report    idle                       -         -        100%    -',
      '',
      'RECENT ALERTS',
      '14:59:00 warning  forecast_a_very_long_task_name_indeed: disabled after 3 failu…',
      '',
      'RECENT RUN EVENTS',
      '14:59:57 data_sync started',
      '14:59:55 data_sync succeeded in 1.2s',
      '',
      '',
      '',
      'q or Ctrl-C: quit · ends in 1m',
    ]);
  });

  it('gives a wider terminal to the names and the progress message, in local time', () => {
    const lines = renderScreen(model(), { width: 120, height: 8, now: NOW, utcOffsetMinutes: 60 });
    assert.equal(lines[0], `EVOLVE MONITOR  attached to http://127.0.0.1:8700${' '.repeat(63)}16:00:00`);
    assert.equal(lines[3], 'TASK                      STATE     PROGRESS                                        NEXT      SUCCESS  HEALTH  LAST');
    assert.equal(lines[4], 'data_sync                 running   [####----]  50% fetching AAPL                   in 12s    100%     95%     succeeded');
    assert.equal(lines[5], 'forecast_a_very_long_ta…  disabled                                                  -         50%      40% !   failed');
  });

  it('gives the task table two thirds of a short screen and says how many tasks it hides', () => {
    const many = model();
    const tasks = Array.from({ length: 10 }, (_, i) => task(`task_${i}`));
    const lines = renderScreen({ ...many, status: { ...many.status!, tasks } }, { width: 60, height: 12, now: NOW, utcOffsetMinutes: 0 });
    assert.equal(lines.length, 12);
    assert.deepEqual(lines.slice(3), [
      'TASK    STATE     PROGRESS         NEXT      SUCCESS  HEALT…',
      'task_0  idle                       -         -        100% …',
      'task_1  idle                       -         -        100% …',
      'task_2  idle                       -         -        100% …',
      'task_3  idle                       -         -        100% …',
      '… 6 more tasks',
      '',
      '',
      'q or Ctrl-C: quit · ends in 1m',
    ]);
    for (const line of lines) assert.ok(Array.from(line).length <= 60, line);
  });

  it('says it waits for the first status and shows the in-process mode', () => {
    const lines = renderScreen(emptyModel('in-process', 'API http://127.0.0.1:8700', null), { width: 80, height: 8, now: NOW, utcOffsetMinutes: 0 });
    assert.deepEqual(lines, [
      'EVOLVE MONITOR  in-process orchestrator (API http://127.0.0.1:8700)     15:00:00',
      'waiting for the first status…',
      '',
      'TASK  STATE     PROGRESS                    NEXT      SUCCESS  HEALTH  LAST',
      '(waiting for the first status)',
      '',
      '',
      'q or Ctrl-C: quit (stops the orchestrator)',
    ]);
  });

  it('shows a problem on the third line', () => {
    const lines = renderScreen({ ...model(), problem: 'event stream: fetch failed; reconnecting' }, { width: 80, height: 10, now: NOW, utcOffsetMinutes: 0 });
    assert.equal(lines[2], '! event stream: fetch failed; reconnecting');
  });
});

describe('the screen parts', () => {
  it('draws a progress bar of 8 cells with the percentage rounded down', () => {
    assert.equal(progressBar(0), '[--------]   0%');
    assert.equal(progressBar(0.5), '[####----]  50%');
    assert.equal(progressBar(0.999), '[#######-]  99%');
    assert.equal(progressBar(1), '[########] 100%');
    assert.equal(progressBar(7), '[########] 100%');
  });

  it('marks health below 50% with !', () => {
    assert.equal(healthText(0.925), '93%');
    assert.equal(healthText(0.5), '50%');
    assert.equal(healthText(0.49), '49% !');
    assert.equal(healthText(0), '0% !');
  });

  it('cuts text with an ellipsis and keeps it on one line', () => {
    assert.equal(fit('abcdef', 6), 'abcdef');
    assert.equal(fit('abcdefg', 6), 'abcde…');
    assert.equal(fit('two\nlines', 20), 'two lines');
    assert.equal(fit('abc', 0), '');
  });

  it('merges the recorded alerts of each snapshot with alert events, once each, newest first', () => {
    const status = { running: true, pid: 1, host: 'h', health: 1, tasks: [] };
    const older = { at: NOW - 3_600_000, severity: 'critical', task: 'execution', message: 'execution disabled after 5 failures' };
    const live = { at: NOW - 1_000, severity: 'warning', task: null, message: 'health 0.7' };
    let m = emptyModel('in-process', 'x', null);
    m = withEvent(m, { kind: 'alert', alert: live });
    m = withSnapshot(m, { status, active: [], alerts: [live, older] });
    assert.deepEqual(m.alerts, [live, older], 'the recorded copy of the live alert is not listed again');
    const held = m.alerts;
    m = withSnapshot(m, { status, active: [], alerts: [live, older] });
    assert.equal(m.alerts, held, 'a snapshot with nothing new leaves the list as it was');
  });

  it('lists starts, ends and skips but not progress ticks or the created and queued steps', () => {
    let m = emptyModel('attached', 'x', null);
    const r = (status: MonitorRun['status'], fields: Partial<MonitorRun> = {}): MonitorRun => run({ id: 'r9', task: 't', status, ...fields });
    m = withEvent(m, { kind: 'run', name: 'run:created', at: NOW, run: r('queued') });
    m = withEvent(m, { kind: 'run', name: 'run:queued', at: NOW, run: r('queued') });
    m = withEvent(m, { kind: 'run', name: 'run:started', at: NOW, run: r('running') });
    m = withEvent(m, { kind: 'run', name: 'run:progress', at: NOW, run: r('running', { progress: 0.3 }) });
    assert.equal(m.active.get('r9')?.progress, 0.3);
    m = withEvent(m, { kind: 'run', name: 'run:finished', at: NOW, run: r('failed', { error: 'boom', durationMs: 20_000 }) });
    m = withEvent(m, { kind: 'run', name: 'run:created', at: NOW, run: r('skipped', { reason: 'market closed' }) });
    assert.equal(m.active.size, 0);
    assert.deepEqual(m.events.map((e) => e.text), ['t skipped: market closed', 't failed in 20s: boom', 't started']);
  });
});
