import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { substitute } from '../../src/config/interpolate.js';
import { parse, task } from '../support/config.js';

const MIN = 60_000;

describe('${VAR} interpolation', () => {
  it('substitutes variables, defaults and escapes in string values', () => {
    const yaml = `
store: { data_dir: "\${DATA}/evolve" }
tasks:
  a:
    manual: true
    description: "$\${NOT_A_VAR} and \${WHO:-nobody}"
    parameters:
      url: \${API_URL:-http://localhost:8080}/v1
      empty_uses_default: "\${EMPTY:-fallback}"
`;
    const config = parse(yaml, { environ: { DATA: '/srv', EMPTY: '' } });
    assert.equal(config.store.dataDir, '/srv/evolve');
    assert.equal(task(config, 'a').description, '${NOT_A_VAR} and nobody');
    assert.deepEqual(task(config, 'a').parameters, { url: 'http://localhost:8080/v1', empty_uses_default: 'fallback' });
  });

  it('reads an unquoted value again as YAML after substitution, so numbers and booleans keep their type', () => {
    const yaml = 'tasks:\n  a:\n    interval_minutes: ${EVERY:-5}\n    enabled: ${ON}\n    max_duration_minutes: ${SLA:-}\n    description: "${N}"\n';
    const t = task(parse(yaml, { environ: { ON: 'false', N: '42' } }), 'a');
    assert.deepEqual(t.schedule, { kind: 'interval', everyMs: 5 * MIN, runAtStart: true });
    assert.equal(t.enabled, false);
    assert.equal(t.maxDurationMs, null);
    assert.equal(t.description, '42', 'a quoted value stays a string');
  });

  it('never interpolates keys', () => {
    const t = task(parse('tasks:\n  a:\n    manual: true\n    parameters: { "${K}": 1 }\n'), 'a');
    assert.deepEqual(t.parameters, { '${K}': 1 });
  });

  it('leaves text without references unchanged and unescapes $${ (property)', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const plain = text.replaceAll('$', '');
        assert.deepEqual(substitute(plain, {}), { value: plain, missing: [], malformed: [] });
        const escaped = plain.replaceAll('{', () => '$${');
        assert.equal(substitute(escaped, {}).value, plain.replaceAll('{', () => '${'));
      }),
    );
  });
});
