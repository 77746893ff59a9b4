/**
 * Nelder–Mead downhill simplex minimisation (Nelder & Mead, 1965) with the standard
 * coefficients: reflection 1, expansion 2, contraction ½, shrink ½. Unconstrained: callers map
 * bounded parameters through a logistic transform. Used for the smoothing parameters of Holt's
 * method, where the error sum is cheap (one pass over the series) and has no usable gradient.
 */

export interface MinimizeOptions {
  /** Initial step along each axis. Default 0.5. */
  readonly step?: number;
  /** Stop when the simplex's values differ by less than this. Default 1e-10. */
  readonly tolerance?: number;
  /** Most function evaluations. Default 400. */
  readonly maxEvaluations?: number;
}

export interface Minimum {
  readonly x: number[];
  readonly value: number;
  readonly evaluations: number;
}

interface Vertex {
  x: number[];
  value: number;
}

export function minimizeNelderMead(f: (x: readonly number[]) => number, start: readonly number[], options: MinimizeOptions = {}): Minimum {
  const step = options.step ?? 0.5;
  const tolerance = options.tolerance ?? 1e-10;
  const maxEvaluations = options.maxEvaluations ?? 400;
  const dim = start.length;
  let evaluations = 0;
  const evaluate = (x: number[]): Vertex => {
    evaluations += 1;
    const value = f(x);
    return { x, value: Number.isFinite(value) ? value : Number.POSITIVE_INFINITY };
  };
  const simplex: Vertex[] = [evaluate([...start])];
  for (let axis = 0; axis < dim; axis += 1) {
    simplex.push(evaluate(start.map((value, i) => (i === axis ? value + step : value))));
  }
  const along = (from: readonly number[], to: readonly number[], t: number): number[] => from.map((value, i) => value + t * ((to[i] ?? 0) - value));

  while (evaluations < maxEvaluations) {
    simplex.sort((a, b) => a.value - b.value);
    const best = simplex[0] as Vertex;
    const worst = simplex[dim] as Vertex;
    const secondWorst = simplex[dim - 1] ?? best;
    if (Math.abs(worst.value - best.value) <= tolerance * (1 + Math.abs(best.value))) break;
    const centroid = new Array<number>(dim).fill(0);
    for (const vertex of simplex.slice(0, dim)) vertex.x.forEach((value, i) => { centroid[i] = (centroid[i] ?? 0) + value / dim; });

    const reflected = evaluate(along(centroid, worst.x, -1));
    if (reflected.value < best.value) {
      const expanded = evaluate(along(centroid, worst.x, -2));
      simplex[dim] = expanded.value < reflected.value ? expanded : reflected;
    } else if (reflected.value < secondWorst.value) {
      simplex[dim] = reflected;
    } else {
      const outside = reflected.value < worst.value;
      const contracted = evaluate(along(centroid, outside ? reflected.x : worst.x, 0.5));
      if (contracted.value < (outside ? reflected.value : worst.value)) {
        simplex[dim] = contracted;
      } else {
        for (let i = 1; i <= dim; i += 1) simplex[i] = evaluate(along(best.x, (simplex[i] as Vertex).x, 0.5));
      }
    }
  }
  simplex.sort((a, b) => a.value - b.value);
  const best = simplex[0] as Vertex;
  return { x: best.x, value: best.value, evaluations };
}
