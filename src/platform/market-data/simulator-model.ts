import { MarketDataError } from './market-data-error.js';

/**
 * The parameters of the market simulator and its default universe.
 *
 * The model, per session t (all returns are log returns, annual figures are per 252 sessions):
 *
 *   regime s_t ∈ {bull, bear}: a two-state Markov chain; it leaves bull with probability
 *     1/bull.meanDays per session and bear with 1/bear.meanDays. The first session's regime is
 *     drawn from the chain's stationary distribution.
 *   volatility state v_t = √h_t · k(s_t), where h follows a unit-mean GARCH(1,1) driven by the
 *     market shock, h_{t+1} = (1 − a − b) + a·h_t·z_M,t² + b·h_t, h_1 = 1, and k(s) is the
 *     regime's volatility multiplier normalised so that E[k²] = 1 under the stationary
 *     distribution. Every component below is scaled by v_t, so volatility clusters market-wide
 *     and the correlation structure is the same in calm and stressed periods.
 *   market factor   m_t = μ(s_t)/252 + v_t · σ_M/√252 · z_M,t
 *   symbol i        r_i,t = α_i/252 + β_i·m_t
 *                          + v_t · (√(q_i·R_i)·z_S(i),t + √((1 − q_i)·R_i)·z_i,t)/√252
 *                          + Σ_{n=1}^{N_i,t} J_n,   N_i,t ~ Poisson(λ_i/252), J ~ N(μ_J,i, σ_J,i²)
 *   where R_i = σ_i² − β_i²·σ_M² is the non-market variance and q_i the share of it common to
 *   the symbol's sector (z_S is one N(0,1) shock per sector and session).
 *
 * Hence the diffusive annual volatility of symbol i is σ_i, and two symbols' return correlation
 * (jumps aside) is (β_i·β_j·σ_M² + [same sector]·√(q_i·R_i·q_j·R_j)) / (σ_i·σ_j).
 *
 * Bars: close_t = close_{t−1}·e^{r_t}; open_t = close_{t−1}·e^{g_t} with the overnight gap
 * g_t = overnightShare·r_t + overnightNoise·v_t·σ_i/√252·z_g; high and low extend max/min(open,
 * close) by rangeScale·v_t·σ_i/√252·|z| (half-normal). Prices are rounded to cents and never go
 * below 0.01; rounding is monotone, so high ≥ max(open, close) ≥ min(open, close) ≥ low > 0
 * hold exactly. Volume_t = volume·exp(volumeElasticity·(min(|r_t|/(σ_i/√252), 6) − 0.8)
 * + volumeNoise·z_v), rounded to whole shares: big moves trade more.
 */

/** One simulated symbol. */
export interface SymbolSpec {
  readonly symbol: string;
  /** Sector name; symbols of one sector share a sector shock. */
  readonly sector: string;
  /** Close before the first simulated session, in currency units. */
  readonly price: number;
  /** Annual volatility of the diffusive log return σ_i (0.25 = 25 %), jumps excluded. */
  readonly volatility: number;
  /** Loading β_i on the market factor. Needs β_i·σ_M ≤ σ_i. */
  readonly beta: number;
  /** Share q_i ∈ [0, 1] of the non-market variance that is common to the sector. */
  readonly sectorShare: number;
  /** Annual log drift α_i on top of β_i × the market's regime drift. */
  readonly alpha: number;
  /** Expected jumps per year λ_i (earnings, news); 0 for none. */
  readonly jumpsPerYear: number;
  /** Mean log size of one jump μ_J. */
  readonly jumpMean: number;
  /** Standard deviation of one jump's log size σ_J. */
  readonly jumpVolatility: number;
  /** Typical daily volume in shares on a quiet day. */
  readonly volume: number;
}

/** One regime of the market. */
export interface RegimeSpec {
  /** Annual log drift of the market factor μ(s). */
  readonly drift: number;
  /** Relative volatility multiplier before normalisation (bear is larger). */
  readonly volatility: number;
  /** Mean number of sessions the regime lasts once entered (≥ 1). */
  readonly meanDays: number;
}

/** Market-wide parameters. */
export interface MarketModel {
  /** Annual volatility of the market factor σ_M. Default 0.16. */
  readonly volatility: number;
  /** GARCH(1,1) ARCH weight a. Default 0.08. */
  readonly garchAlpha: number;
  /** GARCH(1,1) persistence weight b; a + b < 1. Default 0.90 (half-life of a shock ≈ 34 sessions). */
  readonly garchBeta: number;
  readonly bull: RegimeSpec;
  readonly bear: RegimeSpec;
  /** Fraction of the day's return that happens overnight (open vs previous close). Default 0.3. */
  readonly overnightShare: number;
  /** Extra overnight noise, in daily standard deviations. Default 0.2. */
  readonly overnightNoise: number;
  /** Intraday range beyond open/close, in daily standard deviations. Default 0.6. */
  readonly rangeScale: number;
  /** Log-volume response to a one-standard-deviation move. Default 0.5. */
  readonly volumeElasticity: number;
  /** Standard deviation of log volume noise. Default 0.25. */
  readonly volumeNoise: number;
}

export const TRADING_DAYS_PER_YEAR = 252;

