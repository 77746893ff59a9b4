/**
 * The audit trail and the alerts sent, newest first, in pages (`before` is the cursor: the id of
 * the previous page's oldest entry). Both read the store, so they include what other processes
 * (the CLI, an earlier run of the orchestrator) recorded.
 */
import type { ApiInstance } from '../api-instance.js';
import { AlertsQuery, AuditQuery } from '../request-schemas.js';
import { AlertListResponse, AuditListResponse } from '../response-schemas.js';
import type { ApiContext } from './index.js';
import { errorResponses } from './route-helpers.js';

const DEFAULT_PAGE = 50;
const iso = (ms: number): string => new Date(ms).toISOString();

export function historyRoutes(app: ApiInstance, { orchestrator, secrets }: ApiContext): void {
  app.get(
    '/orchestrator/audit',
    {
      schema: {
        summary: 'The audit trail, newest first',
        description: 'Who ran, cancelled, enabled, disabled or changed what, and when; pass `nextBefore` as `before` for the next page.',
        tags: ['audit'],
        querystring: AuditQuery,
        response: { 200: AuditListResponse, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const { task, since, before, limit = DEFAULT_PAGE } = request.query;
      const entries = await orchestrator.getAuditTrail({ task, since, beforeId: before, limit });
      return {
        entries: entries.map((entry) => ({ ...entry, at: iso(entry.at), details: secrets.scrub(entry.details) })),
        nextBefore: entries.length === limit ? entries[entries.length - 1]!.id : null,
      };
    },
  );

  app.get(
    '/orchestrator/alerts',
    {
      schema: {
        summary: 'Alerts sent, newest first',
        description:
          'Every alert sent to the channels. One the cooldown held back (the same kind and task within alerts.cooldown_minutes) was neither sent nor recorded. Pass `nextBefore` as `before` for the next page.',
        tags: ['audit'],
        querystring: AlertsQuery,
        response: { 200: AlertListResponse, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const { task, severity, since, before, limit = DEFAULT_PAGE } = request.query;
      const alerts = await orchestrator.getAlertHistory({ task, minSeverity: severity, since, beforeId: before, limit });
      return {
        alerts: alerts.map((alert) => ({ ...alert, at: iso(alert.at), message: secrets.scrub(alert.message), details: secrets.scrub(alert.details) })),
        nextBefore: alerts.length === limit ? alerts[alerts.length - 1]!.id : null,
      };
    },
  );
}
