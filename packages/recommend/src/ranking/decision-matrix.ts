import type { Direction } from './criteria.js';

/**
 * The input of a multi-criteria method: `values[i][j]` is alternative i on criterion j; `better[j]`
 * says which way criterion j is better; `weights[j]` are non-negative and sum to 1.
 */
export interface DecisionMatrix {
  readonly values: readonly (readonly number[])[];
  readonly better: readonly Direction[];
  readonly weights: readonly number[];
}

/** One alternative's result: its score and, per criterion, the normalised value and contribution. */
export interface MethodScore {
  readonly score: number;
  readonly normalized: readonly number[];
  readonly contributions: readonly number[];
}

/** Weights scaled to sum to 1 (throws on none positive: the caller validates first). */
export function normalizeWeights(weights: readonly number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  if (!(total > 0)) throw new RangeError('at least one weight must be positive');
  return weights.map((w) => w / total);
}
