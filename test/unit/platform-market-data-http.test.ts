/**
 * CSV bars over HTTP against a real node:http server on an ephemeral port: a good file, a
 * missing one, one too big (declared and streamed), an HTML page, a server that stalls before
 * and during the body, a refused connection, a cancelled download and the URL template source.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { calendarByName } from '../../src/calendar/index.js';
import { CsvUrlMarketDataSource, MarketDataError, fetchBarsCsv } from '../../src/platform/market-data/index.js';

const GOOD = 'Date,Open,High,Low,Close,Volume\n2024-01-02,10,11,9,10.5,100\n2024-01-03,10.5,12,10,11,200\n2024-01-05,11,11.5,10.5,11.2,150\n';
const BIG = `Date,Open,High,Low,Close,Volume\n${'2024-01-02,1,1,1,1,1\n'.repeat(250)}`; // 32 + 250 × 21 = 5,282 bytes

const requested: string[] = [];

function route(url: string, res: import('node:http').ServerResponse): void {
  const path = url.split('?')[0];
  switch (path) {
    case '/AAPL.csv':
    case '/%5EGSPC.csv':
      res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8' }).end(GOOD);
      return;
    case '/big-declared.csv':
      res.writeHead(200, { 'content-type': 'text/csv', 'content-length': String(Buffer.byteLength(BIG)) }).end(BIG);
      return;
    case '/big-streamed.csv':
      res.writeHead(200, { 'content-type': 'text/csv' }); // chunked: no length to check up front
      for (let i = 0; i < BIG.length; i += 500) res.write(BIG.slice(i, i + 500));
      res.end();
      return;
    case '/page.csv':
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<html><body>Please log in</body></html>');
      return;
    case '/stall-headers.csv':
      return; // never answers
    case '/stall-body.csv':
      res.writeHead(200, { 'content-type': 'text/csv' });
      res.write('Date,Open,High,Low,Close,Volume\n'); // and then nothing
      return;
    default:
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  }
}

describe('CSV over HTTP', () => {
  let server: Server;
  let base = '';
  before(async () => {
    server = createServer((req, res) => {
      requested.push(req.url ?? '');
      route(req.url ?? '', res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const rejectsWith = async (promise: Promise<unknown>, pattern: RegExp): Promise<void> => {
    await assert.rejects(promise, (error: unknown) => {
      assert.ok(error instanceof MarketDataError, `not a MarketDataError: ${String(error)}`);
      assert.equal(error.code, 'EVOLVE_MARKET_DATA_UNAVAILABLE');
      assert.match(error.message, pattern);
      return true;
    });
  };

  it('parses a 200 response with the same checks as a file, gaps included', async () => {
    const { bars, problems } = await fetchBarsCsv(`${base}/AAPL.csv`, { calendar: calendarByName('XNYS') });
    assert.deepEqual(bars.map((bar) => bar.date), ['2024-01-02', '2024-01-03', '2024-01-05']);
    assert.deepEqual(problems.map((p) => [p.row, p.message]), [[4, 'gap: 1 session is missing before 2024-01-05: 2024-01-04']]);
  });

  it('names the status of a 404 and keeps an API key in the query out of the message', async () => {
    await assert.rejects(fetchBarsCsv(`${base}/MSFT.csv?apikey=s3cret`), (error: unknown) => {
      assert.ok(error instanceof MarketDataError);
      assert.equal(error.message, `${base}/MSFT.csv?… answered HTTP 404 Not Found`);
      assert.ok(!error.message.includes('s3cret'));
      return true;
    });
  });

  it('refuses a body over the limit, whether its length is declared or streamed', async () => {
    await rejectsWith(fetchBarsCsv(`${base}/big-declared.csv`, { maxBytes: 4096 }), /is 5282 bytes, more than the limit of 4096/);
    await rejectsWith(fetchBarsCsv(`${base}/big-streamed.csv`, { maxBytes: 4096 }), /sent more than the limit of 4096 bytes/);
    const { bars } = await fetchBarsCsv(`${base}/big-streamed.csv`, { maxBytes: 8192 });
    assert.equal(bars.length, 1); // 250 identical rows: one kept
  });

  it('refuses an HTML page served as the CSV', async () => {
    await rejectsWith(fetchBarsCsv(`${base}/page.csv`), /sent text\/html, not CSV/);
  });

  it('times out when the server stalls before the headers or in the middle of the body', async () => {
    await rejectsWith(fetchBarsCsv(`${base}/stall-headers.csv`, { timeoutMs: 200 }), /did not answer within 200 ms/);
    await rejectsWith(fetchBarsCsv(`${base}/stall-body.csv`, { timeoutMs: 200 }), /did not answer within 200 ms/);
  });

  it('stops when the caller cancels', async () => {
    const controller = new AbortController();
    const pending = fetchBarsCsv(`${base}/stall-headers.csv`, { signal: controller.signal });
    controller.abort();
    await rejectsWith(pending, /was cancelled/);
  });

  it('says when nothing listens at the address', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await rejectsWith(fetchBarsCsv(`http://127.0.0.1:${port}/x.csv`), /cannot fetch .*ECONNREFUSED/);
  });

  it('refuses URLs that are not http(s)', async () => {
    await assert.rejects(fetchBarsCsv('file:///etc/passwd'), /only http and https/);
    await assert.rejects(fetchBarsCsv('not a url'), /is not a URL/);
  });

  it('fills a URL template with the encoded symbol and keeps the requested range', async () => {
    const source = new CsvUrlMarketDataSource({ urlTemplate: `${base}/{symbol}.csv` });
    const { bars } = await source.bars('^GSPC', '2024-01-03', '2024-12-31');
    assert.deepEqual(bars.map((bar) => bar.date), ['2024-01-03', '2024-01-05']);
    assert.ok(requested.includes('/%5EGSPC.csv'));
    assert.throws(() => new CsvUrlMarketDataSource({ urlTemplate: `${base}/data.csv` }), /no \{symbol\} placeholder/);
  });
});
