/**
 * What the reference platform trades and how: the universe, where its data comes from, the paper
 * account and the risk and trading limits. Defaults make `evolve start --integrated` run out of
 * the box on simulated data.
 */
import { DEFAULT_UNIVERSE } from '../market-data/index.js';

export type DataSourceSettings =
  | { kind: 'simulator'; seed: number; start: string }
  | { kind: 'csv_dir'; dir: string }
  | { kind: 'csv_url'; urlTemplate: string };

export type HeadlineSourceSettings = { kind: 'sample'; seed: number } | { kind: 'files'; dir: string } | { kind: 'url'; url: string };

export interface PlatformSettings {
  /** Symbols traded and analysed. */
  symbols: readonly string[];
  /** The market benchmark (market_volatility is judged on it). */
  benchmark: string;
  data: DataSourceSettings;
  /** Sessions of history kept and analysed. */
  historySessions: number;
  headlines: HeadlineSourceSettings;
  account: { initialCash: number };
  trading: { slippageBps: number; commissionBps: number; commissionPerTrade: number };
  risk: { maxWeightPerSymbol: number; maxGrossExposure: number; stopLossPct: number; trailingStopPct: number };
  rebalance: { threshold: number };
  /** An LLM endpoint that rewrites explanations (POST { facts, text } → { text }); null: off. */
  explanationLlmUrl: string | null;
}

export const DEFAULT_PLATFORM_SETTINGS: PlatformSettings = {
  symbols: DEFAULT_UNIVERSE.map((spec) => spec.symbol),
  benchmark: 'SPY',
  data: { kind: 'simulator', seed: 42, start: '2018-01-02' },
  historySessions: 504,
  headlines: { kind: 'sample', seed: 42 },
  account: { initialCash: 1_000_000 },
  trading: { slippageBps: 5, commissionBps: 1, commissionPerTrade: 1 },
  risk: { maxWeightPerSymbol: 0.25, maxGrossExposure: 1, stopLossPct: 0.08, trailingStopPct: 0.15 },
  rebalance: { threshold: 0.05 },
  explanationLlmUrl: null,
};
