import { ForecastError } from './forecast-error.js';
import type { FittedModel } from './fitted-model.js';
import { requireLength } from './series-checks.js';

/**
 * AR(p) on first differences — ARIMA(p,1,0) with a constant; on log prices, an AR model of log
 * returns — fitted by conditional least squares:
 *   r_t = y_t − y_{t−1},   r_t = c + φ_1·r_{t−1} + … + φ_p·r_{t−p} + ε_t.
 *
 * Order selection: every p from 0 to maxOrder is fitted on the same sample (t from maxOrder on)
 * so their AICs compare, AIC(p) = m·ln(SSE_p/m) + 2(p + 1); the smallest wins, the lower order
 * on a tie. The chosen order is then refitted on all the data, σ̂² = SSE/(m − p − 1).
 *
 * Forecasts iterate the recursion for the returns and add them up to the level. Error variance
 * from the MA(∞) ψ-weights of the returns, ψ_0 = 1, ψ_j = Σ_{i=1}^{min(j,p)} φ_i·ψ_{j−i}: the level
 * error at step h is Σ_{k=1}^{h} Ψ_{h−k}·ε_{T+k} with Ψ_n = ψ_0 + … + ψ_n, so
 * sd_h² = σ̂²·Σ_{n=0}^{h−1} Ψ_n² (parameter uncertainty ignored, as in most software).
 */

interface Regression {
  readonly coefficients: number[]; // c, φ_1 … φ_p
  readonly sse: number;
  readonly rows: number;
}

/** Solves A·x = b (A square, small) by Gaussian elimination with partial pivoting. */
function solve(a: number[][], b: number[]): number[] | null {
  const n = b.length;
  for (let col = 0; col < n; col += 1) {
    let pivot = col;
    for (let row = col + 1; row < n; row += 1) {
      if (Math.abs(a[row]?.[col] ?? 0) > Math.abs(a[pivot]?.[col] ?? 0)) pivot = row;
    }
    const pivotValue = a[pivot]?.[col] ?? 0;
    if (Math.abs(pivotValue) < 1e-300) return null;
    [a[col], a[pivot]] = [a[pivot] ?? [], a[col] ?? []];
    [b[col], b[pivot]] = [b[pivot] ?? 0, b[col] ?? 0];
    for (let row = col + 1; row < n; row += 1) {
      const factor = (a[row]?.[col] ?? 0) / pivotValue;
      for (let k = col; k < n; k += 1) (a[row] as number[])[k] = (a[row]?.[k] ?? 0) - factor * (a[col]?.[k] ?? 0);
      b[row] = (b[row] ?? 0) - factor * (b[col] ?? 0);
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let row = n - 1; row >= 0; row -= 1) {
    let sum = b[row] ?? 0;
    for (let k = row + 1; k < n; k += 1) sum -= (a[row]?.[k] ?? 0) * (x[k] ?? 0);
    x[row] = sum / (a[row]?.[row] ?? 1);
  }
  return x;
}

/** Least squares of r_t on (1, r_{t−1}, …, r_{t−p}) for t = start … n − 1. */
function regress(r: readonly number[], p: number, start: number): Regression {
  const k = p + 1;
  const xtx = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const xty = new Array<number>(k).fill(0);
  const row = new Array<number>(k).fill(1);
  for (let t = start; t < r.length; t += 1) {
    for (let i = 1; i <= p; i += 1) row[i] = r[t - i] ?? 0;
    const target = r[t] ?? 0;
    for (let i = 0; i < k; i += 1) {
      xty[i] = (xty[i] ?? 0) + (row[i] ?? 0) * target;
      const xtxRow = xtx[i] as number[];
      for (let j = 0; j < k; j += 1) xtxRow[j] = (xtxRow[j] ?? 0) + (row[i] ?? 0) * (row[j] ?? 0);
    }
  }
  const coefficients = solve(xtx, xty);
  if (coefficients === null) throw new ForecastError('EVOLVE_FORECAST_FAILED', `AR(${p}) regression is singular: the differences are constant`);
  let sse = 0;
  for (let t = start; t < r.length; t += 1) {
    let predicted = coefficients[0] ?? 0;
    for (let i = 1; i <= p; i += 1) predicted += (coefficients[i] ?? 0) * (r[t - i] ?? 0);
    sse += ((r[t] ?? 0) - predicted) ** 2;
  }
  return { coefficients, sse, rows: r.length - start };
}

/** The order with the smallest AIC on the common sample, lower order on ties. */
function chooseOrder(r: readonly number[], maxOrder: number): number {
  let best = { order: 0, aic: Number.POSITIVE_INFINITY };
  for (let p = 0; p <= maxOrder; p += 1) {
    const fit = regress(r, p, maxOrder);
    const aic = fit.rows * Math.log(Math.max(fit.sse, Number.MIN_VALUE) / fit.rows) + 2 * (p + 1);
    if (aic < best.aic) best = { order: p, aic };
  }
  return best.order;
}

function levelForecast(y: readonly number[], r: readonly number[], coefficients: readonly number[], sigma2: number, horizon: number): { mean: number[]; sd: number[] } {
  const p = coefficients.length - 1;
  const history = r.slice(r.length - p); // the last p returns, oldest first
  const psi = [1];
  let level = y[y.length - 1] ?? 0;
  let cumulativePsi = 0;
  let variance = 0;
  const mean: number[] = [];
  const sd: number[] = [];
  for (let h = 1; h <= horizon; h += 1) {
    let next = coefficients[0] ?? 0;
    for (let i = 1; i <= p; i += 1) next += (coefficients[i] ?? 0) * (history[history.length - i] ?? 0);
    history.push(next);
    level += next;
    mean.push(level);
    const j = h - 1;
    if (j > 0) {
      let weight = 0;
      for (let i = 1; i <= Math.min(j, p); i += 1) weight += (coefficients[i] ?? 0) * (psi[j - i] ?? 0);
      psi.push(weight);
    }
    cumulativePsi += psi[j] ?? 0;
    variance += cumulativePsi * cumulativePsi;
    sd.push(Math.sqrt(sigma2 * variance));
  }
  return { mean, sd };
}

/** AR of fixed `order`, or of the AIC-best order from 0 to `maxOrder`. */
export function fitAr(values: readonly number[], maxOrder: number, order?: number): FittedModel {
  const largest = order ?? maxOrder;
  // Enough rows that each of the largest model's parameters rests on a few observations.
  requireLength(values, 1 + largest + 3 * (largest + 1) + 2, order === undefined ? `ar(aic:${maxOrder})` : `ar(${order})`);
  const r: number[] = [];
  for (let t = 1; t < values.length; t += 1) r.push((values[t] ?? 0) - (values[t - 1] ?? 0));
  const p = order ?? chooseOrder(r, maxOrder);
  const fit = regress(r, p, p);
  const sigma2 = fit.sse / (fit.rows - p - 1);
  const params: Record<string, number> = { order: p, c: fit.coefficients[0] ?? 0 };
  for (let i = 1; i <= p; i += 1) params[`phi${i}`] = fit.coefficients[i] ?? 0;
  return {
    spec: order === undefined ? { kind: 'ar', maxOrder } : { kind: 'ar', order, maxOrder: order },
    params,
    sigma2,
    observations: values.length,
    forecast: (horizon) => levelForecast(values, r, fit.coefficients, sigma2, horizon),
  };
}
