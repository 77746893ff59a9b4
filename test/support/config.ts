/** Parsing YAML in config tests: no process environment, and task lookup that fails clearly. */
import assert from 'node:assert/strict';
import { parseConfig, type LoadOptions } from '../../src/config/load-config.js';
import type { ResolvedConfig } from '../../src/config/types.js';
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
