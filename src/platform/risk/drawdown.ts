/**
 * Drawdown of an equity curve: the fall from the running peak, as a fraction of that peak.
 * drawdown(t) = 1 − equity(t) / max_{s ≤ t} equity(s), in [0, 1] for positive equity. The maximum
 * drawdown is the largest of these, with the dates of its peak, its trough and its recovery (the
 * first later point back at or above the peak; null while still under water).
 */

export interface EquityPoint {
  /** YYYY-MM-DD. */
  date: string;
  equity: number;
}

export interface DrawdownPoint {
  date: string;
  drawdown: number;
}

export interface MaxDrawdown {
  /** Fraction of the peak lost, in [0, 1]; 0 for a curve that never falls. */
  maxDrawdown: number;
  /** Date of the peak before the deepest trough (null when there is no drawdown). */
  peakDate: string | null;
  troughDate: string | null;
  /** First date at or above the peak after the trough; null when not recovered or no drawdown. */
  recoveryDate: string | null;
  /** Points from the peak to the trough (0 when there is no drawdown). */
  lengthToTrough: number;
}

function checkCurve(curve: readonly EquityPoint[]): void {
  if (curve.length === 0) throw new RangeError('the equity curve needs at least one point');
  const bad = curve.findIndex((p) => !(Number.isFinite(p.equity) && p.equity > 0));
  if (bad !== -1) throw new RangeError(`equity at ${curve[bad]?.date ?? bad} must be a positive number, got ${curve[bad]?.equity}`);
}

/** The drawdown at every point of the curve. */
export function drawdownSeries(curve: readonly EquityPoint[]): DrawdownPoint[] {
  checkCurve(curve);
  let peak = 0;
  return curve.map((p) => {
    peak = Math.max(peak, p.equity);
    return { date: p.date, drawdown: 1 - p.equity / peak };
  });
}

/** The deepest drawdown of the curve and its dates; the earliest one wins a tie. */
export function maxDrawdown(curve: readonly EquityPoint[]): MaxDrawdown {
  checkCurve(curve);
  let peakIndex = 0;
  let worst = { depth: 0, peak: -1, trough: -1 };
  curve.forEach((p, i) => {
    if (p.equity > (curve[peakIndex] as EquityPoint).equity) peakIndex = i;
    const depth = 1 - p.equity / (curve[peakIndex] as EquityPoint).equity;
    if (depth > worst.depth) worst = { depth, peak: peakIndex, trough: i };
  });
  if (worst.trough === -1) return { maxDrawdown: 0, peakDate: null, troughDate: null, recoveryDate: null, lengthToTrough: 0 };
  const peakEquity = (curve[worst.peak] as EquityPoint).equity;
  const recovery = curve.slice(worst.trough + 1).find((p) => p.equity >= peakEquity);
  return {
    maxDrawdown: worst.depth,
    peakDate: (curve[worst.peak] as EquityPoint).date,
    troughDate: (curve[worst.trough] as EquityPoint).date,
    recoveryDate: recovery?.date ?? null,
    lengthToTrough: worst.trough - worst.peak,
  };
}