export const DEFAULT_MARKET_MODEL: MarketModel = Object.freeze({
  volatility: 0.16,
  garchAlpha: 0.08,
  garchBeta: 0.9,
  // Bull markets last about two years, bear markets about four months (stationary P(bear) ≈ 0.14).
  bull: Object.freeze({ drift: 0.14, volatility: 1, meanDays: 500 }),
  bear: Object.freeze({ drift: -0.35, volatility: 1.8, meanDays: 80 }),
  overnightShare: 0.3,
  overnightNoise: 0.2,
  rangeScale: 0.6,
  volumeElasticity: 0.5,
  volumeNoise: 0.25,
});

function spec(
  symbol: string, sector: string, price: number, volatility: number, beta: number, sectorShare: number,
  alpha: number, jumpsPerYear: number, jumpVolatility: number, volume: number,
): SymbolSpec {
  return Object.freeze({ symbol, sector, price, volatility, beta, sectorShare, alpha, jumpsPerYear, jumpMean: 0, jumpVolatility, volume });
}

/**
 * The default universe: prices, volatilities and betas of the order seen in 2024, four jumps a
 * year (earnings) for single stocks and none for the index fund.
 */
export const DEFAULT_UNIVERSE: readonly SymbolSpec[] = Object.freeze([
  spec('AAPL', 'technology', 190, 0.27, 1.15, 0.45, 0.03, 4, 0.04, 55_000_000),
  spec('MSFT', 'technology', 410, 0.24, 1.05, 0.45, 0.03, 4, 0.035, 22_000_000),
  spec('GOOGL', 'technology', 170, 0.29, 1.1, 0.4, 0.02, 4, 0.05, 25_000_000),
  spec('AMZN', 'consumer', 180, 0.32, 1.2, 0.3, 0.02, 4, 0.05, 40_000_000),
  spec('NVDA', 'technology', 120, 0.5, 1.7, 0.35, 0.1, 5, 0.07, 300_000_000),
  spec('JPM', 'financials', 200, 0.23, 1.05, 0.5, 0, 2, 0.03, 9_000_000),
  spec('XOM', 'energy', 115, 0.27, 0.75, 0.55, 0, 2, 0.03, 16_000_000),
  spec('SPY', 'index', 520, 0.165, 1, 0, 0, 0, 0, 60_000_000),
]);

function invalid(message: string): MarketDataError {
  return new MarketDataError('EVOLVE_MARKET_DATA_INVALID', message);
}

/** Throws a MarketDataError naming the first parameter of `market` that is out of range. */
export function checkMarketModel(market: MarketModel): void {
  if (!(market.volatility > 0)) throw invalid(`market volatility must be > 0, got ${market.volatility}`);
  if (!(market.garchAlpha >= 0 && market.garchBeta >= 0 && market.garchAlpha + market.garchBeta < 1)) {
    throw invalid(`GARCH weights need a ≥ 0, b ≥ 0, a + b < 1; got a = ${market.garchAlpha}, b = ${market.garchBeta}`);
  }
  for (const [name, regime] of [['bull', market.bull], ['bear', market.bear]] as const) {
    if (!(regime.meanDays >= 1)) throw invalid(`${name}.meanDays must be ≥ 1, got ${regime.meanDays}`);
    if (!(regime.volatility > 0)) throw invalid(`${name}.volatility must be > 0, got ${regime.volatility}`);
  }
}

/** Throws a MarketDataError naming the first parameter of `symbol` that is out of range. */
export function checkSymbolSpec(symbol: SymbolSpec, market: MarketModel): void {
  const where = `simulated symbol ${symbol.symbol}`;
  if (!(symbol.price > 0)) throw invalid(`${where}: price must be > 0, got ${symbol.price}`);
  if (!(symbol.volatility > 0)) throw invalid(`${where}: volatility must be > 0, got ${symbol.volatility}`);
  if (Math.abs(symbol.beta) * market.volatility > symbol.volatility) {
    throw invalid(`${where}: |beta| × market volatility (${Math.abs(symbol.beta) * market.volatility}) exceeds its volatility ${symbol.volatility}; lower beta or raise volatility`);
  }
  if (!(symbol.sectorShare >= 0 && symbol.sectorShare <= 1)) throw invalid(`${where}: sectorShare must be in [0, 1], got ${symbol.sectorShare}`);
  if (!(symbol.jumpsPerYear >= 0) || !(symbol.jumpVolatility >= 0)) throw invalid(`${where}: jumpsPerYear and jumpVolatility must be ≥ 0`);
  if (!(symbol.volume > 0)) throw invalid(`${where}: volume must be > 0, got ${symbol.volume}`);
  if (!Number.isFinite(symbol.alpha) || !Number.isFinite(symbol.jumpMean)) throw invalid(`${where}: alpha and jumpMean must be finite numbers`);
}

/** The model's return correlation of two distinct symbols (jumps aside), from the formula above. */
export function modelCorrelation(a: SymbolSpec, b: SymbolSpec, market: MarketModel = DEFAULT_MARKET_MODEL): number {
  const residual = (s: SymbolSpec): number => s.volatility ** 2 - (s.beta * market.volatility) ** 2;
  const sector = a.sector === b.sector ? Math.sqrt(a.sectorShare * residual(a) * b.sectorShare * residual(b)) : 0;
  return (a.beta * b.beta * market.volatility ** 2 + sector) / (a.volatility * b.volatility);
}
