/**
 * The seed's two routes: `GET /orchestrator/status` (the SystemStatus) and
 * `POST /orchestrator/execute` (a system command such as "forecast AAPL 7d"; the request lasts
 * until the command's run has finished, retries included — use POST /orchestrator/tasks/:name/run
 * for a run that answers at once).
 */
import type { SystemCommandOutcome } from '../../engine/system-command-runner.js';
import { ExecuteBody } from '../request-schemas.js';
import { ExecuteResponse, SystemStatusSchema } from '../response-schemas.js';
import type { SecretFilter } from '../secret-filter.js';
import { actorOf } from '../auth.js';
import type { ApiInstance } from '../api-instance.js';
import { runDetail, systemStatusView } from '../views.js';
import type { ApiContext } from './index.js';
import { errorResponses } from './route-helpers.js';

export function statusRoutes(app: ApiInstance, { orchestrator, secrets }: ApiContext): void {
  app.get(
    '/orchestrator/status',
    {
      schema: {
        summary: 'The orchestrator status',
        description: 'Running or not, health, run counts and every task with its state (what `evolve status` shows).',
        tags: ['status'],
        response: { 200: SystemStatusSchema, ...errorResponses() },
      },
    },
    async () => systemStatusView(await orchestrator.getSystemStatus(), secrets),
  );

  app.post(
    '/orchestrator/execute',
    {
      config: { access: 'operator' },
      schema: {
        summary: 'Run a system command',
        description: 'A command such as "forecast AAPL 7d", "status" or "help" (docs/commands.md). The answer comes when the command\'s run has finished.',
        tags: ['status'],
        body: ExecuteBody,
        response: { 200: ExecuteResponse, ...errorResponses(400, 403, 404, 409) },
      },
    },
    async (request) =>
      outcomeView(await orchestrator.executeSystemCommand(request.body.command, request.body.parameters, { actor: actorOf(request.principal) }), secrets),
  );
}

function outcomeView(outcome: SystemCommandOutcome, secrets: SecretFilter) {
  switch (outcome.kind) {
    case 'help':
      return { command: outcome.command, kind: outcome.kind, result: outcome.result };
    case 'status':
      return { command: outcome.command, kind: outcome.kind, result: systemStatusView(outcome.result, secrets) };
    case 'task':
      return { command: outcome.command, kind: outcome.kind, task: outcome.task, run: runDetail(outcome.run, secrets), result: secrets.scrub(outcome.result) };
    default: {
      const unreachable: never = outcome;
      throw new TypeError(`unknown command outcome ${JSON.stringify(unreachable)}`);
    }
  }
}
