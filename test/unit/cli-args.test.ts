import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { translateLegacyArgs } from '../../src/cli/args.js';
import { formatTable, humanDuration, shortTime } from '../../src/cli/format.js';
import { parseAlertSeverity, parseLogLevel, parseRunParameters, parseSince } from '../../src/cli/option-parsers.js';

describe('translateLegacyArgs', () => {
  it('turns the original flags into commands, keeping the other arguments', () => {
    assert.deepEqual(translateLegacyArgs(['--check']), ['check']);
    assert.deepEqual(translateLegacyArgs(['--status', '--json']), ['status', '--json']);
    assert.deepEqual(translateLegacyArgs(['--standalone', '--log-level', 'DEBUG']), ['start', '--standalone', '--log-level', 'DEBUG']);
    assert.deepEqual(translateLegacyArgs(['--integrated']), ['start', '--integrated']);
    assert.deepEqual(translateLegacyArgs(['--config', 'x.yaml', '--monitor', '--duration', '30']), ['monitor', '--config', 'x.yaml', '--duration', '30']);
  });

  it('leaves a command line that names a command alone', () => {
    assert.deepEqual(translateLegacyArgs(['start', '--standalone']), ['start', '--standalone']);
    assert.deepEqual(translateLegacyArgs(['--config', 'check.yaml', 'status']), ['--config', 'check.yaml', 'status']);
  });

  it('refuses two modes at once', () => {
    assert.throws(() => translateLegacyArgs(['--standalone', '--integrated']), /exclude each other/);
    assert.throws(() => translateLegacyArgs(['--check', '--status']), /separate commands/);
  });
});

describe('CLI formatting', () => {
  it('aligns columns, right-aligning numbers, and cuts long cells', () => {
    const table = formatTable(
      [{ a: 'x', n: 5 }, { a: 'longer', n: 120 }],
      [{ header: 'NAME', value: (r) => r.a, maxWidth: 5 }, { header: 'N', value: (r) => String(r.n), align: 'right' }],
    );
    assert.equal(table, ['NAME     N', 'x        5', 'long…  120'].join('\n'));
  });

  it('shortens times to UTC seconds and humanises durations', () => {
    assert.equal(shortTime('2026-01-05T14:00:00.123Z'), '2026-01-05 14:00:00');
    assert.equal(shortTime(null), '—');
    assert.deepEqual([850, 12_340, 245_000, 7_380_000, 273_600_000].map(humanDuration), ['850 ms', '12.3 s', '4 min 05 s', '2 h 03 min', '3 d 4 h']);
  });
});

describe('CLI option parsers', () => {
  it('reads log levels in any case, with the Python names', () => {
    assert.equal(parseLogLevel('DEBUG'), 'debug');
    assert.equal(parseLogLevel('Warning'), 'warn');
    assert.throws(() => parseLogLevel('loud'), /use one of/);
  });

  it('merges --params-json with --param values, reading JSON values', () => {
    assert.deepEqual(parseRunParameters(['days=7', 'symbol=AAPL', 'flag=true'], '{"days":1,"window":[1,2]}'), { days: 7, window: [1, 2], symbol: 'AAPL', flag: true });
    assert.throws(() => parseRunParameters(['nokey'], undefined), /key=value/);
    assert.throws(() => parseRunParameters([], '[1]'), /must be a JSON object/);
  });

  it('reads --since as how long ago or as an ISO-8601 instant', () => {
    const now = Date.parse('2026-11-25T12:00:00Z');
    assert.equal(parseSince('30m', now), now - 30 * 60_000);
    assert.equal(parseSince(' 24h ', now), now - 86_400_000);
    assert.equal(parseSince('7d', now), Date.parse('2026-11-18T12:00:00Z'));
    assert.equal(parseSince('2w', now), Date.parse('2026-11-11T12:00:00Z'));
    assert.equal(parseSince('2026-11-27T14:30:00Z', now), Date.parse('2026-11-27T14:30:00Z'));
    assert.equal(parseSince('2026-11-20', now), Date.parse('2026-11-20T00:00:00Z'));
    for (const bad of ['yesterday', '5y', '-1d', '1.5h', '']) assert.throws(() => parseSince(bad, now), /how long ago/, bad);
  });

  it('reads an alert severity in any case', () => {
    assert.equal(parseAlertSeverity('Critical'), 'critical');
    assert.throws(() => parseAlertSeverity('urgent'), /info, warning, critical/);
  });
});
