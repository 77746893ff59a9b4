/**
 * Headlines from a folder of files: `*.json` (an array of items, or an object with an `items` or
 * `headlines` array) and `*.jsonl` / `*.ndjson` (one item per line). Files are read in name order
 * on every call, so a file dropped in the folder is seen by the next fetch. A malformed line or
 * item is reported with its file and line (or item number) and skipped; the rest are kept.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { checkRange, type HeadlineBatch, type HeadlineFetchOptions, type HeadlineSource } from './headline.js';
import { describeJsonShape, HeadlineCollector, itemsOf } from './headline-collector.js';
import { jsonErrorOffset } from './json-error-offset.js';
import { SentimentSourceError } from './sentiment-source-error.js';

export interface FileHeadlineSourceOptions {
  /** The folder to read. */
  dir: string;
  /** Files larger than this many bytes are skipped and reported. Default 20 MiB. */
  maxFileBytes?: number;
}

const LINE_FORMATS = new Set(['.jsonl', '.ndjson']);
const DEFAULT_MAX_FILE_BYTES = 20 * 1024 * 1024;

export class FileHeadlineSource implements HeadlineSource {
  readonly description: string;
  readonly #dir: string;
  readonly #maxFileBytes: number;

  constructor(options: FileHeadlineSourceOptions) {
    const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
    if (!(Number.isInteger(maxFileBytes) && maxFileBytes > 0)) {
      throw new SentimentSourceError('bad_option', `maxFileBytes must be a positive whole number of bytes, got ${maxFileBytes}`);
    }
    this.#dir = options.dir;
    this.#maxFileBytes = maxFileBytes;
    this.description = `headline files in ${options.dir}`;
  }

  async headlines(fromMs: number, toMs: number, options: HeadlineFetchOptions = {}): Promise<HeadlineBatch> {
    checkRange(fromMs, toMs);
    const collector = new HeadlineCollector(fromMs, toMs);
    for (const path of await this.#files()) {
      options.signal?.throwIfAborted();
      await this.#readFile(path, collector);
    }
    return collector.batch();
  }

  async #files(): Promise<string[]> {
    let names: string[];
    try {
      names = await readdir(this.#dir);
    } catch (error) {
      throw new SentimentSourceError('folder_missing', `cannot read the headlines folder ${this.#dir}: ${(error as Error).message}: create it or point the source at the right folder`, { cause: error });
    }
    return names
      .filter((name) => ['.json', ...LINE_FORMATS].includes(extname(name).toLowerCase()))
      .sort()
      .map((name) => join(this.#dir, name));
  }

  async #readFile(path: string, collector: HeadlineCollector): Promise<void> {
    const at = { where: path, line: null, item: null };
    let text: string;
    try {
      const { size } = await stat(path);
      if (size > this.#maxFileBytes) {
        collector.issue(at, `the file has ${size} bytes, more than maxFileBytes (${this.#maxFileBytes}): split it or raise the limit`);
        return;
      }
      text = (await readFile(path, 'utf8')).replace(/^\uFEFF/, '');
    } catch (error) {
      collector.issue(at, `cannot read the file: ${(error as Error).message}`);
      return;
    }
    const source = basename(path, extname(path));
    if (LINE_FORMATS.has(extname(path).toLowerCase())) readLines(path, text, source, collector);
    else readDocument(path, text, source, collector);
  }
}

function readLines(path: string, text: string, source: string, collector: HeadlineCollector): void {
  const lines = text.split(/\r?\n/);
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    const at = { where: path, line: index + 1, item: null };
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      collector.issue(at, `the line is not JSON (${(error as Error).message}): write one JSON object per line`);
      return;
    }
    collector.add(value, at, source);
  });
}

function readDocument(path: string, text: string, source: string, collector: HeadlineCollector): void {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    collector.issue({ where: path, line: lineOfJsonError(text), item: null }, `the file is not JSON (${message}): fix it, or use .jsonl for one item per line`);
    return;
  }
  const list = itemsOf(json);
  if (list === null) {
    collector.issue({ where: path, line: null, item: null }, `the file holds ${describeJsonShape(json)}: write an array of headlines or an object with an "items" array`);
    return;
  }
  list.items.forEach((item, index) => collector.add(item, { where: path, line: null, item: index + 1 }, list.title ?? source));
}

function lineOfJsonError(text: string): number | null {
  const offset = jsonErrorOffset(text);
  return offset === null ? null : text.slice(0, offset).split('\n').length;
}
