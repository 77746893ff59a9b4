/**
 * Environment variables in string values: `${VAR}`, `${VAR:-default}` (used when VAR is unset or
 * empty) and `$${` for a literal `${`. Keys are never interpolated. A plain (unquoted) scalar is
 * read again as a YAML scalar after substitution, so `interval_minutes: ${SYNC_EVERY:-5}` is the
 * number 5 and `file: ${LOG_FILE:-}` is null; a quoted one always stays a string.
 */
import { isMap, isScalar, isSeq, parse, type Document, type Node, type Scalar } from 'yaml';
import type { IssueCollector } from './issue-collector.js';
import type { KeyPath, Position, SourceMap } from './source-map.js';

const REFERENCE = /^([A-Za-z_][A-Za-z0-9_]*)(?::-([\s\S]*))?$/;

export interface Substitution {
  value: string;
  /** Variables that are unset and have no default. */
  missing: string[];
  /** `${…}` that is not `${NAME}` or `${NAME:-default}`, as written. */
  malformed: string[];
}

/** Replaces every `${…}` in one string. */
export function substitute(text: string, environ: NodeJS.ProcessEnv): Substitution {
  const result: Substitution = { value: '', missing: [], malformed: [] };
  let i = 0;
  while (i < text.length) {
    if (text.startsWith('$${', i)) {
      result.value += '${';
      i += 3;
    } else if (text.startsWith('${', i)) {
      const end = text.indexOf('}', i + 2);
      const reference = end === -1 ? text.slice(i) : text.slice(i, end + 1);
      const match = end === -1 ? null : REFERENCE.exec(text.slice(i + 2, end));
      if (match === null) result.malformed.push(reference);
      else result.value += lookup(match[1] ?? '', match[2], environ, result.missing);
      i += reference.length;
    } else {
      result.value += text[i];
      i += 1;
    }
  }
  return result;
}

function lookup(name: string, fallback: string | undefined, environ: NodeJS.ProcessEnv, missing: string[]): string {
  const value = environ[name];
  if (fallback !== undefined && (value === undefined || value === '')) return fallback;
  if (value === undefined) {
    missing.push(name);
    return '';
  }
  return value;
}

/** Substitutes in every string value of the document, reporting unset variables where they are written. */
export function interpolateDocument(doc: Document, text: string, environ: NodeJS.ProcessEnv, issues: IssueCollector, map: SourceMap): void {
  walk(doc.contents, [], (scalar, path) => {
    if (typeof scalar.value !== 'string' || !scalar.value.includes('${')) return;
    const result = substitute(scalar.value, environ);
    const source = scalar.range ? text.slice(scalar.range[0], scalar.range[1]) : '';
    for (const name of result.missing) {
      issues.addAt(positionOf(scalar, source, `\${${name}`, map), path, `environment variable ${name} is not set`, `set ${name} in the environment, or give a default: \${${name}:-value}`);
    }
    for (const reference of result.malformed) {
      issues.addAt(
        positionOf(scalar, source, reference, map),
        path,
        `malformed variable reference '${reference}'`,
        'write ${NAME} or ${NAME:-default} (NAME: letters, digits and _), or $${ for a literal ${',
      );
    }
    scalar.value = scalar.type === 'PLAIN' ? retype(result.value) : result.value;
  });
}

function walk(node: Node | null | undefined, path: KeyPath, visit: (scalar: Scalar, path: KeyPath) => void): void {
  if (isScalar(node)) visit(node, path);
  else if (isSeq(node)) node.items.forEach((item, index) => walk(item as Node, [...path, index], visit));
  else if (isMap(node)) {
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '?';
      walk(pair.value as Node | null, [...path, key], visit);
    }
  }
}

/** A plain scalar's text read as YAML: numbers, booleans and null keep their type. */
function retype(text: string): unknown {
  if (/^(?:~|null|Null|NULL)?$/.test(text.trim())) return null;
  try {
    const value: unknown = parse(text);
    return typeof value === 'number' || typeof value === 'boolean' ? value : text;
  } catch {
    return text;
  }
}

/** The exact column of a reference in a one-line value, else the value's start. */
function positionOf(scalar: Scalar, source: string, needle: string, map: SourceMap): Position | null {
  const start = scalar.range?.[0];
  if (start === undefined) return null;
  const index = source.indexOf(needle);
  return map.position(index >= 0 && !source.slice(0, index).includes('\n') ? start + index : start);
}
