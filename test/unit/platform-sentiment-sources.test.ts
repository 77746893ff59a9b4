import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { jsonErrorOffset } from '../../src/platform/sentiment/json-error-offset.js';
import {
  detectNewsEvents,
  FileHeadlineSource,
  financeLexicon,
  formatHeadlineIssue,
  JsonFeedHeadlineSource,
  SampleHeadlineSource,
  scoreHeadlines,
  SentimentSourceError,
} from '../../src/platform/sentiment/index.js';
import { tempDir } from '../support/temp-dir.js';

const FROM = Date.parse('2026-01-05T00:00:00.000Z');
const TO = Date.parse('2026-01-10T00:00:00.000Z');

describe('the generated sample feed', () => {
  it('gives the same headlines for the same seed and different ones for another seed', async () => {
    const one = await new SampleHeadlineSource({ seed: 7 }).headlines(FROM, TO);
    const again = await new SampleHeadlineSource({ seed: 7 }).headlines(FROM, TO);
    const other = await new SampleHeadlineSource({ seed: 8 }).headlines(FROM, TO);
    assert.ok(one.headlines.length > 10);
    assert.deepEqual(again, one);
    assert.notDeepEqual(
      other.headlines.map((h) => h.title),
      one.headlines.map((h) => h.title),
    );
    assert.deepEqual(one.issues, []);
  });

  it('gives a day the same headlines whatever range it is asked in', async () => {
    const source = new SampleHeadlineSource({ seed: 3 });
    const wide = await source.headlines(FROM - 30 * 86_400_000, TO);
    const narrow = await source.headlines(FROM + 2 * 86_400_000 + 15 * 3_600_000, TO);
    const inNarrow = wide.headlines.filter((h) => Date.parse(h.published) >= FROM + 2 * 86_400_000 + 15 * 3_600_000);
    assert.deepEqual(narrow.headlines, inNarrow);
  });

  it('writes well-formed headlines about the requested symbols, oldest first, with unique ids', async () => {
    const { headlines } = await new SampleHeadlineSource({ seed: 1, symbols: ['AAPL', 'ZZZ'] }).headlines(FROM, TO);
    assert.deepEqual(new Set(headlines.flatMap((h) => h.symbols ?? [])), new Set(['AAPL', 'ZZZ']));
    assert.equal(new Set(headlines.map((h) => h.id)).size, headlines.length);
    for (let i = 1; i < headlines.length; i++) assert.ok((headlines[i - 1]?.published ?? '') <= (headlines[i]?.published ?? ''));
    for (const h of headlines) {
      assert.ok(Date.parse(h.published) >= FROM && Date.parse(h.published) < TO);
      assert.match(h.title, /Apple|ZZZ/);
    }
  });

  it('moves with its latent mood and raises news events mostly on its shock days', async () => {
    const source = new SampleHeadlineSource({ seed: 1 });
    const from = Date.parse('2025-01-01T00:00:00.000Z');
    const { headlines } = await source.headlines(from, from + 365 * 86_400_000);
    const scored = scoreHeadlines(headlines, { lexicon: financeLexicon() });
    const positive = scored.filter((h) => h.score > 0).length;
    const negative = scored.filter((h) => h.score < 0).length;
    assert.ok(positive > scored.length / 4 && negative > scored.length / 4, `${positive} positive and ${negative} negative of ${scored.length}`);
    const events = detectNewsEvents(scored);
    const onShockDays = events.filter((e) => source.stateOn(e.symbol, e.date).shock !== 0).length;
    assert.ok(events.length >= 10 && events.length <= 100, `${events.length} events in a year of 5 symbols`);
    assert.ok(onShockDays / events.length > 0.4, `${onShockDays} of ${events.length} events on shock days`);
    for (const e of events) assert.equal(Math.sign(e.z ?? e.change ?? 0), Math.sign(e.headlines[0]?.score ?? 0));
  });

  it('refuses options out of range', () => {
    assert.throws(() => new SampleHeadlineSource({ moodPersistence: 1 }), /moodPersistence must be a number from 0 to 0.98/);
    assert.throws(() => new SampleHeadlineSource({ headlinesPerDay: -1 }), /headlinesPerDay/);
  });
});

