/**
 * Forecasting models against values worked out by hand in this file: naive and drift paths and
 * intervals from their formulas, Holt's recursion step by step on a six-point series (plain and
 * damped), the ETS(A,A,N) variance closed form, an AR(1) refitted by the simple-regression
 * formulas, and an AR(1) process whose coefficient the fit must recover.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ForecastError, Z80, Z95, candidate, fitModel, intervals, minimizeNelderMead, parseCandidate,
} from '../../src/platform/forecasting/index.js';
import { normals } from '../support/normals.js';

const close = (actual: number, expected: number, tolerance = 1e-9): void => {
  assert.ok(Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected)), `${actual} ≠ ${expected}`);
};
const closeAll = (actual: readonly number[], expected: readonly number[], tolerance = 1e-9): void => {
  assert.equal(actual.length, expected.length);
  actual.forEach((value, i) => close(value, expected[i] ?? Number.NaN, tolerance));
};

const SERIES = [100, 102, 101, 105, 104, 108];

describe('the naive and drift models', () => {
  it('forecasts the last value with sd σ̂√h, σ̂² the mean squared step', () => {
    // Steps 2, −1, 4, −1, 4: σ̂² = (4 + 1 + 16 + 1 + 16) / 5 = 7.6
    const forecast = fitModel({ kind: 'naive' }, SERIES).forecast(3);
    closeAll(forecast.mean, [108, 108, 108]);
    closeAll(forecast.sd, [Math.sqrt(7.6), Math.sqrt(15.2), Math.sqrt(22.8)]);
    const [, second] = intervals(forecast);
    close(second?.lower95 ?? 0, 108 - 1.959963984540054 * Math.sqrt(15.2));
    close(second?.upper80 ?? 0, 108 + 1.2815515655446004 * Math.sqrt(15.2));
  });

  it('adds the average step, with sd σ̂·√(h(1 + h/T))', () => {
    // c = (108 − 100) / 5 = 1.6; residuals 0.4, −2.6, 2.4, −2.6, 2.4: SS = 25.2, σ̂² = 25.2 / (5 − 1) = 6.3; T = 6
    const forecast = fitModel({ kind: 'drift' }, SERIES).forecast(3);
    closeAll(forecast.mean, [109.6, 111.2, 112.8]);
    closeAll(forecast.sd, [Math.sqrt(6.3 * 1 * (1 + 1 / 6)), Math.sqrt(6.3 * 2 * (1 + 2 / 6)), Math.sqrt(6.3 * 3 * (1 + 3 / 6))]);
  });

  it('maps intervals through the inverse of the scale, keeping log-price intervals positive', () => {
    const [point] = intervals({ mean: [Math.log(100)], sd: [0.5] }, Math.exp);
    close(point?.mean ?? 0, 100);
    close(point?.lower95 ?? 0, 100 * Math.exp(-0.5 * Z95));
    close(point?.upper80 ?? 0, 100 * Math.exp(0.5 * Z80));
  });
});

describe("Holt's linear trend", () => {
  const y = [10, 12, 13, 15, 16, 19];

  it('follows the recursion worked by hand for α = 0.5, β* = 0.4', () => {
    // ℓ₂ = 12, b₂ = 2.
    // t=3: ŷ = 14,     e = −1,     ℓ = 13.5,    b = 0.4·1.5 + 0.6·2 = 1.8
    // t=4: ŷ = 15.3,   e = −0.3,   ℓ = 15.15,   b = 0.4·1.65 + 0.6·1.8 = 1.74
    // t=5: ŷ = 16.89,  e = −0.89,  ℓ = 16.445,  b = 0.4·1.295 + 0.6·1.74 = 1.562
    // t=6: ŷ = 18.007, e = 0.993,  ℓ = 18.5035, b = 0.4·2.0585 + 0.6·1.562 = 1.7606
    // SSE = 1 + 0.09 + 0.7921 + 0.986049 = 2.868149; parameters given, so σ̂² = SSE / 4.
    const fitted = fitModel({ kind: 'holt', damped: false, fixed: { alpha: 0.5, beta: 0.4 } }, y);
    const sigma2 = 2.868149 / 4;
    close(fitted.sigma2, sigma2);
    const forecast = fitted.forecast(3);
    closeAll(forecast.mean, [18.5035 + 1.7606, 18.5035 + 2 * 1.7606, 18.5035 + 3 * 1.7606]);
    // FPP3 Table 8.8, β = α·β* = 0.2: σ_h² = σ²[1 + (h − 1)(α² + αβh + β²h(2h − 1)/6)]
    //   h=2: 1 + (0.25 + 0.2 + 0.04) = 1.49;  h=3: 1 + 2(0.25 + 0.3 + 0.1) = 2.3
    closeAll(forecast.sd, [Math.sqrt(sigma2), Math.sqrt(sigma2 * 1.49), Math.sqrt(sigma2 * 2.3)]);
  });

  it('damps the trend as worked by hand for α = 0.5, β* = 0.4, φ = 0.9', () => {
    // t=3: ŷ = 12 + 0.9·2 = 13.8, e = −0.8, ℓ = 13.4, b = 0.4·1.4 + 0.6·0.9·2 = 1.64
    // t=4: ŷ = 14.876, e = 0.124, ℓ = 14.938, b = 0.4·1.538 + 0.54·1.64 = 1.5008
    // t=5: ŷ = 16.28872, e = −0.28872, ℓ = 16.14436, b = 0.4·1.20636 + 0.54·1.5008 = 1.292976
    // t=6: ŷ = 17.3080384, e = 1.6919616, ℓ = 18.1540192, b = 0.4·2.0096592 + 0.54·1.292976 = 1.50207072
    const fitted = fitModel({ kind: 'holt', damped: true, fixed: { alpha: 0.5, beta: 0.4, phi: 0.9 } }, y);
    const sigma2 = [-0.8, 0.124, -0.28872, 1.6919616].reduce((s, e) => s + e * e, 0) / 4;
    close(fitted.sigma2, sigma2);
    const forecast = fitted.forecast(2);
    closeAll(forecast.mean, [18.1540192 + 0.9 * 1.50207072, 18.1540192 + (0.9 + 0.81) * 1.50207072]);
    // c₁ = α + αβ*·φ = 0.5 + 0.2·0.9 = 0.68
    closeAll(forecast.sd, [Math.sqrt(sigma2), Math.sqrt(sigma2 * (1 + 0.68 ** 2))]);
  });

  it('continues an exact straight line when fitted', () => {
    const line = Array.from({ length: 30 }, (_, t) => 3 + 2 * t);
    closeAll(fitModel({ kind: 'holt', damped: false }, line).forecast(3).mean, [63, 65, 67], 1e-6);
  });

  it('fits α and β* no worse than any point of a coarse grid', () => {
    const z = normals(11);
    const noisy = Array.from({ length: 120 }, (_, t) => 50 + 0.3 * t + 2 * Math.sin(t / 9) + z());
    const sse = (alpha: number, beta: number): number => {
      let level = noisy[1] ?? 0;
      let trend = (noisy[1] ?? 0) - (noisy[0] ?? 0);
      let sum = 0;
      for (let t = 2; t < noisy.length; t += 1) {
        const predicted = level + trend;
        sum += ((noisy[t] ?? 0) - predicted) ** 2;
        const next = alpha * (noisy[t] ?? 0) + (1 - alpha) * predicted;
        trend = beta * (next - level) + (1 - beta) * trend;
        level = next;
      }
      return sum;
    };
    const fitted = fitModel({ kind: 'holt', damped: false }, noisy);
    const fittedSse = fitted.sigma2 * (noisy.length - 2 - 2);
    close(fittedSse, sse(fitted.params.alpha ?? 0, fitted.params.beta ?? 0), 1e-9);
    for (const alpha of [0.1, 0.3, 0.5, 0.7, 0.9]) {
      for (const beta of [0.01, 0.1, 0.3]) assert.ok(fittedSse <= sse(alpha, beta) + 1e-9, `grid (${alpha}, ${beta}) beats the fit`);
    }
  });
});

describe('the AR model on differences', () => {
  it('matches the simple-regression formulas for AR(1) and its ψ-weight variance', () => {
    const z = normals(5);
    const y = [0];
    for (let t = 0; t < 40; t += 1) y.push((y[y.length - 1] ?? 0) + 0.3 + z());
    const r = y.slice(1).map((v, i) => v - (y[i] ?? 0));
    // Regress r_t on r_{t−1}, t = 1 … n−1: φ = Sxy / Sxx, c = ȳ − φ·x̄, σ̂² = SSE / (m − 2)
    const xs = r.slice(0, -1);
    const ys = r.slice(1);
    const mx = xs.reduce((a, b) => a + b) / xs.length;
    const my = ys.reduce((a, b) => a + b) / ys.length;
    const sxy = xs.reduce((s, x, i) => s + (x - mx) * ((ys[i] ?? 0) - my), 0);
    const sxx = xs.reduce((s, x) => s + (x - mx) ** 2, 0);
    const phi = sxy / sxx;
    const c = my - phi * mx;
    const sigma2 = xs.reduce((s, x, i) => s + ((ys[i] ?? 0) - c - phi * x) ** 2, 0) / (xs.length - 2);

    const fitted = fitModel({ kind: 'ar', order: 1, maxOrder: 1 }, y);
    close(fitted.params.phi1 ?? 0, phi, 1e-9);
    close(fitted.params.c ?? 0, c, 1e-9);
    close(fitted.sigma2, sigma2, 1e-9);
    const last = y[y.length - 1] ?? 0;
    const r1 = c + phi * (r[r.length - 1] ?? 0);
    const r2 = c + phi * r1;
    const forecast = fitted.forecast(2);
    closeAll(forecast.mean, [last + r1, last + r1 + r2], 1e-9);
    // ψ₀ = 1, ψ₁ = φ: Ψ₀ = 1, Ψ₁ = 1 + φ → sd₂² = σ²(1 + (1 + φ)²)
    closeAll(forecast.sd, [Math.sqrt(sigma2), Math.sqrt(sigma2 * (1 + (1 + phi) ** 2))], 1e-9);
  });

  it('recovers φ of a simulated AR(1) in returns, and AIC finds the lag that matters', () => {
    // r_t = 0.0005 + 0.5·r_{t−1} + 0.01·z; the estimate's standard error is √((1 − φ²)/n) ≈ 0.016.
    const z = normals(2024);
    const y = [Math.log(100)];
    let previous = 0;
    for (let t = 0; t < 3000; t += 1) {
      previous = 0.0005 + 0.5 * previous + 0.01 * z();
      y.push((y[y.length - 1] ?? 0) + previous);
    }
    const fixed = fitModel({ kind: 'ar', order: 1, maxOrder: 1 }, y);
    assert.ok(Math.abs((fixed.params.phi1 ?? 0) - 0.5) < 0.05, `φ̂ = ${fixed.params.phi1}`);
    assert.ok(Math.abs(fixed.sigma2 / 1e-4 - 1) < 0.1, `σ̂² = ${fixed.sigma2}`);
    // AIC overfits now and then (here it picks 3), but the extra lags it keeps are negligible.
    const auto = fitModel({ kind: 'ar', maxOrder: 5 }, y);
    const order = auto.params.order ?? 0;
    assert.ok(order >= 1, 'AIC missed the autocorrelation');
    assert.ok(Math.abs((auto.params.phi1 ?? 0) - 0.5) < 0.05);
    for (let lag = 2; lag <= order; lag += 1) assert.ok(Math.abs(auto.params[`phi${lag}`] ?? 0) < 0.06, `φ${lag} = ${auto.params[`phi${lag}`]}`);
  });

  it('needs enough observations for the largest order considered', () => {
    assert.throws(() => fitModel({ kind: 'ar', maxOrder: 5 }, [1, 2, 3, 4, 5, 6, 7, 8]), (error: unknown) =>
      error instanceof ForecastError && /ar\(aic:5\) needs at least 26 observations, got 8/.test(error.message));
  });
});

describe('model names and checks', () => {
  it('round-trips every name through parseCandidate', () => {
    for (const name of ['naive', 'drift', 'holt', 'holt-damped', 'ar(3)', 'ar(aic:5)', 'holt-damped@250', 'ar(1)@120']) {
      assert.equal(parseCandidate(name).name, name);
    }
    assert.equal(parseCandidate('ar(2)@60').window, 60);
    assert.deepEqual(parseCandidate('ar(aic:4)').spec, { kind: 'ar', maxOrder: 4 });
  });

  it('rejects names, orders, windows and horizons out of range with the reason', () => {
    assert.throws(() => parseCandidate('arima'), /is not a model name/);
    assert.throws(() => parseCandidate('ar(11)'), /from 0 to 10/);
    assert.throws(() => candidate({ kind: 'drift' }, 5), /window must be a whole number of observations ≥ 10/);
    assert.throws(() => fitModel({ kind: 'naive' }, [1, 2, 3]).forecast(0), /horizon must be a whole number/);
    assert.throws(() => fitModel({ kind: 'naive' }, [1]), /naive needs at least 2 observations, got 1/);
    assert.throws(() => fitModel({ kind: 'drift' }, [1, Number.NaN, 3]), /observation 1 is NaN/);
  });
});

describe('Nelder–Mead', () => {
  it("finds the minimum of Rosenbrock's valley at (1, 1)", () => {
    const rosenbrock = ([x = 0, y = 0]: readonly number[]): number => 100 * (y - x * x) ** 2 + (1 - x) ** 2;
    const result = minimizeNelderMead(rosenbrock, [-1.2, 1], { maxEvaluations: 5000, tolerance: 1e-14 });
    assert.ok(Math.abs((result.x[0] ?? 0) - 1) < 1e-3 && Math.abs((result.x[1] ?? 0) - 1) < 1e-3, `minimum at ${result.x.join(', ')}`);
  });
});
