import type { DecisionMatrix, MethodScore } from './decision-matrix.js';

/**
 * Weighted sum over min-max normalised criteria (simple additive weighting). Each criterion is
 * scaled to 0..1 across the alternatives, 1 being the best value (the lowest for a "lower is
 * better" criterion); a criterion on which all alternatives are equal scales to 1 for all (it
 * separates none). The score is Σ weight × normalised; each term is that criterion's contribution.
 */
export function weightedSum(matrix: DecisionMatrix): MethodScore[] {
  const { values, better, weights } = matrix;
  const columns = weights.length;
  const min: number[] = [];
  const max: number[] = [];
  for (let j = 0; j < columns; j++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const row of values) {
      lo = Math.min(lo, row[j]!);
      hi = Math.max(hi, row[j]!);
    }
    min.push(lo);
    max.push(hi);
  }
  return values.map((row) => {
    const normalized = row.map((x, j) => {
      const range = max[j]! - min[j]!;
      if (range === 0) return 1;
      return better[j] === 'higher' ? (x - min[j]!) / range : (max[j]! - x) / range;
    });
    const contributions = normalized.map((n, j) => n * weights[j]!);
    return { score: contributions.reduce((a, b) => a + b, 0), normalized, contributions };
  });
}
