/**
 * The HTTP API over real HTTP (fetch to 127.0.0.1, port 0) on an orchestrator with a fake clock
 * and a real SQLite store: every route, as a script or the dashboard would call it. Open mode
 * (loopback, no tokens): the caller is the admin `local`.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AgentContext } from '../../src/agents/agent.js';
import { settle } from '../support/fake-clock.js';
import { deferred } from '../support/harness.js';
import { apiFixture, type ApiFixture } from '../support/api.js';

const YAML = `
tasks:
  data_sync: { agent: echo, manual: true, retry_count: 0, parameters: { symbols: [AAPL] } }
  report: { agent: echo, manual: true, retry_count: 0, description: "Daily report" }
  slow: { agent: slow, manual: true, retry_count: 0 }
  heartbeat: { agent: echo, interval_minutes: 5, run_at_start: false, retry_count: 0 }
`;

function agents(gate = deferred()) {
  return {
    echo: (ctx: AgentContext) => {
      ctx.logger.info({ symbols: ctx.parameters['symbols'] }, 'echoing');
      return { echoed: ctx.parameters };
    },
    slow: (ctx: AgentContext) =>
      new Promise((resolve, reject) => {
        ctx.progress(0.25, 'a quarter');
        void gate.promise.then(() => resolve({ done: true }));
        ctx.signal.addEventListener('abort', () => reject(new Error('aborted')));
      }),
  };
}

async function runToEnd(api: ApiFixture, task: string, body?: unknown): Promise<string> {
  const finished = api.orchestrator.events.next('run:finished', (e) => e.run.task === task);
  const accepted = await api.post(`/orchestrator/tasks/${task}/run`, body === undefined ? {} : { body });
  assert.equal(accepted.status, 202, accepted.text);
  await finished;
  return accepted.body.run.id as string;
}

describe('status and tasks', () => {
  it('answers GET /orchestrator/status with the system status', async () => {
    const api = await apiFixture(YAML, { agents: agents() });
    const res = await api.get('/orchestrator/status');
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.orchestratorRunning, true);
    assert.equal(res.body.totalTasks, 4);
    assert.deepEqual(res.body.tasks.map((t: { name: string }) => t.name), ['data_sync', 'report', 'slow', 'heartbeat']);
    assert.equal(typeof res.body.performanceMetrics.overallHealth, 'number');
  });

  it('lists the tasks and shows one with its configuration as YAML keys', async () => {
    const api = await apiFixture(YAML, { agents: agents() });
    const list = await api.get('/orchestrator/tasks');
    assert.equal(list.status, 200);
    assert.equal(list.body.tasks.length, 4);
    const one = await api.get('/orchestrator/tasks/report');
    assert.equal(one.status, 200, one.text);
    assert.equal(one.body.status.description, 'Daily report');
    assert.equal(one.body.config.manual, true);
    assert.equal(one.body.config.retry_count, 0);
    assert.equal(one.body.config.priority, 'medium');
  });

  it('answers 404 for an unknown task, naming the closest one', async () => {
    const api = await apiFixture(YAML, { agents: agents() });
    const res = await api.get('/orchestrator/tasks/reprt');
    assert.equal(res.status, 404);
    assert.equal(res.body.error.code, 'EVOLVE_TASK_NOT_FOUND');
    assert.match(res.body.error.message, /Did you mean 'report'\?/);
    const far = await api.get('/orchestrator/tasks/zebra_unicorn');
    assert.equal(far.body.error.message, "no task named 'zebra_unicorn'. Tasks: data_sync, report, slow, heartbeat.", 'no far-fetched guess, the list instead');
  });

  it('explains why a task is not running and previews the schedule', async () => {
    const api = await apiFixture(YAML, { agents: agents() });
    const why = await api.get('/orchestrator/tasks/heartbeat/why');
    assert.equal(why.status, 200, why.text);
    assert.equal(why.body.task, 'heartbeat');
    assert.ok(why.body.reasons.length > 0);
    const preview = await api.get('/orchestrator/schedule/preview?from=2026-01-05T15:00:00Z&days=0.125&task=heartbeat');
    assert.equal(preview.status, 200, preview.text);
    assert.equal(preview.body.from, '2026-01-05T15:00:00.000Z');
    assert.equal(preview.body.entries.length, 36, '3 hours of a 5-minute schedule');
    const bad = await api.get('/orchestrator/schedule/preview?days=400');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.issues[0].path, 'days');
  });
});

describe('changing a task', () => {
  it('PATCHes the configuration like the YAML and audits it with the caller', async () => {
    const api = await apiFixture(YAML, { agents: agents() });
    const res = await api.request('PATCH', '/orchestrator/tasks/report', { body: { retry_count: 5, priority: 'HIGH' } });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.config.retry_count, 5);
    assert.equal(res.body.status.priority, 'high');
    assert.deepEqual(res.body.status.overrides, { retry_count: 5, priority: 'HIGH' });
    const audit = await api.orchestrator.store.listAudit({ task: 'report' as never, limit: 5 });
    assert.equal(audit[0]?.action, 'task.update');
    assert.equal(audit[0]?.actor, 'api:local (admin)');
  });

  it('refuses an invalid PATCH with 400 and one issue per key, with the fix, changing nothing', async () => {
    const api = await apiFixture(YAML, { agents: agents() });
    const res = await api.request('PATCH', '/orchestrator/tasks/report', { body: { retry_count: -1, retyr_delay_minutes: 2 } });
    assert.equal(res.status, 400, res.text);
    assert.equal(res.body.error.code, 'EVOLVE_CONFIG_INVALID');
    const byPath = new Map(res.body.issues.map((i: { path: string }) => [i.path, i]));
    assert.match((byPath.get('retry_count') as { message: string }).message, /whole number ≥ 0, got -1/);
    assert.match((byPath.get('retyr_delay_minutes') as { fix: string }).fix, /retry_delay_minutes/);
    assert.equal((await api.get('/orchestrator/tasks/report')).body.config.retry_count, 0);
  });

  it('refuses an empty PATCH and a body that is not an object', async () => {
    const api = await apiFixture(YAML, { agents: agents() });
    const empty = await api.request('PATCH', '/orchestrator/tasks/report', { body: {} });
    assert.equal(empty.status, 400);
    assert.match(empty.body.error.message, /at least one key/);
    const list = await api.request('PATCH', '/orchestrator/tasks/report', { body: [1] });
    assert.equal(list.status, 400);
    assert.equal(list.body.issues[0].in, 'body');
    const broken = await api.request('PATCH', '/orchestrator/tasks/report', { body: '{"retry_count":' });
    assert.equal(broken.status, 400);
    assert.equal(broken.body.error.code, 'EVOLVE_API_INVALID_REQUEST');
  });

  it('disables with a reason, enables and resets errors', async () => {
    const api = await apiFixture(YAML, { agents: agents() });
    const disabled = await api.post('/orchestrator/tasks/heartbeat/disable', { body: { reason: 'feed maintenance' } });
    assert.equal(disabled.status, 200, disabled.text);
    assert.equal(disabled.body.task.enabled, false);
    assert.match(disabled.body.task.disabledReason, /api:local \(admin\): feed maintenance/);
    const enabled = await api.post('/orchestrator/tasks/heartbeat/enable');
    assert.equal(enabled.status, 200, enabled.text);
    assert.equal(enabled.body.task.enabled, true);
    const reset = await api.post('/orchestrator/tasks/heartbeat/reset-errors');
    assert.equal(reset.status, 200);
    assert.equal(reset.body.task.errorCount, 0);
    const actions = (await api.orchestrator.store.listAudit({ task: 'heartbeat' as never, limit: 10 })).map((a) => a.action);
    assert.deepEqual(actions.sort(), ['task.disable', 'task.enable', 'task.reset-errors']);
  });

  it('answers 409 to an action while the orchestrator is not running', async () => {
    const api = await apiFixture(YAML, { agents: agents(), start: false });
    const res = await api.post('/orchestrator/tasks/report/disable');
    assert.equal(res.status, 409);
    assert.equal(res.body.error.code, 'EVOLVE_LIFECYCLE');
  });
});

describe('runs', () => {
  it('runs a task now with 202 and a Location, then shows the run with its result and log', async () => {
    const api = await apiFixture(YAML, { agents: agents() });
    const finished = api.orchestrator.events.next('run:finished');
    const accepted = await api.post('/orchestrator/tasks/data_sync/run', { body: { parameters: { symbols: ['MSFT'] } } });
    assert.equal(accepted.status, 202, accepted.text);
    assert.equal(accepted.headers.get('location'), `/orchestrator/runs/${accepted.body.run.id}`);
    assert.equal(accepted.body.run.trigger, 'manual');
    await finished;
    const run = await api.get(accepted.body.location);
    assert.equal(run.status, 200, run.text);
    assert.equal(run.body.run.status, 'succeeded');
    assert.deepEqual(run.body.run.result, { echoed: { symbols: ['MSFT'] } });
    assert.match(run.body.run.finishedAt, /^\d{4}-\d{2}-\d{2}T/);
    assert.ok(Array.isArray(run.body.run.log.lines), run.text);
    assert.equal(run.body.run.log.lines[0]?.message, 'echoing');
    const noLog = await api.get(`${accepted.body.location}?log=0`);
    assert.equal(noLog.body.run.log, undefined);
  });

  it('pages the history newest first with a cursor, filtered by task and status', async () => {
    const api = await apiFixture(YAML, { agents: agents() });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push(await runToEnd(api, 'report'));
      await api.clock.advance(1);
    }
    await runToEnd(api, 'data_sync');
    const first = await api.get('/orchestrator/runs?task=report&limit=2');
    assert.equal(first.status, 200, first.text);
    assert.deepEqual(first.body.runs.map((r: { id: string }) => r.id), [ids[4], ids[3]]);
    const second = await api.get(`/orchestrator/runs?task=report&limit=2&before=${first.body.nextBefore}`);
    assert.deepEqual(second.body.runs.map((r: { id: string }) => r.id), [ids[2], ids[1]]);
    const third = await api.get(`/orchestrator/runs?task=report&limit=2&before=${second.body.nextBefore}`);
    assert.deepEqual(third.body.runs.map((r: { id: string }) => r.id), [ids[0]]);
    assert.equal(third.body.nextBefore, null);
    assert.equal(third.body.runs[0].result, undefined, 'the list leaves results out');
    const succeeded = await api.get('/orchestrator/runs?status=succeeded,failed');
    assert.equal(succeeded.body.runs.length, 6);
    const none = await api.get('/orchestrator/runs?status=failed');
    assert.deepEqual(none.body.runs, []);
  });

  it('names the bad query field, and answers 404 for an unknown task filter', async () => {
    const api = await apiFixture(YAML, { agents: agents() });
    const status = await api.get('/orchestrator/runs?status=finished');
    assert.equal(status.status, 400);
    assert.equal(status.body.issues[0].in, 'query');
    assert.equal(status.body.issues[0].path, 'status');
    assert.match(status.body.issues[0].message, /unknown status 'finished'/);
    const limit = await api.get('/orchestrator/runs?limit=5000');
    assert.equal(limit.status, 400);
    assert.equal(limit.body.issues[0].path, 'limit');
    const task = await api.get('/orchestrator/runs?task=reprot');
    assert.equal(task.status, 404);
    assert.match(task.body.error.message, /Did you mean 'report'/);
  });

  it('answers 400 for a malformed run id and 404 for an unknown one', async () => {
    const api = await apiFixture(YAML, { agents: agents() });
    const bad = await api.get('/orchestrator/runs/not-a-run');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.issues[0].in, 'params');
    assert.equal(bad.body.issues[0].path, 'id');
    const unknown = await api.get('/orchestrator/runs/r_000000000000deadbeef');
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.error.code, 'EVOLVE_RUN_NOT_FOUND');
  });

  it('cancels a running run, and answers 409 for a finished one', async () => {
    const api = await apiFixture(YAML, { agents: agents() });
    const started = api.orchestrator.events.next('run:progress', (e) => e.run.task === 'slow');
    const accepted = await api.post('/orchestrator/tasks/slow/run');
    await started;
    const progress = await api.get(`/orchestrator/runs/${accepted.body.run.id}`);
    assert.equal(progress.body.run.status, 'running');
    assert.equal(progress.body.run.progress, 0.25);
    assert.equal(progress.body.run.progressMessage, 'a quarter');
    const cancelled = await api.post(`/orchestrator/runs/${accepted.body.run.id}/cancel`, { body: { reason: 'wrong symbol' } });
    assert.equal(cancelled.status, 200, cancelled.text);
    assert.equal(cancelled.body.run.status, 'cancelled');
    assert.match(cancelled.body.run.reason ?? cancelled.body.run.error, /cancelled by api:local: wrong symbol/);
    const again = await api.post(`/orchestrator/runs/${accepted.body.run.id}/cancel`);
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, 'EVOLVE_RUN_FINISHED');
  });
});

describe('audit trail and alerts', () => {
  it('records who ran, cancelled, disabled and enabled what, and pages the audit trail newest first', async () => {
    const api = await apiFixture(YAML, { agents: agents() });
    const runId = await runToEnd(api, 'data_sync', { parameters: { symbols: ['MSFT'] } });
    await api.post('/orchestrator/tasks/report/disable', { body: { reason: 'holiday' } });
    await api.clock.advance(60_000);
    await api.post('/orchestrator/tasks/report/enable');
    const command = await api.post('/orchestrator/execute', { body: { command: 'sync AAPL' } });

    const all = await api.get('/orchestrator/audit');
    assert.equal(all.status, 200, all.text);
    const entries = all.body.entries as { id: number; at: string; actor: string; action: string; task: string | null; details: Record<string, unknown> }[];
    assert.deepEqual(entries.map((e) => [e.action, e.task]), [['task.run', 'data_sync'], ['task.enable', 'report'], ['task.disable', 'report'], ['task.run', 'data_sync']]);
    assert.ok(entries.every((e) => e.actor === 'api:local (admin)'));
    assert.deepEqual(entries[3]!.details, { runId, trigger: 'manual', parameters: { symbols: ['MSFT'] } });
    assert.deepEqual(entries[0]!.details, { runId: command.body.run.id, trigger: 'command', parameters: { command: 'sync', symbols: ['AAPL'] } });
    assert.deepEqual(entries[2]!.details, { reason: 'holiday' });
    assert.equal(all.body.nextBefore, null);

    const first = await api.get('/orchestrator/audit?limit=3');
    assert.equal(first.body.entries.length, 3);
    const second = await api.get(`/orchestrator/audit?limit=3&before=${first.body.nextBefore}`);
    assert.deepEqual(second.body.entries.map((e: { id: number }) => e.id), [entries[3]!.id]);
    const report = await api.get('/orchestrator/audit?task=report');
    assert.deepEqual(report.body.entries.map((e: { action: string }) => e.action), ['task.enable', 'task.disable']);
    const since = await api.get(`/orchestrator/audit?since=${encodeURIComponent(entries[1]!.at)}`);
    assert.deepEqual(since.body.entries.map((e: { action: string }) => e.action), ['task.run', 'task.enable']);
  });

  it('audits a cancel with the caller and the reason', async () => {
    const api = await apiFixture(YAML, { agents: agents() });
    const started = api.orchestrator.events.next('run:progress', (e) => e.run.task === 'slow');
    const accepted = await api.post('/orchestrator/tasks/slow/run');
    await started;
    await api.post(`/orchestrator/runs/${accepted.body.run.id}/cancel`, { body: { reason: 'wrong symbol' } });
    const [entry] = (await api.get('/orchestrator/audit?limit=1')).body.entries;
    assert.equal(entry.action, 'run.cancel');
    assert.equal(entry.actor, 'api:local (admin)');
    assert.deepEqual(entry.details, { runId: accepted.body.run.id, reason: 'cancelled by api:local: wrong symbol', status: 'cancelled' });
  });

  it('lists alerts by severity and task, newest first, with secrets hidden', async () => {
    const api = await apiFixture(YAML, { agents: agents() });
    api.orchestrator.raiseAlert({ kind: 'sla_breached', severity: 'warning', task: 'report', message: 'report is slow' });
    api.orchestrator.raiseAlert({ kind: 'task_disabled', severity: 'critical', task: 'data_sync', message: 'data_sync disabled', details: { api_token: 'hunter22' } });
    api.orchestrator.raiseAlert({ kind: 'note', severity: 'info', message: 'market open' });
    await settle();

    const all = await api.get('/orchestrator/alerts');
    assert.equal(all.status, 200, all.text);
    assert.deepEqual(all.body.alerts.map((a: { kind: string }) => a.kind), ['note', 'task_disabled', 'sla_breached']);
    assert.deepEqual(all.body.alerts[1].details, { api_token: '[redacted]' });
    const severe = await api.get('/orchestrator/alerts?severity=warning');
    assert.deepEqual(severe.body.alerts.map((a: { severity: string }) => a.severity), ['critical', 'warning']);
    const ofReport = await api.get('/orchestrator/alerts?task=report');
    assert.deepEqual(ofReport.body.alerts.map((a: { message: string }) => a.message), ['report is slow']);
    const page = await api.get('/orchestrator/alerts?limit=2');
    assert.equal(page.body.nextBefore, page.body.alerts[1].id);
    assert.equal((await api.get(`/orchestrator/alerts?before=${page.body.nextBefore}`)).body.alerts.length, 1);
  });

  it('names the bad query field, and answers 404 for an unknown task', async () => {
    const api = await apiFixture(YAML, { agents: agents() });
    const severity = await api.get('/orchestrator/alerts?severity=urgent');
    assert.equal(severity.status, 400);
    assert.match(severity.text, /severity/);
    assert.match(severity.text, /info, warning, critical/);
    const since = await api.get('/orchestrator/audit?since=yesterday');
    assert.equal(since.status, 400);
    assert.match(since.text, /ISO-8601/);
    const unknown = await api.get('/orchestrator/audit?task=reprt');
    assert.equal(unknown.status, 404);
    assert.match(unknown.body.error.message, /Did you mean 'report'\?/);
  });
});

describe('system commands', () => {
  it('runs "sync AAPL" as a run of data_sync and returns its result', async () => {
    const api = await apiFixture(YAML, { agents: agents() });
    const res = await api.post('/orchestrator/execute', { body: { command: 'sync AAPL', parameters: { source: 'test' } } });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.kind, 'task');
    assert.equal(res.body.task, 'data_sync');
    assert.equal(res.body.run.status, 'succeeded');
    assert.equal(res.body.run.trigger, 'command');
    assert.deepEqual(res.body.result.echoed.symbols, ['AAPL']);
  });

  it('answers help and status without a run', async () => {
    const api = await apiFixture(YAML, { agents: agents() });
    const help = await api.post('/orchestrator/execute', { body: { command: 'help' } });
    assert.equal(help.body.kind, 'help');
    assert.match(help.body.result, /forecast/);
    const status = await api.post('/orchestrator/execute', { body: { command: 'status' } });
    assert.equal(status.body.kind, 'status');
    assert.equal(status.body.result.totalTasks, 4);
  });

  it('refuses an invalid command with 400 listing the valid forms, and a body without command', async () => {
    const api = await apiFixture(YAML, { agents: agents() });
    const res = await api.post('/orchestrator/execute', { body: { command: 'forcast AAPL 7d' } });
    assert.equal(res.status, 400);
    assert.equal(res.body.error.code, 'EVOLVE_COMMAND_INVALID');
    assert.match(res.body.error.message, /did you mean 'forecast'/);
    const missing = await api.post('/orchestrator/execute', { body: { parameters: {} } });
    assert.equal(missing.status, 400);
    assert.equal(missing.body.issues[0].path, 'command');
  });
});

describe('probes, metrics and documents', () => {
  it('answers /healthz, and /readyz with 200 while running and 503 once stopped', async () => {
    const api = await apiFixture(YAML, { agents: agents() });
    assert.equal((await api.get('/healthz')).body.status, 'ok');
    const ready = await api.get('/readyz');
    assert.equal(ready.status, 200);
    assert.deepEqual(ready.body, { ready: true, checks: { orchestrator: 'running', store: 'ok' } });
    await api.orchestrator.stop();
    const stopped = await api.get('/readyz');
    assert.equal(stopped.status, 503);
    assert.equal(stopped.body.checks.orchestrator, 'not running');
    const status = await api.get('/orchestrator/status');
    assert.equal(status.status, 200, 'the status still answers, from the store');
    assert.equal(status.body.orchestratorRunning, false);
  });

  it('exposes runs, durations, queue depth, health and scheduler lateness to Prometheus', async () => {
    const gate = deferred();
    const api = await apiFixture(YAML, { agents: agents(gate) });
    await runToEnd(api, 'report');
    await api.post('/orchestrator/tasks/slow/run');
    await api.post('/orchestrator/tasks/slow/run');
    await api.clock.advance(5 * 60_000);
    await settle();
    const res = await api.get('/metrics');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    assert.match(res.text, /^evolve_runs_total\{task="report",status="succeeded"\} 1$/m);
    assert.match(res.text, /^evolve_run_duration_seconds_count\{task="report"\} 1$/m);
    assert.match(res.text, /^evolve_runs_running 1$/m);
    assert.match(res.text, /^evolve_queue_depth 1$/m, 'the second slow run waits: concurrent_execution is false');
    assert.match(res.text, /^evolve_health \d/m);
    assert.match(res.text, /^evolve_task_health\{task="report"\} \d/m);
    assert.match(res.text, /^evolve_schedule_lateness_seconds_count [1-9]/m);
    assert.match(res.text, /^evolve_http_request_duration_seconds_count\{method="POST",route="\/orchestrator\/tasks\/:name\/run",status="202"\} 3$/m);
    gate.resolve();
  });

  it('serves the OpenAPI document made from the route schemas, and the interactive docs', async () => {
    const api = await apiFixture(YAML, { agents: agents() });
    const doc = await api.get('/openapi.json');
    assert.equal(doc.status, 200);
    assert.equal(doc.body.openapi, '3.1.0');
    for (const path of ['/orchestrator/status', '/orchestrator/execute', '/orchestrator/tasks/{name}', '/orchestrator/runs', '/orchestrator/runs/{id}/cancel', '/orchestrator/events', '/metrics']) {
      assert.ok(doc.body.paths[path], `${path} is documented`);
    }
    const patch = doc.body.paths['/orchestrator/tasks/{name}'].patch;
    assert.ok(patch.requestBody, 'the PATCH body is described');
    assert.ok(doc.body.components.schemas.SystemStatus, 'shared schemas are components');
    const docs = await api.get('/docs');
    assert.equal(docs.status, 200);
    assert.match(docs.text, /swagger-ui/i);
  });

  it('answers an unknown route with 404 JSON, and an unexpected failure with a 500 that hides the details', async () => {
    const api = await apiFixture(YAML, { agents: agents() });
    const missing = await api.get('/orchestrator/nothing');
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error.code, 'EVOLVE_API_ROUTE_NOT_FOUND');
    api.orchestrator.getSystemStatus = () => Promise.reject(new Error('disk on fire under /srv/secret/path'));
    const failed = await api.get('/orchestrator/status');
    assert.equal(failed.status, 500);
    assert.equal(failed.body.error.code, 'EVOLVE_INTERNAL');
    assert.doesNotMatch(failed.text, /disk on fire|secret|\bat .*\.ts:\d+/);
    assert.match(failed.body.error.message, /request id/);
  });
});
