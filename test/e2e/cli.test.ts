/**
 * The `evolve` command as a user runs it: a real process (node bin/evolve.js) on a temporary data
 * folder and a temporary YAML configuration using the built-in agents.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseTaskName } from '../../src/model/ids.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { ensureBuilt, evolve, ROOT, RunningEvolve, type CliResult } from '../support/evolve-cli.js';
import { tempDir } from '../support/temp-dir.js';

const CONFIG = `# evolve CLI test configuration
orchestrator:
  max_concurrent_tasks: 2
  shutdown_grace_seconds: 2
logging:
  level: warn
  file: null
tasks:
  system_health:
    interval_minutes: 5
    priority: high
  history_cleanup:
    interval_minutes: 1440
    priority: low
  status_report:
    manual: true
`;

const INVALID = `tasks:
  system_health:
    interval_minutes: -5
`;

const UNKNOWN_AGENT = `tasks:
  system_health:
    interval_minutes: 5
  mystery:
    agent: model_wizard
    interval_minutes: 10
`;

interface Fixture {
  dir: string;
  dataDir: string;
  config: string;
  /** `--config <file> --data-dir <dir>` */
  base: string[];
}

function fixture(yaml = CONFIG, name = 'task_schedule.yaml'): Fixture {
  const dir = tempDir('evolve-cli-');
  const config = join(dir, name);
  writeFileSync(config, yaml);
  const dataDir = join(dir, 'data');
  return { dir, dataDir, config, base: ['--config', config, '--data-dir', dataDir] };
}

function show(result: CliResult): string {
  return `exit ${result.code}\n--- stdout ---\n${result.stdout}\n--- stderr ---\n${result.stderr}`;
}

function parseJson(result: CliResult): unknown {
  try {
    return JSON.parse(result.stdout) as unknown;
  } catch {
    assert.fail(`stdout is not JSON:\n${show(result)}`);
  }
}

before(() => ensureBuilt());

describe('evolve config validate', () => {
  it('says a good file is valid with its task counts', async () => {
    const f = fixture();
    const result = await evolve(['config', 'validate', f.config]);
    assert.equal(result.code, 0, show(result));
    assert.match(result.stdout, /✔ .*task_schedule\.yaml is valid: 3 tasks \(3 enabled\), environment \(none\)/);
  });

  it('lists a bad value with file:line and exits 2', async () => {
    const f = fixture(INVALID, 'bad.yaml');
    const result = await evolve(['config', 'validate', f.config]);
    assert.equal(result.code, 2, show(result));
    assert.match(result.stdout, /bad\.yaml:3(:\d+)?: .*interval_minutes/);
  });

  it('reports the issues as JSON with --json', async () => {
    const f = fixture(INVALID, 'bad.yaml');
    const result = await evolve(['--json', 'config', 'validate', f.config]);
    assert.equal(result.code, 2, show(result));
    const report = parseJson(result) as { valid: boolean; file: string; issues: { line: number | null; path: string }[] };
    assert.equal(report.valid, false);
    assert.equal(report.file, f.config);
    assert.ok(report.issues.some((i) => i.line === 3 && i.path.includes('interval_minutes')), show(result));
  });
});

describe('evolve check', () => {
  it('passes on the default configuration (config/task_schedule.yaml under the working folder)', async () => {
    const dataDir = tempDir('evolve-cli-data-');
    const result = await evolve(['check', '--data-dir', dataDir], { cwd: ROOT });
    assert.equal(result.code, 0, show(result));
    assert.doesNotMatch(result.stdout, /✖/);
    assert.match(result.stdout, /✔ configuration: /);
    assert.match(result.stdout, /✔ data directory: /);
    assert.match(result.stdout, /✔ store: .*evolve\.db opens/);
    assert.match(result.stdout, /✔ agents and conditions: /);
    assert.match(result.stdout, /all checks passed/);
  });

  it('fails on a task whose agent is not registered, naming it', async () => {
    const f = fixture(UNKNOWN_AGENT);
    const result = await evolve(['check', ...f.base]);
    assert.notEqual(result.code, 0, show(result));
    assert.match(result.stdout, /✖ agents and conditions: .*Agent 'model_wizard' not found/);
    assert.match(result.stdout, /tasks\.mystery\.agent/);
  });

  it('gives { ok, checks } with --json', async () => {
    const f = fixture();
    const result = await evolve(['check', '--json', ...f.base]);
    assert.equal(result.code, 0, show(result));
    const report = parseJson(result) as { ok: boolean; checks: { name: string; ok: boolean; detail: string }[] };
    assert.equal(report.ok, true);
    assert.deepEqual(report.checks.map((c) => c.name), ['configuration', 'data directory', 'store', 'agents and conditions', 'calendar', 'tasks']);
  });

  it('works with the original --check spelling', async () => {
    const f = fixture();
    const result = await evolve(['--check', ...f.base]);
    assert.equal(result.code, 0, show(result));
    assert.match(result.stdout, /all checks passed/);
  });
});

