/**
 * `GET /orchestrator/events` over real HTTP: live run events with increasing ids, a reconnection
 * with Last-Event-ID that misses nothing still held, an explicit `events:missed` when the id is
 * older than the buffer, heartbeats, and clean-up when clients or the server go away.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AgentContext } from '../../src/agents/agent.js';
import { deferred } from '../support/harness.js';
import { apiFixture, eventually, type ApiFixture } from '../support/api.js';
import { SseClient, type SseEvent } from '../support/sse-client.js';

const YAML = `
tasks:
  report: { agent: echo, manual: true, retry_count: 0 }
  slow: { agent: slow, manual: true, retry_count: 0 }
`;

function fixture(options: Parameters<typeof apiFixture>[1] = {}, gate = deferred()): Promise<ApiFixture> {
  return apiFixture(YAML, {
    agents: {
      echo: () => ({ ok: true }),
      slow: async (ctx: AgentContext) => {
        ctx.progress(0.5, 'half way');
        await gate.promise;
        return { done: true };
      },
    },
    ...options,
  });
}

const runEvent = (type: string, runId: string) => (e: SseEvent) => e.event === type && (e.data as { run: { id: string } }).run.id === runId;
const ids = (events: readonly SseEvent[]): number[] => events.filter((e) => e.id !== null).map((e) => Number(e.id));

describe('the live event stream', () => {
  it('sends a run\'s state changes and progress as they happen, each with a larger id', async () => {
    const gate = deferred();
    const api = await fixture({}, gate);
    const stream = await SseClient.connect(`${api.url}/orchestrator/events`);
    assert.equal(stream.status, 200);
    assert.match(stream.contentType ?? '', /^text\/event-stream/);
    const accepted = await api.post('/orchestrator/tasks/slow/run');
    const runId = accepted.body.run.id as string;
    const progress = await stream.next(runEvent('run:progress', runId));
    assert.deepEqual((progress.data as { run: { progress: number; progressMessage: string } }).run.progress, 0.5);
    gate.resolve();
    const finished = await stream.next(runEvent('run:finished', runId));
    assert.equal((finished.data as { run: { status: string } }).run.status, 'succeeded');
    const types = stream.events.filter((e) => (e.data as { run?: { id: string } }).run?.id === runId).map((e) => e.event);
    assert.deepEqual(types, ['run:created', 'run:started', 'run:progress', 'run:finished']);
    const seen = ids(stream.events);
    assert.deepEqual(seen, [...seen].sort((a, b) => a - b));
    assert.equal(new Set(seen).size, seen.length);
    stream.close();
  });

  it('gives a client that reconnects with Last-Event-ID every event it missed, once', async () => {
    const gate = deferred();
    const api = await fixture({}, gate);
    const first = await SseClient.connect(`${api.url}/orchestrator/events`);
    const accepted = await api.post('/orchestrator/tasks/slow/run');
    const runId = accepted.body.run.id as string;
    const started = await first.next(runEvent('run:progress', runId));
    first.close();
    await first.ended;

    // While nobody listens: the slow run finishes and another run goes through.
    gate.resolve();
    await api.orchestrator.events.next('run:finished', (e) => e.run.id === runId);
    const finishedOther = api.orchestrator.events.next('run:finished', (e) => e.run.task === 'report');
    await api.post('/orchestrator/tasks/report/run');
    await finishedOther;

    const second = await SseClient.connect(`${api.url}/orchestrator/events`, { lastEventId: started.id! });
    await second.next((e) => e.event === 'run:finished' && (e.data as { run: { task: string } }).run.task === 'report');
    assert.equal(second.events.some((e) => e.event === 'events:missed'), false);
    assert.deepEqual(
      second.events.map((e) => `${e.event} ${(e.data as { run: { task: string } }).run.task}`),
      ['run:finished slow', 'run:created report', 'run:started report', 'run:finished report'],
    );
    assert.ok(ids(second.events).every((id) => id > Number(started.id)));
    second.close();
  });

  it('accepts the id as ?lastEventId= for clients that cannot set headers', async () => {
    const api = await fixture();
    const finished = api.orchestrator.events.next('run:finished');
    await api.post('/orchestrator/tasks/report/run');
    await finished;
    const all = await SseClient.connect(`${api.url}/orchestrator/events?lastEventId=0`);
    const replayed = await all.next((e) => e.event === 'run:finished');
    all.close();
    const created = all.events.find((e) => e.event === 'run:created')!;
    const later = await SseClient.connect(`${api.url}/orchestrator/events?lastEventId=${created.id!}`);
    const again = await later.next((e) => e.event === 'run:finished');
    assert.equal(again.id, replayed.id);
    assert.equal(later.events[0]?.event, 'run:started');
    later.close();
  });

  it('says events were missed when the id is older than the buffer, then sends those still held', async () => {
    const api = await fixture({ server: { eventBufferSize: 3 } });
    const stream = await SseClient.connect(`${api.url}/orchestrator/events`);
    for (let i = 0; i < 2; i++) {
      const finished = api.orchestrator.events.next('run:finished');
      await api.post('/orchestrator/tasks/report/run');
      await finished;
    }
    await eventually('six events', () => (stream.events.length === 6 ? true : undefined));
    stream.close();
    const firstId = Number(stream.events[0]!.id);

    const late = await SseClient.connect(`${api.url}/orchestrator/events`, { lastEventId: String(firstId) });
    const missed = await late.next((e) => e.event === 'events:missed');
    assert.equal(late.events[0], missed, 'the notice comes first');
    assert.deepEqual(missed.data, {
      lastEventId: firstId,
      oldestHeldId: firstId + 3,
      reason: 'events after this id are no longer held: reload the state (GET /orchestrator/status) and go on from here',
    });
    await eventually('the held events', () => (late.events.length === 4 ? true : undefined));
    assert.deepEqual(late.events.slice(1).map((e) => [e.event, Number(e.id)]), [
      ['run:created', firstId + 3],
      ['run:started', firstId + 4],
      ['run:finished', firstId + 5],
    ]);
    late.close();

    const stranger = await SseClient.connect(`${api.url}/orchestrator/events`, { lastEventId: '42' });
    await stranger.next((e) => e.event === 'events:missed');
    stranger.close();
  });

  it('sends heartbeat comments, and forgets a client that goes away', async () => {
    const api = await fixture({ server: { heartbeatMs: 20 } });
    const stream = await SseClient.connect(`${api.url}/orchestrator/events`);
    await eventually('a heartbeat', () => (stream.comments.some((c) => c.startsWith('heartbeat')) ? true : undefined));
    const clients = async (): Promise<string | undefined> => /^evolve_event_stream_clients (\d+)$/m.exec((await api.get('/metrics')).text)?.[1];
    assert.equal(await clients(), '1');
    stream.close();
    await eventually('the client to be forgotten', async () => ((await clients()) === '0' ? true : undefined));
  });

  it('ends every stream when the server stops', async () => {
    const api = await fixture();
    const stream = await SseClient.connect(`${api.url}/orchestrator/events`);
    await api.server.stop();
    await stream.ended;
    assert.equal(api.server.server.listening, false);
  });
});
