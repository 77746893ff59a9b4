/**
 * Collects every problem found in one configuration (YAML file, code definition or update), each
 * located at file:line:column when the source allows, so that the user sees all of them at once.
 */
import { closest } from '../closest-name.js';
import { ConfigError, type ConfigIssue } from '../errors.js';
import { formatKeyPath, type KeyPath, type Position, type SourceMap } from './source-map.js';

/** Where on a line an issue points: the key (unknown or missing keys) or its value (bad values). */
export type Anchor = 'key' | 'value';

export interface CollectorOptions {
  /** How key names are shown (camelCase for definitions written in code). */
  displayKey?: (key: string, path: KeyPath, index: number) => string;
}

export class IssueCollector {
  readonly issues: ConfigIssue[] = [];
  readonly #displayKey: NonNullable<CollectorOptions['displayKey']>;

  constructor(
    readonly file: string,
    private readonly map: SourceMap | null,
    options: CollectorOptions = {},
  ) {
    this.#displayKey = options.displayKey ?? ((key) => key);
  }

  /** An issue located at the key or the value of a path. */
  add(path: KeyPath, anchor: Anchor, message: string, fix: string | null): void {
    const position = anchor === 'key' ? this.map?.keyPosition(path) : this.map?.valuePosition(path);
    this.addAt(position ?? null, path, message, fix);
  }

  /** An issue at an exact position (YAML syntax errors, a `${VAR}` inside a value). */
  addAt(position: Position | null, path: KeyPath, message: string, fix: string | null): void {
    this.issues.push({
      file: this.file,
      line: position?.line ?? null,
      column: position?.column ?? null,
      path: this.pathText(path),
      message,
      fix,
    });
  }

  /** The key as the user wrote it (snake_case in YAML, camelCase in code). */
  key(path: KeyPath): string {
    const last = path[path.length - 1];
    if (last === undefined) return '(top level)';
    if (typeof last === 'string') return this.#displayKey(last, path, path.length - 1);
    return `${this.key(path.slice(0, -1))}[${last}]`;
  }

  pathText(path: KeyPath): string {
    return formatKeyPath(path.map((segment, index) => (typeof segment === 'string' ? this.#displayKey(segment, path, index) : segment)));
  }

  get count(): number {
    return this.issues.length;
  }

  /** Throws one ConfigError listing every issue in file order, if there are any. */
  throwIfAny(): void {
    if (this.issues.length === 0) return;
    throw new ConfigError(sortIssues(this.issues));
  }
}

export function sortIssues(issues: readonly ConfigIssue[]): ConfigIssue[] {
  return issues
    .map((issue, order) => ({ issue, order }))
    .sort((a, b) => {
      const line = (a.issue.line ?? Infinity) - (b.issue.line ?? Infinity);
      if (line !== 0 && !Number.isNaN(line)) return line;
      const column = (a.issue.column ?? 0) - (b.issue.column ?? 0);
      return column !== 0 ? column : a.order - b.order;
    })
    .map(({ issue }) => issue);
}

/** `did you mean 'x'?`, else the list of valid names. */
export function suggestion(name: string, candidates: readonly string[], what: string): string {
  const near = closest(name, candidates);
  if (near !== null) return `did you mean '${near}'?`;
  if (candidates.length === 0) return `there are no ${what}`;
  return `valid ${what}: ${candidates.join(', ')}`;
}

/** A value as it appears in a message: strings quoted, lists and mappings named. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null (an empty value)';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : 'a list';
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}