describe('evolve run, history, status', () => {
  const f = fixture();

  it('runs a built-in agent task in this process and prints its result', async () => {
    const result = await evolve(['run', 'system_health', ...f.base]);
    assert.equal(result.code, 0, show(result));
    assert.match(result.stdout, /ran in this process/);
    assert.match(result.stdout, /status\s+✔ succeeded/);
    assert.match(result.stdout, /"overallHealth"/);
  });

  it('passes --param values to the run', async () => {
    const result = await evolve(['run', 'status_report', '--param', 'days=7', '--param', 'symbol=AAPL', '--json', ...f.base]);
    assert.equal(result.code, 0, show(result));
    const outcome = parseJson(result) as { mode: string; run: { status: string; parameters: Record<string, unknown>; result: { path: string } } };
    assert.equal(outcome.mode, 'in-process');
    assert.equal(outcome.run.status, 'succeeded');
    assert.deepEqual(outcome.run.parameters, { days: 7, symbol: 'AAPL' });
    assert.ok(existsSync(outcome.run.result.path), `report ${outcome.run.result.path} exists`);
  });

  it('exits 2 for an unknown task and suggests the closest name', async () => {
    const result = await evolve(['run', 'system_helth', ...f.base]);
    assert.equal(result.code, 2, show(result));
    assert.match(result.stderr, /no task named 'system_helth'.*Did you mean 'system_health'\?/);
  });

  it('shows the run in the history, newest first', async () => {
    const table = await evolve(['history', ...f.base]);
    assert.equal(table.code, 0, show(table));
    assert.match(table.stdout, /^RUN\s+TASK\s+TRIGGER\s+STATUS/m);
    assert.match(table.stdout, /system_health\s+manual\s+succeeded/);

    const json = await evolve(['history', 'system_health', '--json', ...f.base]);
    assert.equal(json.code, 0, show(json));
    const runs = parseJson(json) as { task: string; status: string; trigger: string }[];
    assert.equal(runs.length, 1);
    assert.deepEqual(runs.map((r) => [r.task, r.trigger, r.status]), [['system_health', 'manual', 'succeeded']]);
  });

  it('shows who asked for those runs in the audit trail', async () => {
    const table = await evolve(['audit', ...f.base]);
    assert.equal(table.code, 0, show(table));
    assert.match(table.stdout, /^\s*ID\s+AT \(UTC\)\s+ACTOR\s+ACTION\s+TASK\s+DETAILS/m);
    assert.match(table.stdout, /cli\s+task\.run\s+status_report\s+runId=r_\w+ trigger=manual parameters=\{"days":7,"symbol":"AAPL"\}$/m);

    const json = await evolve(['audit', 'system_health', '--json', ...f.base]);
    assert.equal(json.code, 0, show(json));
    const entries = parseJson(json) as { actor: string; action: string; task: string; details: { trigger: string } }[];
    assert.deepEqual(entries.map((e) => [e.actor, e.action, e.task, e.details.trigger]), [['cli', 'task.run', 'system_health', 'manual']]);
  });

  it('lists the alerts recorded, filtered by severity and time', async () => {
    const store = new SqliteStore({ path: join(f.dataDir, 'evolve.db') });
    await store.open();
    const now = Date.now();
    await store.appendAlert({ at: now - 3 * 86_400_000, kind: 'sla_breached', severity: 'warning', task: parseTaskName('system_health'), message: 'three days old', details: {} });
    await store.appendAlert({ at: now - 60_000, kind: 'task_disabled', severity: 'critical', task: parseTaskName('history_cleanup'), message: 'history_cleanup disabled after 5 failures', details: {} });
    await store.appendAlert({ at: now, kind: 'health', severity: 'info', task: null, message: 'health 0.92', details: {} });
    await store.close();

    const table = await evolve(['alerts', '--severity', 'WARNING', ...f.base]);
    assert.equal(table.code, 0, show(table));
    assert.match(table.stdout, /critical\s+task_disabled\s+history_cleanup\s+history_cleanup disabled after 5 failures/);
    assert.match(table.stdout, /warning\s+sla_breached\s+system_health\s+three days old/);
    assert.doesNotMatch(table.stdout, /health 0\.92/);

    const recent = await evolve(['alerts', '--since', '1d', '--json', ...f.base]);
    assert.equal(recent.code, 0, show(recent));
    assert.deepEqual((parseJson(recent) as { message: string }[]).map((a) => a.message), ['health 0.92', 'history_cleanup disabled after 5 failures']);

    const bad = await evolve(['alerts', '--since', 'yesterday', ...f.base]);
    assert.equal(bad.code, 2, show(bad));
    assert.match(bad.stderr, /--since.*expected how long ago \(30m, 24h, 7d, 2w\) or an ISO-8601 date/);
  });

  it('rejects a --limit that is not a number with exit 2', async () => {
    const result = await evolve(['history', '--limit', 'abc', ...f.base]);
    assert.equal(result.code, 2, show(result));
    assert.match(result.stderr, /--limit.*'abc' is invalid/);
  });

  it('gives the status as JSON from the store when no orchestrator runs', async () => {
    const result = await evolve(['status', '--json', ...f.base]);
    assert.equal(result.code, 0, show(result));
    const status = parseJson(result) as { orchestratorRunning: boolean; totalTasks: number; enabledTasks: number; tasks: { name: string; lastRun: { status: string } | null }[] };
    assert.equal(status.orchestratorRunning, false);
    assert.equal(status.totalTasks, 3);
    assert.equal(status.enabledTasks, 3);
    assert.equal(status.tasks.find((t) => t.name === 'system_health')?.lastRun?.status, 'succeeded');
  });

  it('prints the status with the original --status spelling and accepts --log-level DEBUG', async () => {
    const result = await evolve(['--status', '--log-level', 'DEBUG', ...f.base]);
    assert.equal(result.code, 0, show(result));
    assert.match(result.stdout, /Orchestrator:\s+not running/);
    assert.match(result.stdout, /^TASK\s+ENABLED\s+PRIORITY\s+SCHEDULE/m);
    assert.match(result.stdout, /system_health\s+yes\s+high\s+every 5 min/);
  });

  it('lists tasks, explains a task, lists agents and writes a report', async () => {
    const tasks = await evolve(['tasks', '--json', ...f.base]);
    assert.equal(tasks.code, 0, show(tasks));
    assert.deepEqual((parseJson(tasks) as { name: string }[]).map((t) => t.name).sort(), ['history_cleanup', 'status_report', 'system_health']);

    const why = await evolve(['why', 'status_report', ...f.base]);
    assert.equal(why.code, 0, show(why));
    assert.match(why.stdout, /^status_report: manual/m);

    const agents = await evolve(['agents', ...f.base]);
    assert.equal(agents.code, 0, show(agents));
    assert.match(agents.stdout, /system_health\s+builtin\s+.*system_health/);

    const out = join(f.dir, 'report.json');
    const report = await evolve(['report', '--out', out, ...f.base]);
    assert.equal(report.code, 0, show(report));
    assert.match(report.stdout, /report\.json/);
    assert.equal((JSON.parse(readFileSync(out, 'utf8')) as { totalTasks: number }).totalTasks, 3);
  });
});