/** A feed server on port 0; each path is one behaviour. */
function feedHandler(request: IncomingMessage, response: ServerResponse): void {
  const json = (status: number, body: unknown): void => {
    const text = JSON.stringify(body);
    response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    response.end(text);
  };
  switch (request.url) {
    case '/feed.json':
      json(200, {
        version: 'https://jsonfeed.org/version/1.1',
        title: 'Test Wire',
        items: [
          { id: 'g1', date_published: '2026-01-06T14:30:00Z', title: 'Apple beats estimates', url: 'https://news.example/g1' },
          { id: 'bad', date_published: 'yesterday', title: 'Tesla recalls cars' },
          { id: 2, published: '2026-01-07T09:00:00+01:00', title: '  Microsoft   cuts guidance ', source: 'Other Wire', symbols: ['msft'] },
          { id: 'old', published: '2025-12-01T00:00:00Z', title: 'Outside the range' },
          'not an object',
        ],
      });
      return;
    case '/array.json':
      json(200, [{ id: 'a', published: '2026-01-06', title: 'Nvidia surges' }]);
      return;
    case '/error':
      response.writeHead(500, { 'content-type': 'text/plain' });
      response.end('database on fire');
      return;
    case '/html':
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end('<html>maintenance</html>');
      return;
    case '/shape':
      json(200, { data: [] });
      return;
    case '/big-declared':
      json(200, { items: Array.from({ length: 200 }, (_, i) => ({ id: String(i), published: '2026-01-06T00:00:00Z', title: 'x'.repeat(50) })) });
      return;
    case '/big-streamed':
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('[');
      for (let i = 0; i < 100; i++) response.write(`${JSON.stringify({ id: String(i), published: '2026-01-06T00:00:00Z', title: 'y'.repeat(50) })},`);
      response.end('{}]');
      return;
    case '/slow':
      setTimeout(() => json(200, []), 2_000).unref();
      return;
    default:
      json(404, { error: 'no such feed' });
  }
}

describe('the JSON feed source', () => {
  const server = createServer(feedHandler);
  let base = '';
  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  });

  it('keeps the good items in range and reports each bad one with its position and reason', async () => {
    const { headlines, issues } = await new JsonFeedHeadlineSource({ url: `${base}/feed.json` }).headlines(FROM, TO);
    assert.deepEqual(headlines, [
      { id: 'g1', published: '2026-01-06T14:30:00.000Z', source: 'Test Wire', title: 'Apple beats estimates', url: 'https://news.example/g1' },
      { id: '2', published: '2026-01-07T08:00:00.000Z', source: 'Other Wire', title: 'Microsoft cuts guidance', symbols: ['MSFT'] },
    ]);
    assert.deepEqual(
      issues.map((i) => [i.item, i.message]),
      [
        [2, 'published: "yesterday" is not an ISO 8601 date-time: write it like "2026-01-05T14:30:00Z"'],
        [5, 'must be an object with id, published and title, got "not an object"'],
      ],
    );
    assert.match(formatHeadlineIssue(issues[0] ?? { where: '', line: null, item: null, message: '' }), /^JSON feed http:\/\/127\.0\.0\.1:\d+\/feed\.json item 2: published/);
  });

  it('reads a bare array of items and names the host as the source', async () => {
    const { headlines } = await new JsonFeedHeadlineSource({ url: `${base}/array.json` }).headlines(FROM, TO);
    assert.deepEqual(headlines, [{ id: 'a', published: '2026-01-06T00:00:00.000Z', source: '127.0.0.1', title: 'Nvidia surges' }]);
  });

  const failures: [path: string, reason: string, message: RegExp, options?: { maxBytes?: number; timeoutMs?: number }][] = [
    ['/error', 'http_status', /answered 500 Internal Server Error: "database on fire"/],
    ['/html', 'not_json', /not JSON .*"<html>maintenance<\/html>"/],
    ['/shape', 'bad_shape', /an object with keys data: a feed is an array/],
    ['/big-declared', 'too_large', /more than 1000 bytes \(maxBytes; \d+ bytes declared\)/, { maxBytes: 1_000 }],
    ['/big-streamed', 'too_large', /more than 1000 bytes \(maxBytes; stopped reading\)/, { maxBytes: 1_000 }],
    ['/slow', 'timeout', /did not answer within 100 ms/, { timeoutMs: 100 }],
  ];
  for (const [path, reason, message, options] of failures) {
    it(`fails the whole fetch with reason ${reason} for ${path}`, async () => {
      const source = new JsonFeedHeadlineSource({ url: `${base}${path}`, ...options });
      await assert.rejects(source.headlines(FROM, TO), (error: unknown) => {
        assert.ok(error instanceof SentimentSourceError);
        assert.equal(error.reason, reason);
        assert.equal(error.code, reason === 'bad_option' ? 'EVOLVE_SENTIMENT_SOURCE_INVALID' : 'EVOLVE_SENTIMENT_SOURCE_UNAVAILABLE');
        assert.match(error.message, message);
        return true;
      });
    });
  }

  it('fails with reason unreachable when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await assert.rejects(new JsonFeedHeadlineSource({ url: `http://127.0.0.1:${port}/feed.json` }).headlines(FROM, TO), (error: unknown) => {
      assert.ok(error instanceof SentimentSourceError);
      assert.equal(error.reason, 'unreachable');
      assert.match(error.message, /ECONNREFUSED/);
      return true;
    });
  });

  it('refuses a URL that is not http(s)', () => {
    assert.throws(() => new JsonFeedHeadlineSource({ url: 'file:///etc/passwd' }), /must be http or https, got file/);
    assert.throws(() => new JsonFeedHeadlineSource({ url: 'news feed' }), /is not a URL/);
  });
});

