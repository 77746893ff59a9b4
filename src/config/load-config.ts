/**
 * Loading `config/task_schedule.yaml`: text → YAML document (syntax errors located) → `${VAR}`
 * interpolation → validated (every issue collected, then one ConfigError) → resolved and frozen.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { LineCounter, parseDocument, type YAMLError } from 'yaml';
import { EvolveError, describeError } from '../errors.js';
import { interpolateDocument } from './interpolate.js';
import { IssueCollector } from './issue-collector.js';
import { resolveConfig } from './resolve.js';
import { SourceMap } from './source-map.js';
import type { ResolvedConfig } from './types.js';
import { validateConfig, type ValidateOptions } from './validate-config.js';

export interface LoadOptions {
  /** The environment to apply; when absent (or null), `EVOLVE_ENV` from `environ`; else none. */
  env?: string | null;
  /** Variables for `${VAR}` and `EVOLVE_ENV`. Default process.env. */
  environ?: NodeJS.ProcessEnv;
  /** Registered condition names; when given, a task naming another condition is an error. */
  knownConditions?: ReadonlySet<string>;
  /** Overrides `store.data_dir`. */
  dataDir?: string;
}

/** Reads and validates a configuration file. Throws ConfigError, or EvolveError EVOLVE_CONFIG_NOT_FOUND. */
export function loadConfig(path: string, options: LoadOptions = {}): ResolvedConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new EvolveError(
        'EVOLVE_CONFIG_NOT_FOUND',
        `configuration file ${path} does not exist (looked for ${resolve(path)}): create it (the package ships config/task_schedule.yaml as a starting point) or pass --config <file>`,
        { cause: error },
      );
    }
    const issues = new IssueCollector(path, null);
    issues.addAt(null, [], `cannot read the configuration file: ${describeError(error)}`, 'check that the path names a readable file');
    issues.throwIfAny();
    throw error;
  }
  return parseConfig(text, path, options);
}

/** Validates configuration text; `file` names it in messages (`<…>` for text without a file). */
export function parseConfig(text: string, file: string, options: LoadOptions = {}): ResolvedConfig {
  const environ = options.environ ?? process.env;
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, merge: true, prettyErrors: false, uniqueKeys: true });
  const map = new SourceMap(doc, lineCounter);
  const issues = new IssueCollector(file, map);
  reportSyntaxErrors(doc.errors, text, issues, map);
  issues.throwIfAny();

  interpolateDocument(doc, text, environ, issues, map);
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 1_000 });
  } catch (error) {
    issues.addAt({ line: 1, column: 1 }, [], `the YAML cannot be read: ${describeError(error)}`, 'check the anchors (&name) and aliases (*name) in the file');
    issues.throwIfAny();
  }
  const validated = validateConfig(raw, issues, { env: chooseEnv(options, environ), knownConditions: options.knownConditions });
  issues.throwIfAny();
  return resolveConfig(validated, { sourcePath: file.startsWith('<') ? null : resolve(file), dataDir: options.dataDir });
}

/** All defaults and no tasks: for an orchestrator configured entirely in code. */
export function defaultConfig(options: Pick<LoadOptions, 'dataDir'> = {}): ResolvedConfig {
  const issues = new IssueCollector('<defaults>', null);
  const validated = validateConfig({}, issues, { env: null });
  issues.throwIfAny();
  return resolveConfig(validated, { sourcePath: null, dataDir: options.dataDir });
}

function chooseEnv(options: LoadOptions, environ: NodeJS.ProcessEnv): ValidateOptions['env'] {
  if (options.env !== undefined && options.env !== null && options.env !== '') return { name: options.env, chosenBy: '--env' };
  const fromEnviron = environ['EVOLVE_ENV'];
  return fromEnviron !== undefined && fromEnviron !== '' ? { name: fromEnviron, chosenBy: 'EVOLVE_ENV' } : null;
}

/**
 * After one structural error the parser reports many more that only follow from it, so only the
 * first is shown; duplicate keys and tabs are independent and are all shown.
 */
function reportSyntaxErrors(errors: readonly YAMLError[], text: string, issues: IssueCollector, map: SourceMap): void {
  const independent = new Set(['DUPLICATE_KEY', 'TAB_AS_INDENT']);
  const first = errors.find((error) => !independent.has(error.code));
  for (const error of errors) {
    if (error !== first && !independent.has(error.code)) continue;
    const message = error.message.replace(/\s+at line \d+, column \d+[\s\S]*$/, '');
    issues.addAt(map.position(error.pos[0]), [], `YAML syntax error: ${message}`, syntaxFix(error, text));
  }
}

function syntaxFix(error: YAMLError, text: string): string {
  const lineText = text.slice(text.lastIndexOf('\n', error.pos[0] - 1) + 1).split('\n')[0] ?? '';
  if (lineText.includes('${') && /[{[]/.test(lineText.replace(/\$\{[^}]*\}/g, ''))) {
    return 'inside { } or [ ], put a value containing ${…} in quotes, or write the mapping in block style (one key per line)';
  }
  if (/:\s*[*&!|>%@`]/.test(lineText) && /cron|\*/.test(lineText)) {
    return 'put the value in quotes: a value starting with *, &, !, |, >, %, @ or ` is YAML syntax (e.g. cron: "*/5 * * * *")';
  }
  switch (error.code) {
    case 'DUPLICATE_KEY':
      return 'remove or rename one of the keys: each key may appear once in a mapping';
    case 'TAB_AS_INDENT':
      return 'indent with spaces, not tabs';
    case 'BAD_INDENT':
    case 'MISSING_CHAR':
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY':
      return 'check the indentation and that every key is followed by ": " (a colon and a space)';
    case 'BAD_ALIAS':
    case 'BAD_SCALAR_START':
      return 'put the value in quotes';
    case 'MULTIPLE_DOCS':
      return 'keep one YAML document in the file (remove the extra "---")';
    default:
      return 'fix the YAML syntax at this position (a value with ": " or " #" in it needs quotes)';
  }
}
