/**
 * `GET /orchestrator/events`: server-sent events. A client gets, in order: the events it missed
 * (after its `Last-Event-ID`, from the EventLog's ring buffer) — preceded by an `events:missed`
 * event when some are no longer held — then every new event as it happens, and a comment line
 * every `heartbeatMs` so proxies keep the connection open and the client notices a dead one.
 *
 * A client that reads too slowly (more than MAX_BUFFERED_BYTES waiting in its socket) is
 * disconnected rather than buffered without bound; it reconnects with its Last-Event-ID and
 * misses nothing still held.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { EventLog, StreamEvent } from './event-log.js';

const MAX_BUFFERED_BYTES = 1 << 20;
/** What the browser's EventSource waits before reconnecting. */
const RETRY_MS = 3_000;

interface Client {
  close(): void;
}

export class EventStreams {
  readonly #log: EventLog;
  readonly #heartbeatMs: number;
  readonly #clients = new Set<Client>();

  constructor(log: EventLog, options: { heartbeatMs: number }) {
    this.#log = log;
    this.#heartbeatMs = options.heartbeatMs;
  }

  get size(): number {
    return this.#clients.size;
  }

  /** Takes over the response and streams to it until the client goes or closeAll(). */
  open(request: FastifyRequest, reply: FastifyReply, lastEventId: number | null): void {
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    let closed = false;
    let unsubscribe = (): void => undefined;
    let heartbeat: NodeJS.Timeout | undefined;
    const client: Client = {
      close: () => {
        if (closed) return;
        closed = true;
        unsubscribe();
        clearInterval(heartbeat);
        this.#clients.delete(client);
        res.end();
      },
    };
    const send = (text: string): void => {
      if (closed) return;
      res.write(text);
      if (res.writableLength > MAX_BUFFERED_BYTES) client.close();
    };
    this.#clients.add(client);
    res.on('close', () => client.close());
    send(`retry: ${RETRY_MS}\n: connected, newest event ${this.#log.lastId}\n\n`);
    if (lastEventId !== null) {
      const replay = this.#log.since(lastEventId);
      if (replay.missed) send(`event: events:missed\ndata: ${JSON.stringify({ ...replay.missed, reason: 'events after this id are no longer held: reload the state (GET /orchestrator/status) and go on from here' })}\n\n`);
      for (const event of replay.events) send(event.frame);
    }
    if (closed) return;
    unsubscribe = this.#log.subscribe((event: StreamEvent) => send(event.frame));
    heartbeat = setInterval(() => send(`: heartbeat ${new Date().toISOString()}\n\n`), this.#heartbeatMs);
    heartbeat.unref();
    request.log.debug({ clients: this.#clients.size, lastEventId }, 'event stream opened');
  }

  /** Ends every stream (the server is closing). */
  closeAll(): void {
    for (const client of [...this.#clients]) client.close();
  }
}
