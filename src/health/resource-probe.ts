/**
 * Resource health of the orchestrator's process and machine, each in [0, 1]:
 * memory (RSS against the memory limit: 1 below 50 %, 0 at 90 %), event-loop delay (p99: 1 below
 * 50 ms, 0 at 1 s) and free disk where the store lives (1 above 10 %, 0 at 1 %). The resource score
 * is the worst of the three: one exhausted resource is enough to be unhealthy.
 */
import { statfsSync } from 'node:fs';
import { totalmem } from 'node:os';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

export interface ResourceReading {
  score: number;
  memory: { rssBytes: number; limitBytes: number; score: number };
  eventLoop: { p99Ms: number; score: number };
  disk: { path: string; freeFraction: number; score: number } | null;
}

const clamp = (value: number): number => Math.min(1, Math.max(0, value));
/** 1 at or below `good`, 0 at or above `bad`, linear between. */
const falling = (value: number, good: number, bad: number): number => clamp((bad - value) / (bad - good));

export class ResourceProbe {
  readonly #histogram: IntervalHistogram;
  readonly #diskPath: string | null;

  constructor(diskPath: string | null) {
    this.#diskPath = diskPath;
    this.#histogram = monitorEventLoopDelay({ resolution: 20 });
    this.#histogram.enable();
  }

  read(): ResourceReading {
    const rssBytes = process.memoryUsage.rss();
    const constrained = typeof process.constrainedMemory === 'function' ? process.constrainedMemory() : 0;
    const limitBytes = constrained && constrained > 0 && constrained < Number.MAX_SAFE_INTEGER ? constrained : totalmem();
    const memoryScore = falling(rssBytes / limitBytes, 0.5, 0.9);
    const p99Ms = this.#histogram.percentile(99) / 1e6;
    this.#histogram.reset();
    const lagScore = falling(p99Ms, 50, 1000);
    const disk = this.#readDisk();
    const score = Math.min(memoryScore, lagScore, disk?.score ?? 1);
    return {
      score: Math.round(score * 1000) / 1000,
      memory: { rssBytes, limitBytes, score: memoryScore },
      eventLoop: { p99Ms: Math.round(p99Ms * 10) / 10, score: lagScore },
      disk,
    };
  }

  #readDisk(): ResourceReading['disk'] {
    if (this.#diskPath === null) return null;
    try {
      const stats = statfsSync(this.#diskPath);
      const freeFraction = stats.blocks > 0 ? stats.bavail / stats.blocks : 1;
      return { path: this.#diskPath, freeFraction: Math.round(freeFraction * 1000) / 1000, score: clamp((freeFraction - 0.01) / 0.09) };
    } catch {
      return null;
    }
  }

  close(): void {
    this.#histogram.disable();
  }
}
