import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hashToken } from '../../src/api/auth.js';
import { parseConfig } from '../../src/config/load-config.js';
import { ConfigError, type ConfigIssue } from '../../src/errors.js';
import { parse } from '../support/config.js';

function issuesOf(yaml: string): ConfigIssue[] {
  try {
    parseConfig(yaml, 'schedule.yaml', { environ: {} });
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return [...error.issues];
  }
  assert.fail('the configuration loaded, but it should not have');
}

describe('the api: section', () => {
  it('defaults to 127.0.0.1:8700, on, without tokens, 64 KiB bodies and 1,200 requests a minute', () => {
    assert.deepEqual(parse('').api, { enabled: true, host: '127.0.0.1', port: 8700, tokens: [], bodyLimitBytes: 65_536, rateLimitPerMinute: 1200 });
  });

  it('reads tokens by their SHA-256 (any case), with roles in any case', () => {
    const hash = hashToken('s3cret-token');
    const config = parse(`api:\n  host: 0.0.0.0\n  port: 0\n  body_limit_kb: 8\n  rate_limit_per_minute: 0\n  tokens:\n    - { name: ci-bot, role: Operator, token_sha256: ${hash.toUpperCase()} }\n`);
    assert.deepEqual(config.api, { enabled: true, host: '0.0.0.0', port: 0, tokens: [{ name: 'ci-bot', role: 'operator', sha256: hash }], bodyLimitBytes: 8192, rateLimitPerMinute: 0 });
  });

  it('says what is wrong with a token entry and how to fix it', () => {
    const issues = issuesOf('api:\n  tokens:\n    - { name: ci, role: root, token_sha256: plaintext }\n  prot: 80\n');
    assert.deepEqual(
      issues.map((i) => [i.path, i.message]),
      [
        ['api.tokens[0].role', 'role must be one of viewer, operator, admin, got "root"'],
        ['api.tokens[0].token_sha256', 'token_sha256 must be the SHA-256 of the token as 64 hex digits (never the token itself), got "plaintext"'],
        ['api.prot', "unknown key 'prot' in section 'api'"],
      ],
    );
    assert.match(issues[1]!.fix!, /evolve api hash-token/);
    assert.match(issues[2]!.fix!, /did you mean 'port'\?/);
  });

  it('refuses a port out of range', () => {
    const [issue] = issuesOf('api: { port: 70000 }\n');
    assert.equal(issue?.message, 'port must be a TCP port from 0 to 65535 (0 picks a free one), got 70000');
  });
});