describe('evolve backup and restore', () => {
  const f = fixture();

  it('backs up the store, and restores it in place of a later one, keeping that one aside', async () => {
    assert.equal((await evolve(['run', 'system_health', ...f.base])).code, 0);
    const out = join(f.dir, 'saved', 'before.db');
    const backup = await evolve(['backup', '--out', out, '--json', ...f.base]);
    assert.equal(backup.code, 0, show(backup));
    const made = parseJson(backup) as { source: string; path: string; bytes: number };
    assert.deepEqual([made.source, made.path], [join(f.dataDir, 'evolve.db'), out]);
    assert.ok(made.bytes > 0 && existsSync(out));

    assert.equal((await evolve(['run', 'status_report', ...f.base])).code, 0);
    const restore = await evolve(['restore', out, ...f.base]);
    assert.equal(restore.code, 0, show(restore));
    assert.match(restore.stdout, /previous files are kept as .*evolve\.db\.replaced-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ/);
    const runs = parseJson(await evolve(['history', '--json', ...f.base])) as { task: string }[];
    assert.deepEqual(runs.map((r) => r.task), ['system_health'], 'the run made after the backup is gone with the replaced store');
    const aside = readdirSync(f.dataDir).filter((name) => /^evolve\.db\.replaced-[\dTZ-]+$/.test(name));
    assert.equal(aside.length, 1, 'the replaced store is kept');
  });

  it('never overwrites a file, and refuses to restore what is not a store', async () => {
    const out = join(f.dir, 'saved', 'before.db');
    const again = await evolve(['backup', '--out', out, ...f.base]);
    assert.equal(again.code, 2, show(again));
    assert.match(again.stderr, /already exists: give another --out/);
    const junk = join(f.dir, 'junk.db');
    writeFileSync(junk, 'not a database');
    const bad = await evolve(['restore', junk, ...f.base]);
    assert.equal(bad.code, 2, show(bad));
    assert.match(bad.stderr, /junk\.db .*cannot be restored/);
  });
});

