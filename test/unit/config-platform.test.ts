import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfig } from '../../src/config/load-config.js';
import { ConfigError } from '../../src/errors.js';
import { DEFAULT_PLATFORM_SETTINGS, platformSettings } from '../../src/platform/core/platform-settings.js';

const parse = (yaml: string) => parseConfig(yaml, '/srv/evolve/config.yaml', { environ: {} });

describe('the platform section', () => {
  it('gives the defaults when absent, and reads every key with folders relative to the file', () => {
    assert.deepEqual(platformSettings(parse('tasks: {}').platform), DEFAULT_PLATFORM_SETTINGS);
    const settings = platformSettings(
      parse(`
platform:
  symbols: [AAPL, BRK.B]
  data: { source: csv_dir, dir: ./bars }
  headlines: { source: url, url: "https://news.example.com/feed.json" }
  initial_cash: 50000
  risk: { stop_loss_pct: 0.05, stop_cooldown_sessions: 10 }
`).platform,
    );
    assert.deepEqual(settings.symbols, ['AAPL', 'BRK.B']);
    assert.deepEqual(settings.data, { kind: 'csv_dir', dir: '/srv/evolve/bars' });
    assert.deepEqual(settings.headlines, { kind: 'url', url: 'https://news.example.com/feed.json' });
    assert.equal(settings.account.initialCash, 50_000);
    assert.equal(settings.risk.stopLossPct, 0.05);
    assert.equal(settings.risk.stopCooldownSessions, 10);
    assert.equal(settings.risk.maxWeightPerSymbol, DEFAULT_PLATFORM_SETTINGS.risk.maxWeightPerSymbol);
  });

  it('names a misspelt key, a bad value and a source missing what it needs', () => {
    assert.throws(
      () => parse('platform:\n  symbol: [AAPL]\n  initial_cash: -5\n'),
      (error: unknown) => error instanceof ConfigError && /platform\.symbol: unknown key 'symbol'.*\n\s+fix: did you mean 'symbols'\?/.test(error.message) && /platform\.initial_cash/.test(error.message),
    );
    assert.throws(
      () => parse('platform:\n  risk: { stop_cooldown_sessions: 2.5 }\n'),
      (error: unknown) => error instanceof ConfigError && /config\.yaml:2:35: platform\.risk\.stop_cooldown_sessions: stop_cooldown_sessions must be a whole number of sessions from 0 to 250/.test(error.message),
    );
    assert.throws(
      () => parse('platform:\n  data: { source: csv_url }\n'),
      (error: unknown) => error instanceof ConfigError && /platform\.data: platform\.data\.source csv_url needs url_template/.test(error.message),
    );
  });
});
