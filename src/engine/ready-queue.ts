/**
 * Runs ready to start, one FIFO per priority ordered by when they became due. The next run is the
 * one with the highest effective rank: its priority rank plus one level per `agingMs` waited, so a
 * low-priority run that has waited long enough overtakes newer high-priority work (no starvation).
 * Ties go to the run due earliest (the most overdue).
 */
import type { RunId } from '../model/ids.js';
import { PRIORITY_RANK, type Priority } from '../model/task.js';

export interface ReadyEntry {
  runId: RunId;
  priority: Priority;
  /** When it became due (slot instant, or enqueue time): orders runs of one priority. */
  dueAt: number;
}

class SortedDeque {
  #items: ReadyEntry[] = [];
  #head = 0;

  get size(): number {
    return this.#items.length - this.#head;
  }

  at(offset: number): ReadyEntry | undefined {
    return this.#items[this.#head + offset];
  }

  insert(entry: ReadyEntry): void {
    const items = this.#items;
    // Appends are the common case: runs become due in time order.
    let index = items.length;
    while (index > this.#head && items[index - 1]!.dueAt > entry.dueAt) index--;
    items.splice(index, 0, entry);
  }

  removeAt(offset: number): ReadyEntry {
    const index = this.#head + offset;
    const entry = this.#items[index]!;
    if (offset === 0) {
      this.#head++;
      if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
        this.#items = this.#items.slice(this.#head);
        this.#head = 0;
      }
    } else {
      this.#items.splice(index, 1);
    }
    return entry;
  }

  remove(runId: RunId): boolean {
    for (let offset = 0; offset < this.size; offset++) {
      if (this.at(offset)!.runId === runId) {
        this.removeAt(offset);
        return true;
      }
    }
    return false;
  }
}

export class ReadyQueue {
  readonly #lanes = new Map<Priority, SortedDeque>(
    (Object.keys(PRIORITY_RANK) as Priority[]).map((priority) => [priority, new SortedDeque()]),
  );
  readonly #agingMs: number;
  /** Ids held, so removing a run that is not here costs nothing. */
  readonly #ids = new Set<RunId>();

  /** @param agingMs waiting this long raises a run by one priority level. Default 5 minutes. */
  constructor(agingMs = 5 * 60_000) {
    this.#agingMs = agingMs;
  }

  get size(): number {
    return this.#ids.size;
  }

  push(entry: ReadyEntry): void {
    this.#lanes.get(entry.priority)!.insert(entry);
    this.#ids.add(entry.runId);
  }

  remove(runId: RunId): boolean {
    if (!this.#ids.delete(runId)) return false;
    for (const lane of this.#lanes.values()) if (lane.remove(runId)) return true;
    return false;
  }

  /**
   * Removes and returns the best entry that `eligible` accepts; entries it refuses (a task that
   * allows one run at a time and has one running) keep their place.
   */
  take(now: number, eligible: (entry: ReadyEntry) => boolean): ReadyEntry | undefined {
    let best: { lane: SortedDeque; offset: number; score: number; dueAt: number } | undefined;
    for (const [priority, lane] of this.#lanes) {
      for (let offset = 0; offset < lane.size; offset++) {
        const entry = lane.at(offset)!;
        if (!eligible(entry)) continue;
        const score = PRIORITY_RANK[priority] + Math.max(0, now - entry.dueAt) / this.#agingMs;
        if (!best || score > best.score || (score === best.score && entry.dueAt < best.dueAt)) {
          best = { lane, offset, score, dueAt: entry.dueAt };
        }
        break; // within a lane, the first eligible entry is the oldest, so the best of that lane
      }
    }
    if (!best) return undefined;
    const entry = best.lane.removeAt(best.offset);
    this.#ids.delete(entry.runId);
    return entry;
  }
}
