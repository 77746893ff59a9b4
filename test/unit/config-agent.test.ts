import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { taskFromDefinition } from '../../src/config/task-definition.js';
import { issuesOf, parse as parseWith } from '../support/config.js';

const parse = (yaml: string, environ: NodeJS.ProcessEnv = {}) => parseWith(yaml, { environ });

describe('agent kinds in the YAML', () => {
  it('resolves command and http agents under the task name, with ${VAR} secrets interpolated', () => {
    const config = parse(
      `
tasks:
  model_innovation:
    manual: true
    agent: { command: [python3, agents/model.py], cwd: ./py, env: { API_KEY: "\${MODEL_KEY}", DEPTH: 3 }, pass_env: [PYTHONPATH], kill_grace_seconds: 2 }
  sentiment_fetch:
    manual: true
    agent: { http: { url: "https://agents.example.com/sentiment", headers: { Authorization: "Bearer \${TOKEN}" }, timeout_seconds: 30 } }
`,
      { MODEL_KEY: 'k-123', TOKEN: 'tok' },
    );
    const model = config.tasks.get('model_innovation' as never)!;
    assert.equal(model.agent, 'model_innovation');
    assert.deepEqual(model.agentSpec, { kind: 'command', command: ['python3', 'agents/model.py'], cwd: './py', env: { API_KEY: 'k-123', DEPTH: '3' }, passEnv: ['PYTHONPATH'], killGraceMs: 2000 });
    const sentiment = config.tasks.get('sentiment_fetch' as never)!;
    assert.deepEqual(sentiment.agentSpec, { kind: 'http', url: 'https://agents.example.com/sentiment', headers: { Authorization: 'Bearer tok' }, timeoutMs: 30_000 });
  });

  it('reports each mistake with its place and a fix', () => {
    const issues = issuesOf(
      [
        'tasks:',
        '  a: { manual: true, agent: { comand: [python3, x.py] } }',
        '  b: { manual: true, agent: { module: ./x.js, command: [node, x.js] } }',
        '  c: { manual: true, agent: { module: ./x.js, cwd: ./here } }',
        '  d: { manual: true, agent: { http: { url: "ftp://x" } } }',
        '  e: { manual: true, agent: { command: [] } }',
        '  f: { manual: true, agent: { command: [python3, x.py], env: { "BAD-NAME": 1 } } }',
      ].join('\n'),
    );
    const expect = [
      /^2:31 tasks\.a\.agent\.comand: unknown key 'comand' \| did you mean 'command'\?/,
      /^3:47 tasks\.b\.agent\.command: the agent of task 'b' has module and command: an agent is one kind \| keep one of module: /,
      /^4:47 tasks\.c\.agent\.cwd: 'cwd' only applies to command agents, and this one is a module agent \| remove 'cwd'/,
      /^5:44 tasks\.d\.agent\.http\.url: url must be an http:\/\/ or https:\/\/ URL, got "ftp:\/\/x"/,
      /^6:40 tasks\.e\.agent\.command: command must be a non-empty list: the program, then its arguments, got an empty list/,
      /^7:64 tasks\.f\.agent\.env\.BAD-NAME: 'BAD-NAME' is not an environment variable name \| use letters, digits and _ only/,
    ];
    assert.equal(issues.length, expect.length, issues.join('\n'));
    expect.forEach((pattern, i) => assert.match(issues[i]!, pattern, issues[i]));
  });

  it('takes camelCase agent keys from code', () => {
    const config = parse('tasks: {}');
    const task = taskFromDefinition({ name: 'py_job', manual: true, agent: { command: ['python3', 'job.py'], passEnv: ['HOME'], killGraceSeconds: 1 } }, config);
    assert.deepEqual(task.agentSpec, { kind: 'command', command: ['python3', 'job.py'], cwd: null, env: {}, passEnv: ['HOME'], killGraceMs: 1000 });
    const web = taskFromDefinition({ name: 'web_job', manual: true, agent: { http: { url: 'http://127.0.0.1:9/x', timeoutSeconds: 2 } } }, config);
    assert.deepEqual(web.agentSpec, { kind: 'http', url: 'http://127.0.0.1:9/x', headers: {}, timeoutMs: 2000 });
  });
});
