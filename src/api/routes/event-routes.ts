/** `GET /orchestrator/events`: the live stream (server-sent events); see event-stream.ts. */
import { z } from 'zod';
import type { ApiInstance } from '../api-instance.js';
import type { ApiContext } from './index.js';
import { errorResponses } from './route-helpers.js';

const EventsQuery = z.strictObject({
  lastEventId: z.string().regex(/^\d+$/, { error: 'expected the id of the last event received (digits)' }).optional().describe('As the Last-Event-ID header, for clients that cannot set headers'),
});
const LastEventIdHeader = z.looseObject({
  'last-event-id': z.string().regex(/^\d+$/, { error: 'expected the id of the last event received (digits)' }).optional().describe('The id of the last event received: the events after it that are still held are sent first'),
});

export function eventRoutes(app: ApiInstance, { streams }: ApiContext): void {
  app.get(
    '/orchestrator/events',
    {
      schema: {
        summary: 'Live events (server-sent events)',
        description:
          'text/event-stream of run:created, run:waiting, run:queued, run:started, run:progress, run:finished, alert:fired, health:checked, task:* and orchestrator:* events; ' +
          'each has an increasing id. Reconnect with Last-Event-ID to get the events after it still held (the last 1,000); an events:missed event says when some are gone. A comment line comes every 15 s.',
        tags: ['events'],
        headers: LastEventIdHeader,
        querystring: EventsQuery,
        produces: ['text/event-stream'],
        response: errorResponses(400),
      },
    },
    (request, reply) => {
      const last = request.headers['last-event-id'] ?? request.query.lastEventId;
      streams.open(request, reply, typeof last === 'string' ? Number(last) : null);
    },
  );
}
