/**
 * Tasks: the list with their state, one task with its configuration (YAML keys), PATCH of that
 * configuration (validated like the YAML, audited with the caller), and the actions: run now,
 * enable, disable, reset errors; why a task is not running, and the schedule preview.
 */
import type { TaskOrchestrator } from '../../engine/orchestrator.js';
import { actorOf } from '../auth.js';
import { PreviewQuery, previewWindow, ReasonBody, RunNowBody, TaskParams, TaskPatchBody } from '../request-schemas.js';
import { AcceptedRunResponse, PreviewResponse, TaskListResponse, TaskResponse, TaskStateResponse, WhyResponse } from '../response-schemas.js';
import type { SecretFilter } from '../secret-filter.js';
import type { ApiInstance } from '../api-instance.js';
import { runSummary, taskConfigView, taskStatusView } from '../views.js';
import type { ApiContext } from './index.js';
import { errorResponses } from './route-helpers.js';

const tags = ['tasks'];
const iso = (ms: number): string => new Date(ms).toISOString();

/** The caller named in the audit trail (the routes that need one are authenticated). */

async function taskView(orchestrator: TaskOrchestrator, name: string, secrets: SecretFilter) {
  const status = await orchestrator.getTaskStatus(name);
  const config = orchestrator.tasks().find((t) => t.name === status.name)!;
  return { name: status.name, status: taskStatusView(status, secrets), config: taskConfigView(config, secrets) };
}

export function taskRoutes(app: ApiInstance, { orchestrator, secrets }: ApiContext): void {
  const statusOf = async (name: string) => ({ task: taskStatusView(await orchestrator.getTaskStatus(name), secrets) });

  app.get('/orchestrator/tasks', { schema: { summary: 'Every task with its state', tags, response: { 200: TaskListResponse, ...errorResponses() } } }, async () => ({
    tasks: (await orchestrator.getSystemStatus()).tasks.map((t) => taskStatusView(t, secrets)),
  }));

  app.get(
    '/orchestrator/tasks/:name',
    { schema: { summary: 'One task: its state and effective configuration', tags, params: TaskParams, response: { 200: TaskResponse, ...errorResponses(404) } } },
    async (request) => taskView(orchestrator, request.params.name, secrets),
  );

  app.patch(
    '/orchestrator/tasks/:name',
    {
      config: { access: 'admin' },
      schema: {
        summary: 'Change a task\'s configuration',
        description: 'Keys as in the YAML (`{ "retry_count": 5 }`), validated by the same rules; kept across restarts as run-time overrides and recorded in the audit trail with the caller. A 400 lists each bad key with a fix.',
        tags,
        params: TaskParams,
        body: TaskPatchBody,
        response: { 200: TaskResponse, ...errorResponses(400, 403, 404, 409) },
      },
    },
    async (request) => {
      await orchestrator.updateTaskConfig(request.params.name, request.body, actorOf(request.principal));
      return taskView(orchestrator, request.params.name, secrets);
    },
  );

  app.post(
    '/orchestrator/tasks/:name/run',
    {
      config: { access: 'operator' },
      schema: {
        summary: 'Run a task now',
        description: 'Queues a run (even of a disabled task) and answers at once with it; follow it at `location` or on the event stream.',
        tags,
        params: TaskParams,
        body: RunNowBody,
        response: { 202: AcceptedRunResponse, ...errorResponses(400, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const run = await orchestrator.executeTaskNow(request.params.name, request.body?.parameters ?? {}, { wait: false, trigger: 'manual', actor: actorOf(request.principal) });
      const location = `/orchestrator/runs/${run.id}`;
      return reply.code(202).header('location', location).send({ run: runSummary(run), location });
    },
  );

  const action = (path: string, summary: string, description: string, act: (name: string, reason: string | undefined, by: string) => Promise<void>): void => {
    app.post(
      `/orchestrator/tasks/:name/${path}`,
      {
        config: { access: 'operator' },
        schema: { summary, description, tags, params: TaskParams, body: ReasonBody, response: { 200: TaskStateResponse, ...errorResponses(400, 403, 404, 409) } },
      },
      async (request) => {
        await act(request.params.name, request.body?.reason, actorOf(request.principal));
        return statusOf(request.params.name);
      },
    );
  };
  action('enable', 'Enable a task', 'Enables a task disabled at run time (resetting its error count) or in the YAML (as an override).', (name, _reason, by) => orchestrator.enableTask(name, by));
  action('disable', 'Disable a task', 'Stops scheduling it and skips its pending runs; `reason` is kept with it.', (name, reason, by) => orchestrator.disableTask(name, reason ?? 'disabled through the API', by));
  action('reset-errors', 'Reset a task\'s errors', 'Resets the consecutive-failure count and the performance flag; re-enables a task the error threshold disabled.', (name, _reason, by) => orchestrator.resetErrors(name, by));

  app.get(
    '/orchestrator/tasks/:name/why',
    { schema: { summary: 'Why a task is not running now', tags, params: TaskParams, response: { 200: WhyResponse, ...errorResponses(404) } } },
    async (request) => orchestrator.why(request.params.name),
  );

  app.get(
    '/orchestrator/schedule/preview',
    {
      schema: {
        summary: 'What the schedules will do',
        description: 'Every fire of every task in a window, in time order, with the slots that will not run and why (holiday, early close, a clock-decided condition).',
        tags,
        querystring: PreviewQuery,
        response: { 200: PreviewResponse, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const window = previewWindow(request.query, orchestrator.clock.now());
      const preview = await orchestrator.previewSchedule({ ...window, limit: request.query.limit ?? 2_000, ...(request.query.task === undefined ? {} : { task: request.query.task }) });
      return {
        from: iso(preview.from),
        to: iso(preview.to),
        truncated: preview.truncated,
        entries: preview.entries.map((e) => ({ at: iso(e.at), task: e.task, fires: e.fires, reason: e.reason, ...(e.closedDate === undefined ? {} : { closedDate: e.closedDate }) })),
        tasks: preview.tasks,
      };
    },
  );
}