describe('evolve usage errors', () => {
  it('suggests the closest command for a typo and exits 2', async () => {
    const result = await evolve(['stauts']);
    assert.equal(result.code, 2, show(result));
    assert.match(result.stderr, /unknown command 'stauts'/);
    assert.match(result.stderr, /Did you mean status\?/);
  });

  it('rejects an unknown log level with exit 2', async () => {
    const result = await evolve(['status', '--log-level', 'loud']);
    assert.equal(result.code, 2, show(result));
    assert.match(result.stderr, /--log-level/);
  });

  it('runs the original --monitor --duration N as monitor, and refuses --standalone with --integrated', async () => {
    const both = await evolve(['start', '--standalone', '--integrated', '--no-api', '--data-dir', join(tempDir('evolve-cli-'), 'data')]);
    assert.equal(both.code, 2, show(both));
    assert.match(both.stderr, /--standalone and --integrated contradict each other/);
    // A pipe gets the plain view; port 0 so no orchestrator elsewhere is attached to.
    const f = fixture(`${CONFIG}api:\n  port: 0\n`);
    const monitor = await evolve(['--monitor', '--duration', '0.02', ...f.base]);
    assert.equal(monitor.code, 0, show(monitor));
    assert.match(monitor.stdout, /^EVOLVE MONITOR {2}in-process orchestrator/);
    assert.match(monitor.stdout, /^system_health +(idle|queued|running) /m);
    const zero = await evolve(['monitor', '--duration', '0', ...f.base]);
    assert.equal(zero.code, 2, show(zero));
    assert.match(zero.stderr, /--duration.*expected a number of minutes above 0/);
  });

  it('reports a missing configuration file with exit 2', async () => {
    const dir = tempDir('evolve-cli-');
    const result = await evolve(['status', '--config', join(dir, 'nope.yaml'), '--data-dir', join(dir, 'data')]);
    assert.equal(result.code, 2, show(result));
    assert.match(result.stderr, /nope\.yaml/);
  });
});

describe('evolve start', () => {
  const f = fixture();
  let server: RunningEvolve | null = null;

  after(async () => {
    if (server?.running) {
      server.child.kill('SIGKILL');
      await server.exit;
    }
  });

  it('runs until SIGINT while status, run and a second start see it', async () => {
    server = new RunningEvolve(['start', '--standalone', '--port', '0', ...f.base]);
    await server.waitFor(/started: 3 tasks/);
    assert.match(server.stdout, new RegExp(`database:\\s+${f.dataDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/evolve\\.db`));
    const pid = server.child.pid;

    const status = await evolve(['status', '--json', ...f.base]);
    assert.equal(status.code, 0, show(status));
    const parsed = parseJson(status) as { orchestratorRunning: boolean; instance: { pid: number } | null };
    assert.equal(parsed.orchestratorRunning, true);
    assert.equal(parsed.instance?.pid, pid);

    const second = await evolve(['start', ...f.base]);
    assert.equal(second.code, 3, show(second));
    assert.match(second.stderr, /another orchestrator/);

    const run = await evolve(['run', 'status_report', ...f.base]);
    assert.equal(run.code, 0, show(run));
    assert.match(run.stdout, new RegExp(`handed to the running orchestrator pid ${pid}`));
    assert.match(run.stdout, /status\s+✔ succeeded/);
    const backup = await evolve(['backup', '--out', join(f.dir, 'live.db'), ...f.base]);
    assert.equal(backup.code, 0, `a backup while it runs: ${show(backup)}`);
    const restore = await evolve(['restore', join(f.dir, 'live.db'), ...f.base]);
    assert.equal(restore.code, 3, show(restore));
    assert.match(restore.stderr, new RegExp(`an orchestrator \\(pid ${pid} on .*\\) is running on .*: stop it first`));

    const audit = await evolve(['audit', 'status_report', '--json', ...f.base]);
    const [request] = parseJson(audit) as { actor: string; action: string; details: { runId: string } }[];
    assert.deepEqual([request?.actor, request?.action], ['cli', 'task.run'], 'a handed-off run is audited by the CLI that asked');

    server.child.kill('SIGINT');
    const exit = await server.exit;
    assert.equal(exit.code, 0, `stdout:\n${server.stdout}\nstderr:\n${server.stderr}`);
    assert.match(server.stdout, /SIGINT: stopping/);
    assert.match(server.stdout, /^stopped/m);
  });
});
