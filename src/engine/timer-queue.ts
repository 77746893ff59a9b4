/**
 * Keys due at instants, woken by one clock timer for the earliest. Sleeps are capped at 30 s and
 * the clock is re-read on waking, so a long wait never overflows a timer and a suspended machine
 * catches up on wake (the croner habit).
 */
import type { Clock, TimerHandle } from '../clock.js';

const MAX_SLEEP_MS = 30_000;

export class TimerQueue<K> {
  readonly #due = new Map<K, number>();
  /** Binary min-heap of [at, key]; stale entries (key re-added or removed) are skipped lazily. */
  #heap: [number, K][] = [];
  #timer: TimerHandle | null = null;
  #armedFor = Infinity;
  #stopped = false;

  constructor(
    private readonly clock: Clock,
    private readonly onDue: (keys: K[], now: number) => void,
  ) {}

  get size(): number {
    return this.#due.size;
  }

  at(key: K): number | undefined {
    return this.#due.get(key);
  }

  set(key: K, at: number): void {
    this.#due.set(key, at);
    this.#push([at, key]);
    if (at < this.#armedFor) this.#arm();
  }

  delete(key: K): void {
    this.#due.delete(key);
  }

  stop(): void {
    this.#stopped = true;
    this.#timer?.cancel();
    this.#timer = null;
  }

  #arm(): void {
    if (this.#stopped) return;
    this.#timer?.cancel();
    this.#timer = null;
    this.#armedFor = Infinity;
    const head = this.#peekLive();
    if (!head) return;
    const delay = Math.min(MAX_SLEEP_MS, head[0] - this.clock.now());
    this.#armedFor = head[0];
    this.#timer = this.clock.setTimer(delay, () => this.#wake());
  }

  #wake(): void {
    this.#timer = null;
    this.#armedFor = Infinity;
    const now = this.clock.now();
    const keys: K[] = [];
    for (let head = this.#peekLive(); head && head[0] <= now; head = this.#peekLive()) {
      this.#pop();
      this.#due.delete(head[1]);
      keys.push(head[1]);
    }
    this.#arm();
    if (keys.length > 0) this.onDue(keys, now);
  }

  #peekLive(): [number, K] | undefined {
    while (this.#heap.length > 0) {
      const head = this.#heap[0]!;
      if (this.#due.get(head[1]) === head[0]) return head;
      this.#pop();
    }
    return undefined;
  }

  #push(item: [number, K]): void {
    const heap = this.#heap;
    heap.push(item);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent]![0] <= item[0]) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = item;
  }

  #pop(): void {
    const heap = this.#heap;
    const last = heap.pop()!;
    if (heap.length === 0) return;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child = right < heap.length && heap[right]![0] < heap[left]![0] ? right : left;
      if (heap[child]![0] >= last[0]) break;
      heap[i] = heap[child]!;
      i = child;
    }
    heap[i] = last;
  }
}
