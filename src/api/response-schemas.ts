/**
 * What the API answers, as zod schemas: they serialize every response (a key not listed here never
 * leaves the server) and document it in the OpenAPI document, where those with an `id` are the
 * shared components. Instants are ISO-8601 UTC strings, durations milliseconds.
 */
import { z } from 'zod';
import { RUN_STATUSES } from '../model/run.js';

const iso = z.string().describe('ISO-8601 UTC instant');
const isoOrNull = iso.nullable();
const runStatus = z.enum(RUN_STATUSES as [string, ...string[]]);

export const ErrorResponse = z
  .object({
    error: z.object({
      code: z.string().describe('Stable code, EVOLVE_<AREA>_<WHAT>'),
      message: z.string().describe('What is wrong and how to fix it'),
    }),
    issues: z
      .array(
        z.object({
          in: z.enum(['body', 'query', 'params', 'headers']).describe('Which part of the request'),
          path: z.string().describe('The field, e.g. retry_count or parameters.symbol'),
          message: z.string(),
          fix: z.string().nullable(),
        }),
      )
      .optional(),
  })
  .meta({ id: 'Error' });

export const RunSummary = z
  .object({
    id: z.string(),
    task: z.string(),
    trigger: z.string().describe('schedule, manual, command, retry or recovery'),
    status: runStatus,
    attempt: z.number(),
    maxAttempts: z.number(),
    chainId: z.string().describe('Id of the first attempt of this chain of retries'),
    idempotencyKey: z.string(),
    scheduledFor: isoOrNull.describe('The schedule slot this run fills'),
    createdAt: iso,
    notBefore: iso.describe('Earliest start (retries wait for their delay)'),
    queuedAt: isoOrNull,
    startedAt: isoOrNull,
    finishedAt: isoOrNull,
    durationMs: z.number().nullable(),
    error: z.string().nullable(),
    reason: z.string().nullable().describe('Why it waits, was skipped or interrupted'),
    origin: z.string(),
    owner: z.string().nullable(),
    progress: z.number().nullable().describe('0 to 1, as the agent reported'),
    progressMessage: z.string().nullable(),
    slaBreached: z.boolean(),
  })
  .meta({ id: 'RunSummary' });

export const RunDetail = RunSummary.extend({
  parameters: z.record(z.string(), z.unknown()),
  result: z.unknown().describe('What the agent returned (secrets redacted)'),
  log: z.unknown().optional().describe('The run log tail, where the orchestrator keeps one'),
}).meta({ id: 'RunDetail' });

const lastRun = z.object({
  id: z.string(),
  status: runStatus,
  trigger: z.string(),
  attempt: z.number(),
  startedAt: isoOrNull,
  finishedAt: isoOrNull,
  durationMs: z.number().nullable(),
  error: z.string().nullable(),
  reason: z.string().nullable(),
});

export const TaskStatusSchema = z
  .object({
    name: z.string(),
    type: z.string(),
    agent: z.string(),
    description: z.string(),
    enabled: z.boolean().describe('Enabled in the configuration and not disabled at run time'),
    configEnabled: z.boolean(),
    disabledReason: z.string().nullable(),
    priority: z.string(),
    schedule: z.string().describe('The schedule in words'),
    nextRunAt: isoOrNull,
    lastRun: lastRun.nullable(),
    lastSuccessAt: isoOrNull,
    successRate: z.number().nullable(),
    errorCount: z.number().describe('Consecutive failed runs'),
    errorThreshold: z.number(),
    health: z.number(),
    flagged: z.boolean(),
    flagReason: z.string().nullable(),
    totals: z.record(z.string(), z.number()),
    running: z.number(),
    queued: z.number(),
    waiting: z.number(),
    dependencies: z.array(z.string()),
    conditions: z.record(z.string(), z.string()),
    overrides: z.record(z.string(), z.unknown()).describe('Configuration changed at run time (YAML keys)'),
  })
  .meta({ id: 'TaskStatus' });

