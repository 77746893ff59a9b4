/**
 * Where a key path is written in a YAML file: `tasks.data_sync.priority` → line 12, column 5.
 * Built on yaml's parsed Document (node ranges are character offsets) and a LineCounter.
 * A path that is not written in the file (a missing key, a value reached through an alias
 * that was merged in) is located at its nearest written ancestor.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node, type Pair } from 'yaml';

/** A key path: map keys and list indexes, from the top of the file. */
export type KeyPath = readonly (string | number)[];

export interface Position {
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
}

/** `tasks.data_sync.dependencies[0]`. */
export function formatKeyPath(path: KeyPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out;
}

interface Located {
  /** The pair whose key names the last path segment (absent for list items and the root). */
  pair: Pair | null;
  node: Node | null;
}

export class SourceMap {
  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  /** The position of an offset in the text. */
  position(offset: number): Position {
    const { line, col } = this.lines.linePos(offset);
    return { line, column: col };
  }

  /** Where the key of the last path segment is written (for a list item: the item). */
  keyPosition(path: KeyPath): Position | null {
    return this.#locate(path, 'key');
  }

  /** Where the value at the path is written (an empty value: its key). */
  valuePosition(path: KeyPath): Position | null {
    return this.#locate(path, 'value');
  }

  #locate(path: KeyPath, where: 'key' | 'value'): Position | null {
    // A missing top-level section has no better place than the file itself (no line).
    const shallowest = path.length === 0 ? 0 : 1;
    for (let depth = path.length; depth >= shallowest; depth--) {
      const found = this.#find(path.slice(0, depth));
      if (found === null) continue;
      const keyNode = found.pair !== null && isScalar(found.pair.key) ? found.pair.key : null;
      // A missing key is reported at its parent's key, never at the parent's whole value.
      const wantKey = where === 'key' || depth < path.length;
      const node = wantKey ? (keyNode ?? found.node) : (found.node ?? keyNode);
      const offset = node?.range?.[0];
      if (offset !== undefined) return this.position(offset);
    }
    return null;
  }

  #find(path: KeyPath): Located | null {
    let current: Located = { pair: null, node: this.#deref(this.doc.contents) };
    for (const segment of path) {
      const next = this.#child(current.node, segment);
      if (next === null) return null;
      current = next;
    }
    return current;
  }

  #child(node: Node | null, segment: string | number): Located | null {
    if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      return isNodeLike(item) ? { pair: null, node: this.#deref(item) } : null;
    }
    if (!isMap(node)) return null;
    for (const pair of node.items) {
      if (isScalar(pair.key) && String(pair.key.value) === String(segment)) {
        return { pair, node: isNodeLike(pair.value) ? this.#deref(pair.value) : null };
      }
    }
    return this.#fromMergeKeys(node.items, segment);
  }

  /** `<<: *defaults`: a key may be written in the merged-in mapping. */
  #fromMergeKeys(pairs: readonly Pair[], segment: string | number): Located | null {
    for (const pair of pairs) {
      if (!isPair(pair) || !isMergeKey(pair.key)) continue;
      const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
      for (const source of sources) {
        const found = this.#child(isNodeLike(source) ? this.#deref(source) : null, segment);
        if (found !== null) return found;
      }
    }
    return null;
  }

  #deref(node: unknown): Node | null {
    if (isAlias(node)) return node.resolve(this.doc) ?? null;
    return isNodeLike(node) ? node : null;
  }
}

/** With merge keys on, yaml gives `<<` the value Symbol(<<). */
function isMergeKey(key: unknown): boolean {
  if (!isScalar(key)) return false;
  return key.value === '<<' || (typeof key.value === 'symbol' && key.value.description === '<<');
}

function isNodeLike(value: unknown): value is Node {
  return isMap(value) || isSeq(value) || isScalar(value) || isAlias(value);
}
