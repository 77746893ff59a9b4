/** Parsing YAML in config tests: no process environment, and task lookup that fails clearly. */
import assert from 'node:assert/strict';
import { parseConfig, type LoadOptions } from '../../src/config/load-config.js';
import type { ResolvedConfig } from '../../src/config/types.js';
import { ConfigError } from '../../src/errors.js';
import type { TaskName } from '../../src/model/ids.js';
import type { TaskConfig } from '../../src/model/task.js';

export function parse(yaml: string, options: LoadOptions = {}): ResolvedConfig {
  return parseConfig(yaml, 'test.yaml', { environ: {}, ...options });
}

export function task(config: ResolvedConfig, name: string): TaskConfig {
  const found = config.tasks.get(name as TaskName);
  assert.ok(found, `task ${name} exists`);
  return found;
}

/** The issues a configuration is refused with, one `line:column path: message | fix` each; fails when it is accepted. */
export function issuesOf(yaml: string): string[] {
  try {
    parse(yaml);
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error.issues.map((i) => `${i.line}:${i.column} ${i.path}: ${i.message} | ${i.fix ?? ''}`);
  }
  return assert.fail('the configuration was accepted');
}