describe('the files source', () => {
  const dir = tempDir('evolve-sentiment-');
  writeFileSync(
    join(dir, 'a-wire.jsonl'),
    [
      JSON.stringify({ id: 'l1', published: '2026-01-05T10:00:00Z', title: 'Apple beats estimates' }),
      '',
      JSON.stringify({ id: 'l3', published: '2026-01-06T10:00:00Z', title: 'Tesla recalls cars', symbols: ['TSLA'] }),
      '{"id": "l4", "published": ',
      JSON.stringify({ id: 'l5', published: '2026-01-06T10:00', title: 'No zone' }),
      JSON.stringify({ id: 'l1', published: '2026-01-07T10:00:00Z', title: 'Same id again' }),
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'b-desk.json'),
    JSON.stringify([
      { id: 'j1', published: '2026-01-08T10:00:00Z', title: 'Microsoft shares rise', source: 'Desk' },
      { id: 'j2', published: '2026-01-08T11:00:00Z' },
    ]),
  );
  writeFileSync(join(dir, 'c-broken.json'), '[\n  {"id": "x",\n   "title": }\n]');
  writeFileSync(join(dir, 'notes.txt'), 'not a headline file');

  it('reads every line and item it can, and reports the rest by file and line or item', async () => {
    const { headlines, issues } = await new FileHeadlineSource({ dir }).headlines(FROM, TO);
    assert.deepEqual(
      headlines.map((h) => [h.id, h.source, h.title]),
      [
        ['l1', 'a-wire', 'Apple beats estimates'],
        ['l3', 'a-wire', 'Tesla recalls cars'],
        ['j1', 'Desk', 'Microsoft shares rise'],
      ],
    );
    const where = (path: string): string => join(dir, path);
    assert.deepEqual(
      issues.map((i) => [i.where, i.line, i.item]),
      [
        [where('a-wire.jsonl'), 4, null],
        [where('a-wire.jsonl'), 5, null],
        [where('a-wire.jsonl'), 6, null],
        [where('b-desk.json'), null, 2],
        [where('c-broken.json'), 3, null],
      ],
    );
    assert.match(issues[0]?.message ?? '', /^the line is not JSON \(.+\): write one JSON object per line$/);
    assert.equal(issues[1]?.message, 'published: "2026-01-06T10:00" has no time zone: add Z or an offset such as +00:00');
    assert.match(issues[2]?.message ?? '', /^id "l1" repeats the headline at .*a-wire\.jsonl:1/);
    assert.equal(issues[3]?.message, 'title: must be a string, got undefined');
    assert.match(issues[4]?.message ?? '', /^the file is not JSON/);
  });

  it('fails with reason folder_missing when the folder does not exist', async () => {
    await assert.rejects(new FileHeadlineSource({ dir: join(dir, 'missing') }).headlines(FROM, TO), (error: unknown) => {
      assert.ok(error instanceof SentimentSourceError);
      assert.equal(error.reason, 'folder_missing');
      assert.equal(error.code, 'EVOLVE_SENTIMENT_SOURCE_INVALID');
      assert.match(error.message, /cannot read the headlines folder .*missing.*: create it/);
      return true;
    });
  });
});

describe('locating a JSON syntax error', () => {
  it('points at the first character that cannot continue valid JSON', () => {
    const broken = '[\n  {"id": "x",\n   "title": }\n]';
    assert.equal(jsonErrorOffset(broken), broken.indexOf('}'));
    assert.equal(jsonErrorOffset('{"a": 01}'), 7);
    assert.equal(jsonErrorOffset('[1, 2'), 5);
    assert.equal(jsonErrorOffset(' {"a": [true, null, -1.5e3, "\\u00e9"]} '), null);
  });

  it('agrees with JSON.parse on which texts are valid', () => {
    const jsonish = fc.string({ unit: fc.constantFrom('{', '}', '[', ']', '"', ',', ':', '0', '1', '-', '.', 'e', 't', 'r', 'u', 'n', 'l', ' ', '\\', 'a'), maxLength: 30 });
    fc.assert(
      fc.property(fc.oneof(fc.json(), jsonish), (text) => {
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        assert.equal(jsonErrorOffset(text) === null, valid, text);
      }),
      { numRuns: 2000 },
    );
  });
});