const resources = z.object({
  score: z.number(),
  memory: z.object({ rssBytes: z.number(), limitBytes: z.number(), score: z.number() }),
  eventLoop: z.object({ p99Ms: z.number(), score: z.number() }),
  disk: z.object({ path: z.string(), freeFraction: z.number(), score: z.number() }).nullable(),
});

export const SystemStatusSchema = z
  .object({
    orchestratorRunning: z.boolean(),
    instance: z.object({ id: z.string(), pid: z.number(), host: z.string(), startedAt: z.number(), heartbeatAt: z.number() }).nullable(),
    environment: z.string().nullable(),
    configPath: z.string().nullable(),
    dataDir: z.string(),
    totalTasks: z.number(),
    enabledTasks: z.number(),
    disabledTasks: z.array(z.object({ name: z.string(), reason: z.string() })),
    runs: z.object({ running: z.number(), queued: z.number(), waiting: z.number() }),
    performanceMetrics: z.object({
      overallHealth: z.number(),
      agentHealth: z.number(),
      resources: resources.nullable(),
      successRates: z.record(z.string(), z.number().nullable()),
      errorCounts: z.record(z.string(), z.number()),
      health: z.record(z.string(), z.number()),
    }),
    tasks: z.array(TaskStatusSchema),
    generatedAt: iso,
  })
  .meta({ id: 'SystemStatus' });

export const TaskListResponse = z.object({ tasks: z.array(TaskStatusSchema) });

export const TaskStateResponse = z.object({ task: TaskStatusSchema });

export const TaskResponse = z.object({
  name: z.string(),
  status: TaskStatusSchema,
  config: z.record(z.string(), z.unknown()).describe('The effective configuration as YAML keys (what PATCH accepts), secrets redacted'),
});

export const WhyResponse = z.object({
  task: z.string(),
  state: z.string().describe('running, queued, waiting, disabled, scheduled or manual'),
  reasons: z.array(z.string()),
  nextRunAt: isoOrNull,
});

export const PreviewResponse = z.object({
  from: iso,
  to: iso,
  truncated: z.boolean(),
  entries: z.array(z.object({ at: iso, task: z.string(), fires: z.boolean(), reason: z.string().nullable(), closedDate: z.string().optional() })),
  tasks: z.array(z.object({ task: z.string(), schedule: z.string(), idle: z.string().nullable(), liveConditions: z.array(z.string()) })),
});

export const RunListResponse = z.object({
  runs: z.array(RunSummary),
  nextBefore: z.string().nullable().describe('Pass as ?before= for the next (older) page; null on the last page'),
});

export const RunResponse = z.object({ run: RunDetail });

const nextBefore = z.number().int().nullable().describe('Pass as ?before= for the next (older) page; null on the last page');

export const AuditListResponse = z.object({
  entries: z.array(
    z.object({
      id: z.number().int(),
      at: iso,
      actor: z.string().describe('cli, api:<token name> (<role>), engine or library'),
      action: z.string().describe('task.run, task.enable, task.disable, task.update, task.reset-errors, task.add, run.cancel'),
      task: z.string().nullable(),
      details: z.record(z.string(), z.unknown()),
    }),
  ),
  nextBefore,
});

export const AlertListResponse = z.object({
  alerts: z.array(
    z.object({
      id: z.number().int(),
      at: iso,
      kind: z.string(),
      severity: z.enum(['info', 'warning', 'critical']),
      task: z.string().nullable(),
      message: z.string(),
      details: z.record(z.string(), z.unknown()),
    }),
  ),
  nextBefore,
});
export const AcceptedRunResponse = z.object({ run: RunSummary, location: z.string().describe('Where to follow the run') });

export const ExecuteResponse = z.object({
  command: z.string().describe('The command as understood (canonical form)'),
  kind: z.enum(['help', 'status', 'task']),
  task: z.string().optional(),
  run: RunDetail.optional().describe('For a command that runs a task: its final attempt'),
  result: z.unknown().describe('Help text, the status, or the run\'s result'),
});

export const HealthzResponse = z.object({ status: z.literal('ok'), uptimeSeconds: z.number() });
export const ReadyzResponse = z.object({
  ready: z.boolean(),
  checks: z.object({ orchestrator: z.string(), store: z.string() }),
});
