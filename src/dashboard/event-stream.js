// GET /orchestrator/events read with fetch() and a ReadableStream rather than EventSource, which
// cannot send the Authorization header. Reconnects with Last-Event-ID (backing off to 15 s), so
// no held event is missed across a drop; the server says `events:missed` when some are gone.
import { authHeaders } from './api.js';

const MAX_DELAY_MS = 15_000;

/**
 * Opens the stream. `fromId` is the id to resume after ('0' asks for every event the server still
 * holds: recent alerts and runs). Calls onEvent({ id, event, data }) and onState({ connected, error }).
 */
export function openEventStream({ fromId = null, onEvent, onState }) {
  let lastId = fromId;
  let stopped = false;
  let controller = null;

  const dispatch = (block) => {
    let id = null;
    let event = 'message';
    const data = [];
    for (const line of block.split('\n')) {
      if (line === '' || line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id') id = value;
      else if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
    }
    if (id !== null) lastId = id;
    if (data.length === 0) return;
    let parsed;
    try {
      parsed = JSON.parse(data.join('\n'));
    } catch {
      parsed = data.join('\n');
    }
    onEvent({ id, event, data: parsed });
  };

  const read = async (body) => {
    const reader = body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value.replace(/\r\n?/g, '\n');
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        dispatch(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
      }
    }
  };

  const loop = async () => {
    let delay = 1_000;
    while (!stopped) {
      controller = new AbortController();
      try {
        const headers = { accept: 'text/event-stream', ...authHeaders() };
        if (lastId !== null) headers['last-event-id'] = lastId;
        const response = await fetch('/orchestrator/events', { headers, signal: controller.signal });
        if (response.ok && response.body) {
          onState({ connected: true, error: null });
          delay = 1_000;
          await read(response.body);
          if (!stopped) onState({ connected: false, error: 'the server ended the stream' });
        } else {
          onState({ connected: false, error: `the event stream answered ${response.status}`, status: response.status });
        }
      } catch (error) {
        if (stopped) return;
        onState({ connected: false, error: error instanceof Error ? error.message : String(error) });
      }
      if (stopped) return;
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, MAX_DELAY_MS);
    }
  };

  void loop();
  return {
    close() {
      stopped = true;
      controller?.abort();
    },
  };
}
