/**
 * Runs: history filtered by task and status, newest first, in pages (`before` is the cursor: the
 * id of the previous page's oldest run); one run with its parameters, result, progress and log
 * tail; cancel.
 */
import { z } from 'zod';
import { EvolveError } from '../../errors.js';
import { FINISHED_STATUSES } from '../../model/run.js';
import { RunParams, RunsQuery, ReasonBody } from '../request-schemas.js';
import { RunListResponse, RunResponse } from '../response-schemas.js';
import { actorOf } from '../auth.js';
import type { ApiInstance } from '../api-instance.js';
import { runDetail, runSummary } from '../views.js';
import type { ApiContext } from './index.js';
import { errorResponses } from './route-helpers.js';

const tags = ['runs'];
const DEFAULT_PAGE = 50;
const DEFAULT_LOG_LINES = 100;
const MAX_LOG_LINES = 500;

const RunQuery = z.strictObject({
  log: z
    .string()
    .regex(/^\d+$/, { error: `expected a whole number of log lines from 0 to ${MAX_LOG_LINES}` })
    .transform(Number)
    .pipe(z.number().max(MAX_LOG_LINES, { error: `expected at most ${MAX_LOG_LINES} log lines` }))
    .optional()
    .describe(`Log lines to include, newest last; 0 for none. Default ${DEFAULT_LOG_LINES}`),
});

export function runRoutes(app: ApiInstance, { orchestrator, secrets }: ApiContext): void {
  app.get(
    '/orchestrator/runs',
    {
      schema: {
        summary: 'Run history, newest first',
        description: 'Filtered by task and status; pass `nextBefore` as `before` for the next page. Results are left out: GET a run for its result.',
        tags,
        querystring: RunsQuery,
        response: { 200: RunListResponse, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const limit = request.query.limit ?? DEFAULT_PAGE;
      const runs = await orchestrator.getRunHistory({ task: request.query.task, status: request.query.status, limit, beforeId: request.query.before });
      return { runs: runs.map(runSummary), nextBefore: runs.length === limit ? runs[runs.length - 1]!.id : null };
    },
  );

  app.get(
    '/orchestrator/runs/:id',
    {
      schema: {
        summary: 'One run with its result, progress and log tail',
        tags,
        params: RunParams,
        querystring: RunQuery,
        response: { 200: RunResponse, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const run = await orchestrator.getRun(request.params.id);
      if (run === null) throw runNotFound(request.params.id);
      const lines = request.query.log ?? DEFAULT_LOG_LINES;
      const log = lines === 0 ? undefined : logView(await orchestrator.getRunLog(run.id, { limit: lines }));
      return { run: runDetail(run, secrets, log) };
    },
  );

  app.post(
    '/orchestrator/runs/:id/cancel',
    {
      config: { access: 'operator' },
      schema: {
        summary: 'Cancel a run',
        description: 'A waiting or queued run is cancelled at once; a running one has its agent aborted and ends cancelled. A finished run answers 409.',
        tags,
        params: RunParams,
        body: ReasonBody,
        response: { 200: RunResponse, ...errorResponses(400, 403, 404, 409) },
      },
    },
    async (request) => {
      const before = await orchestrator.getRun(request.params.id);
      if (before === null) throw runNotFound(request.params.id);
      if (FINISHED_STATUSES.has(before.status)) {
        throw new EvolveError('EVOLVE_RUN_FINISHED', `run ${before.id} has already finished (${before.status}): there is nothing to cancel`);
      }
      const by = request.principal === null ? 'api' : `api:${request.principal.name}`;
      const run = await orchestrator.cancelRun(before.id, request.body?.reason ? `cancelled by ${by}: ${request.body.reason}` : `cancelled by ${by}`, actorOf(request.principal));
      return { run: runDetail(run, secrets) };
    },
  );
}

function runNotFound(id: string): EvolveError {
  return new EvolveError('EVOLVE_RUN_NOT_FOUND', `no run has id ${id} (finished runs are kept monitoring.metrics_retention_days): list runs with GET /orchestrator/runs`);
}

/** The log with ISO instants, as the rest of the API. */
function logView(log: Awaited<ReturnType<ApiContext['orchestrator']['getRunLog']>>) {
  return { ...log, lines: log.lines.map((line) => ({ ...line, at: new Date(line.at).toISOString() })) };
}
