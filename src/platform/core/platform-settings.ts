/**
 * What the reference platform trades and how: the universe, where its data comes from, the paper
 * account and the risk and trading limits. Defaults make `evolve start --integrated` run out of
 * the box on simulated data.
 */
import type { RawPlatform } from '../../config/platform-section.js';
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
  risk: {
    maxWeightPerSymbol: number;
    maxGrossExposure: number;
    stopLossPct: number;
    trailingStopPct: number;
    /** Sessions that must close after a stop-loss or trailing-stop exit before rebalancing buys the symbol again. */
    stopCooldownSessions: number;
  };
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
  risk: { maxWeightPerSymbol: 0.25, maxGrossExposure: 1, stopLossPct: 0.08, trailingStopPct: 0.15, stopCooldownSessions: 5 },
  rebalance: { threshold: 0.05 },
  explanationLlmUrl: null,
};

/** The `platform:` section with the defaults applied. */
export function platformSettings(raw: RawPlatform | null): PlatformSettings {
  if (raw === null) return DEFAULT_PLATFORM_SETTINGS;
  const d = DEFAULT_PLATFORM_SETTINGS;
  return {
    symbols: raw.symbols ?? d.symbols,
    benchmark: raw.benchmark ?? d.benchmark,
    data: dataSource(raw.data),
    historySessions: raw.history_sessions ?? d.historySessions,
    headlines: headlineSource(raw.headlines),
    account: { initialCash: raw.initial_cash ?? d.account.initialCash },
    trading: {
      slippageBps: raw.trading?.slippage_bps ?? d.trading.slippageBps,
      commissionBps: raw.trading?.commission_bps ?? d.trading.commissionBps,
      commissionPerTrade: raw.trading?.commission_per_trade ?? d.trading.commissionPerTrade,
    },
    risk: {
      maxWeightPerSymbol: raw.risk?.max_weight_per_symbol ?? d.risk.maxWeightPerSymbol,
      maxGrossExposure: raw.risk?.max_gross_exposure ?? d.risk.maxGrossExposure,
      stopLossPct: raw.risk?.stop_loss_pct ?? d.risk.stopLossPct,
      trailingStopPct: raw.risk?.trailing_stop_pct ?? d.risk.trailingStopPct,
      stopCooldownSessions: raw.risk?.stop_cooldown_sessions ?? d.risk.stopCooldownSessions,
    },
    rebalance: { threshold: raw.rebalance_threshold ?? d.rebalance.threshold },
    explanationLlmUrl: raw.explanation_llm_url ?? null,
  };
}

function dataSource(raw: RawPlatform['data']): DataSourceSettings {
  // readPlatform has checked that each source has the keys it needs.
  switch (raw?.source ?? 'simulator') {
    case 'csv_dir':
      return { kind: 'csv_dir', dir: raw!.dir! };
    case 'csv_url':
      return { kind: 'csv_url', urlTemplate: raw!.url_template! };
    default:
      return { kind: 'simulator', seed: raw?.seed ?? 42, start: raw?.start ?? '2018-01-02' };
  }
}

function headlineSource(raw: RawPlatform['headlines']): HeadlineSourceSettings {
  switch (raw?.source ?? 'sample') {
    case 'files':
      return { kind: 'files', dir: raw!.dir! };
    case 'url':
      return { kind: 'url', url: raw!.url! };
    default:
      return { kind: 'sample', seed: raw?.seed ?? 42 };
  }
}
