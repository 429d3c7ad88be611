import type { DecisionMatrix, MethodScore } from './decision-matrix.js';

export interface TopsisScore extends MethodScore {
  /** Weighted normalised values (`v_ij = w_j × x_ij / ‖x_j‖`). */
  readonly weighted: readonly number[];
  /** Euclidean distance to the ideal (best on every criterion) and to the anti-ideal. */
  readonly distanceToIdeal: number;
  readonly distanceToAntiIdeal: number;
}

export interface TopsisResult {
  readonly scores: TopsisScore[];
  readonly ideal: readonly number[];
  readonly antiIdeal: readonly number[];
}

/**
 * TOPSIS (Hwang and Yoon): vector-normalise each criterion, weight it, find the ideal and the
 * anti-ideal alternative, and score each alternative by its relative closeness
 * `S⁻ / (S⁺ + S⁻)` (1 at the ideal, 0 at the anti-ideal). An all-zero criterion normalises to 0.
 * When every alternative is identical (`S⁺ = S⁻ = 0`) the closeness is 1.
 *
 * Closeness is not a sum over criteria, so a criterion's contribution is defined as
 * `(d⁻_j² − d⁺_j²) / (S⁻² + S⁺²)`: its share in how much nearer the alternative is to the ideal
 * than to the anti-ideal. The contributions sum to `(S⁻² − S⁺²) / (S⁻² + S⁺²)`, positive exactly
 * when the closeness is above one half.
 */
export function topsis(matrix: DecisionMatrix): TopsisResult {
  const { values, better, weights } = matrix;
  const columns = weights.length;
  const norms: number[] = [];
  for (let j = 0; j < columns; j++) norms.push(Math.sqrt(values.reduce((sum, row) => sum + row[j]! * row[j]!, 0)));
  const weighted = values.map((row) => row.map((x, j) => (norms[j] === 0 ? 0 : (weights[j]! * x) / norms[j]!)));
  const ideal: number[] = [];
  const antiIdeal: number[] = [];
  for (let j = 0; j < columns; j++) {
    const column = weighted.map((row) => row[j]!);
    const hi = Math.max(...column);
    const lo = Math.min(...column);
    ideal.push(better[j] === 'higher' ? hi : lo);
    antiIdeal.push(better[j] === 'higher' ? lo : hi);
  }
  const scores = weighted.map((v, i) => {
    const toIdeal = v.map((x, j) => (x - ideal[j]!) ** 2);
    const toAnti = v.map((x, j) => (x - antiIdeal[j]!) ** 2);
    const sPlus2 = toIdeal.reduce((a, b) => a + b, 0);
    const sMinus2 = toAnti.reduce((a, b) => a + b, 0);
    const distanceToIdeal = Math.sqrt(sPlus2);
    const distanceToAntiIdeal = Math.sqrt(sMinus2);
    const both = distanceToIdeal + distanceToAntiIdeal;
    const score = both === 0 ? 1 : distanceToAntiIdeal / both;
    const spread = sPlus2 + sMinus2;
    const contributions = toIdeal.map((d, j) => (spread === 0 ? 0 : (toAnti[j]! - d) / spread));
    const normalized = values[i]!.map((x, j) => (norms[j] === 0 ? 0 : x / norms[j]!));
    return { score, normalized, contributions, weighted: v, distanceToIdeal, distanceToAntiIdeal };
  });
  return { scores, ideal, antiIdeal };
}
