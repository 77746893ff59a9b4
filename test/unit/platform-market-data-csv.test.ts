/**
 * CSV bars: every kind of bad row reported with its line number, column and message while the
 * good rows are kept; ordering, duplicates and gaps judged against the XNYS calendar; the
 * folder source over a real temporary folder.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { calendarByName } from '../../src/calendar/index.js';
import { CsvFolderMarketDataSource, MarketDataError, parseBarsCsv, type DataProblem } from '../../src/platform/market-data/index.js';

const xnys = calendarByName('XNYS');
const table = (problems: readonly DataProblem[]): (string | number | undefined)[][] =>
  problems.map((p) => [p.row, p.column, p.severity, p.message]);

describe('parsing CSV bars', () => {
  const file = [
    'Date,Open,High,Low,Close,Adj Close,Volume', // row 1
    '2024-01-02,100,101,99,100.5,100.4,1000', // 2 good
    '2024-01-03,100,99,99.5,99.5,99.5,1200', // 3 high below low (and below open, close)
    '2024-01-04,100,100.5,99,101,101,900', // 4 high below close
    '2024-01-05,100,102,100.5,101,101,800', // 5 low above open
    '2024-01-08,0,102,99,101,101,800', // 6 zero price
    '2024-01-09,100,102,99,-1,-1,800', // 7 negative price
    '2024-01-10,100,102,99,101,101,-5', // 8 negative volume
    '2024-01-11,100,abc,99,101,101,800', // 9 not a number
    '2024-01-12,100,null,99,101,101,800', // 10 Yahoo's missing value
    '2024-13-01,100,102,99,101,101,800', // 11 not a date
    '2024-01-16,100,102,99,101,101', // 12 short row
    '2024-01-17,"100.5",102,99,"101",101,"1,200"', // 13 good: quotes, grouped thousands
    '2024/01/18,100,102,99,101,101,800', // 14 good: slashes
    '2024-01-17,100,102,99,101,101,800', // 15 duplicate date, different values
    '2024-01-19,100,102,99,101,101,', // 16 empty volume
    '', // 17 blank: skipped
    '2024-01-22,100,102,99,101,101,700', // 18 good
    '',
  ].join('\n');

  it('lists each bad row with its row number, column and reason, and keeps the good rows', () => {
    const { bars, problems } = parseBarsCsv(file, { calendar: xnys });
    assert.deepEqual(bars, [
      { date: '2024-01-02', open: 100, high: 101, low: 99, close: 100.5, volume: 1000 },
      { date: '2024-01-17', open: 100.5, high: 102, low: 99, close: 101, volume: 1200 },
      { date: '2024-01-18', open: 100, high: 102, low: 99, close: 101, volume: 800 },
      { date: '2024-01-22', open: 100, high: 102, low: 99, close: 101, volume: 700 },
    ]);
    assert.deepEqual(table(problems), [
      [3, 'High', 'error', 'High 99 is below Low 99.5'],
      [3, 'High', 'error', 'High 99 is below Open 100'],
      [3, 'High', 'error', 'High 99 is below Close 99.5'],
      [4, 'High', 'error', 'High 100.5 is below Close 101'],
      [5, 'Low', 'error', 'Low 100.5 is above Open 100'],
      [6, 'Open', 'error', 'Open 0 is not positive; prices must be > 0'],
      [7, 'Close', 'error', 'Close -1 is not positive; prices must be > 0'],
      [8, 'Volume', 'error', 'Volume -5 is negative'],
      [9, 'High', 'error', 'High "abc" is not a number'],
      [10, 'High', 'error', 'High "null" is not a number'],
      [11, 'Date', 'error', '"2024-13-01" is not a date; expected YYYY-MM-DD'],
      [12, undefined, 'error', 'expected 7 fields as in the header, found 6'],
      // MLK day (01-15) is no session, so nine sessions are missing, not ten.
      [13, 'Date', 'warning', 'gap: 9 sessions are missing before 2024-01-17: 2024-01-03, 2024-01-04, 2024-01-05, 2024-01-08, 2024-01-09, 2024-01-10, 2024-01-11, 2024-01-12, 2024-01-16'],
      [15, 'Date', 'error', '2024-01-17 is already at row 13 with different values; kept row 13'],
      [16, 'Volume', 'error', 'Volume is empty'],
      [18, 'Date', 'warning', 'gap: 1 session is missing before 2024-01-22: 2024-01-19'],
    ]);
  });

  it('does not look for gaps without a calendar', () => {
    const { problems } = parseBarsCsv(file);
    assert.ok(problems.every((p) => !p.message.startsWith('gap')));
    assert.equal(problems.length, 14);
  });

  it('reverses a newest-first file without complaint', () => {
    const text = 'Date,Open,High,Low,Close,Volume\n2024-01-04,3,3,3,3,3\n2024-01-03,2,2,2,2,2\n2024-01-02,1,1,1,1,1\n';
    const { bars, problems } = parseBarsCsv(text, { calendar: xnys });
    assert.deepEqual(bars.map((bar) => bar.date), ['2024-01-02', '2024-01-03', '2024-01-04']);
    assert.deepEqual(problems, []);
  });

  it('sorts a row that is out of place into order and says so', () => {
    const text = 'Date,Open,High,Low,Close,Volume\n2024-01-02,1,1,1,1,1\n2024-01-04,3,3,3,3,3\n2024-01-03,2,2,2,2,2\n2024-01-05,4,4,4,4,4\n';
    const { bars, problems } = parseBarsCsv(text);
    assert.deepEqual(bars.map((bar) => bar.close), [1, 2, 3, 4]);
    assert.deepEqual(table(problems), [[4, 'Date', 'warning', '2024-01-03 is out of order (after 2024-01-04 in a oldest-first file); sorted into place']]);
  });

  it('keeps an exact repeat once, with a warning', () => {
    const text = 'Date,Open,High,Low,Close,Volume\n2024-01-02,1,1,1,1,1\n2024-01-02,1,1,1,1,1\n';
    const { bars, problems } = parseBarsCsv(text);
    assert.equal(bars.length, 1);
    assert.deepEqual(table(problems), [[3, 'Date', 'warning', '2024-01-02 repeats row 2 with the same values; kept once']]);
  });

  it('keeps a row dated on a day without a session, with a warning', () => {
    const text = 'Date,Open,High,Low,Close,Volume\n2024-01-05,1,1,1,1,1\n2024-01-06,1,1,1,1,1\n2024-01-08,1,1,1,1,1\n';
    const { bars, problems } = parseBarsCsv(text, { calendar: xnys });
    assert.equal(bars.length, 3);
    assert.deepEqual(table(problems), [[3, 'Date', 'warning', '2024-01-06 is not a session of the calendar; kept']]);
  });

  it('reads headers in any case, with a BOM, CRLF line ends, extra columns and pandas dates', () => {
    const text = '\uFEFFdate, OPEN ,high,Low,close,adj_close,volume,Dividends\r\n"2024-01-02 00:00:00",10,11,9,10.5,10.4,1e3,0\r\n';
    const { bars, problems } = parseBarsCsv(text);
    assert.deepEqual(problems, []);
    assert.deepEqual(bars, [{ date: '2024-01-02', open: 10, high: 11, low: 9, close: 10.5, volume: 1000 }]);
  });

  it('refuses a file whose header lacks a column, and an empty file', () => {
    assert.deepEqual(table(parseBarsCsv('Date,Open,High,Low,Close\n2024-01-02,1,1,1,1\n').problems), [
      [1, undefined, 'error', 'the header lacks Volume; expected Date,Open,High,Low,Close,Volume (found "Date,Open,High,Low,Close")'],
    ]);
    assert.deepEqual(table(parseBarsCsv('\n\n').problems), [[1, undefined, 'error', 'the file is empty; expected a header Date,Open,High,Low,Close,Volume']]);
  });

  it('reports a quote that is never closed', () => {
    const { problems } = parseBarsCsv('Date,Open,High,Low,Close,Volume\n2024-01-02,"1,1,1,1,1\n');
    assert.deepEqual(table(problems), [[2, undefined, 'error', 'a quoted field is not closed']]);
  });

  it('lists at most maxProblems problems and counts the rest', () => {
    const rows = Array.from({ length: 30 }, (_, i) => `2024-01-${String(i + 1).padStart(2, '0')},x,1,1,1,1`);
    const { problems } = parseBarsCsv(['Date,Open,High,Low,Close,Volume', ...rows].join('\n'), { maxProblems: 5 });
    assert.equal(problems.length, 6);
    assert.deepEqual(problems[5], { row: 7, severity: 'warning', message: '25 more problems from this row on are not listed' });
  });
});

describe('the CSV folder source', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'evolve-csv-'));
    await writeFile(join(dir, 'AAPL.csv'), 'Date,Open,High,Low,Close,Volume\n2024-01-02,1,1,1,1,1\n2024-01-03,2,2,2,2,2\n2024-01-04,3,1,3,3,3\n2024-01-05,4,4,4,4,4\n');
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads <dir>/<SYMBOL>.csv and returns the bars in the range with the file\'s problems', async () => {
    const source = new CsvFolderMarketDataSource({ dir, calendar: xnys });
    const { bars, problems } = await source.bars('AAPL', '2024-01-03', '2024-01-05');
    assert.deepEqual(bars.map((bar) => bar.close), [2, 4]);
    assert.deepEqual(table(problems), [
      [4, 'High', 'error', 'High 1 is below Low 3'],
      [4, 'High', 'error', 'High 1 is below Open 3'],
      [4, 'High', 'error', 'High 1 is below Close 3'],
      [5, 'Date', 'warning', 'gap: 1 session is missing before 2024-01-05: 2024-01-04'],
    ]);
  });

  it('says which file is missing', async () => {
    const source = new CsvFolderMarketDataSource({ dir });
    await assert.rejects(source.bars('MSFT', '2024-01-01', '2024-01-31'), (error: unknown) =>
      error instanceof MarketDataError && error.code === 'EVOLVE_MARKET_DATA_UNAVAILABLE' && error.message.includes(join(dir, 'MSFT.csv')));
  });

  it('refuses a symbol that would leave the folder', async () => {
    const source = new CsvFolderMarketDataSource({ dir });
    await assert.rejects(source.bars('../AAPL', '2024-01-01', '2024-01-31'), /not a ticker symbol/);
  });
});
