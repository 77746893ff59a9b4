import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allows, hashToken, isLoopback, TokenTable, tokensFromEnvironment } from '../../src/api/auth.js';
import { isSecretKey, SecretFilter } from '../../src/api/secret-filter.js';
import { ConfigError } from '../../src/errors.js';

describe('API tokens', () => {
  it('hashes a token as sha256sum does', () => {
    assert.equal(hashToken('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('finds the caller of a bearer token, and nobody for anything else', () => {
    const table = new TokenTable([
      { name: 'a', role: 'viewer', sha256: hashToken('token-a') },
      { name: 'b', role: 'admin', sha256: hashToken('token-b') },
    ]);
    assert.deepEqual(table.authenticate('Bearer token-b'), { name: 'b', role: 'admin' });
    assert.deepEqual(table.authenticate('bearer   token-a '), { name: 'a', role: 'viewer' });
    for (const header of [undefined, '', 'Bearer', 'Bearer token-c', 'Basic token-a', 'Bearer token-a extra', 'token-a']) {
      assert.equal(table.authenticate(header), null, String(header));
    }
  });

  it('makes everybody the admin `local` when there are no tokens (open mode)', () => {
    const table = new TokenTable([]);
    assert.equal(table.open, true);
    assert.deepEqual(table.authenticate(undefined), { name: 'local', role: 'admin' });
  });

  it('orders the roles viewer < operator < admin', () => {
    assert.equal(allows({ name: 'x', role: 'viewer' }, 'viewer'), true);
    assert.equal(allows({ name: 'x', role: 'viewer' }, 'operator'), false);
    assert.equal(allows({ name: 'x', role: 'operator' }, 'operator'), true);
    assert.equal(allows({ name: 'x', role: 'operator' }, 'admin'), false);
    assert.equal(allows({ name: 'x', role: 'admin' }, 'operator'), true);
  });

  it('reads EVOLVE_API_TOKENS as role:token pairs, naming them by role', () => {
    assert.deepEqual(tokensFromEnvironment('admin:s3cret, viewer:abc,VIEWER:d:e:f'), [
      { name: 'env-admin', role: 'admin', sha256: hashToken('s3cret') },
      { name: 'env-viewer', role: 'viewer', sha256: hashToken('abc') },
      { name: 'env-viewer-2', role: 'viewer', sha256: hashToken('d:e:f') },
    ]);
    assert.deepEqual(tokensFromEnvironment(undefined), []);
    assert.deepEqual(tokensFromEnvironment('  '), []);
    assert.throws(() => tokensFromEnvironment('admin'), (e: unknown) => e instanceof ConfigError && /pair 1 is not role:token/.test(e.message));
    assert.throws(() => tokensFromEnvironment('admin:'), ConfigError);
  });

  it('tells loopback addresses from the others', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1']) assert.equal(isLoopback(host), true, host);
    for (const host of ['0.0.0.0', '::', '10.0.0.1', '192.168.1.1', 'example.com', '128.0.0.1']) assert.equal(isLoopback(host), false, host);
  });
});

describe('secrets in responses', () => {
  it('knows secret keys by whole words', () => {
    for (const key of ['api_key', 'apiKey', 'X-Api-Key', 'password', 'authToken', 'client_secret', 'Authorization', 'private_key', 'session_cookie']) assert.equal(isSecretKey(key), true, key);
    for (const key of ['max_tokens', 'key', 'symbol', 'keyboard', 'tokenizer', 'monkey', 'secretary']) assert.equal(isSecretKey(key), false, key);
  });

  it('hides secret keys, every header and env value, and secret variable values, leaving the rest', () => {
    const filter = new SecretFilter({ BROKER_PASSWORD: 'hunter2-long', SHORT_TOKEN: '1', PATH: '/usr/bin' });
    const out = filter.scrub({
      symbols: ['AAPL'],
      api_key: 'k',
      empty_token: '',
      nested: { headers: { 'Content-Type': 'application/json' }, env: { A: 'b' }, note: 'user:hunter2-long@host' },
      count: 1,
      path: '/usr/bin/python',
      feed: 'postgres://reader:pa55word@db:5432/prices and mailto:ops@example.com',
    });
    assert.deepEqual(out, {
      symbols: ['AAPL'],
      api_key: '[redacted]',
      empty_token: '',
      nested: { headers: { 'Content-Type': '[redacted]' }, env: { A: '[redacted]' }, note: 'user:***@host' },
      count: 1,
      path: '/usr/bin/python',
      feed: 'postgres://reader:[redacted]@db:5432/prices and mailto:ops@example.com',
    });
  });
});
