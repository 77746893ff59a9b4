import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EventLog } from '../../src/api/event-log.js';
import { SecretFilter } from '../../src/api/secret-filter.js';
import { EngineEmitter } from '../../src/engine/events.js';
import { newRun } from '../../src/engine/run-factory.js';
import { parse, task } from '../support/config.js';

const START = Date.parse('2026-01-05T14:00:00Z');

function log(capacity: number): { events: EngineEmitter; log: EventLog; errors: unknown[] } {
  const events = new EngineEmitter();
  const errors: unknown[] = [];
  return { events, errors, log: new EventLog(events, new SecretFilter({}), { capacity, startMs: START, onError: (e) => errors.push(e) }) };
}

describe('the event log of the live stream', () => {
  it('numbers events from the start instant in microseconds, so ids grow across restarts', () => {
    const { log: first } = log(10);
    const a = first.append('x', {});
    const { log: second } = log(10);
    assert.equal(a.id, START * 1000 + 1);
    assert.equal(second.lastId, START * 1000);
    assert.equal(a.frame, `id: ${a.id}\nevent: x\ndata: {}\n\n`);
  });

  it('replays what follows an id it still holds, and says when some are gone', () => {
    const { log: l } = log(3);
    const ids = Array.from({ length: 5 }, (_, i) => l.append('n', { i }).id);
    assert.deepEqual(l.since(ids[2]!), { events: [ids[3], ids[4]].map((id) => ({ id, type: 'n', frame: expect(id!, ids) })), missed: null });
    assert.deepEqual(l.since(ids[4]!).events, []);
    assert.deepEqual(l.since(ids[1]!).missed, null, 'everything after the oldest held but one is still there');
    const old = l.since(ids[0]!);
    assert.deepEqual(old.missed, { lastEventId: ids[0], oldestHeldId: ids[2] });
    assert.deepEqual(old.events.map((e) => e.id), [ids[2], ids[3], ids[4]]);
    assert.deepEqual(l.since(7).missed, { lastEventId: 7, oldestHeldId: ids[2] }, 'an id from an earlier process');
    assert.notEqual(l.since(ids[4]! + 10).missed, null, 'an id from the future');
  });

  it('sends a run as a summary without its parameters or result', () => {
    const { events, log: l } = log(10);
    const run = newRun({ task: task(parse('tasks: { t: { manual: true } }'), 't'), trigger: 'manual', now: START, origin: 'test', parameters: { api_key: 'k-123' } });
    events.emitRun('run:created', { ...run, result: { secret: 'r-456' } });
    const [event] = l.since(l.lastId - 1).events;
    assert.equal(event?.type, 'run:created');
    const data = JSON.parse(event.frame.split('data: ')[1]!) as { run: Record<string, unknown> };
    assert.equal(data.run['id'], run.id);
    assert.equal(data.run['status'], 'queued');
    assert.equal(data.run['createdAt'], '2026-01-05T14:00:00.000Z');
    assert.doesNotMatch(event.frame, /k-123|r-456|parameters|result/);
  });

  it('follows the engine until closed, and a listener that throws breaks nothing', () => {
    const { events, log: l, errors } = log(10);
    const seen: string[] = [];
    l.subscribe((e) => {
      seen.push(e.type);
      throw new Error('a broken client');
    });
    events.emit('task:disabled', { task: 'x' as never, reason: 'because' });
    assert.deepEqual(seen, ['task:disabled']);
    assert.equal(errors.length, 1);
    l.close();
    events.emit('task:enabled', { task: 'x' as never });
    assert.equal(l.lastId, START * 1000 + 1, 'closed: no longer follows');
  });
});

function expect(id: number, ids: readonly number[]): string {
  return `id: ${id}\nevent: n\ndata: {"i":${ids.indexOf(id)}}\n\n`;
}
