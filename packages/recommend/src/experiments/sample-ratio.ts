import { chiSquareCdf } from './distributions.js';

export interface SampleRatioCheck {
  readonly observed: readonly number[];
  readonly expected: readonly number[];
  readonly chiSquare: number;
  readonly p: number;
  /** p below the threshold (0.001 by default): the split is not what was configured, so the results cannot be trusted. */
  readonly mismatch: boolean;
}

/** χ² goodness-of-fit of the units each arm got against the configured split (a sample-ratio-mismatch check). */
export function sampleRatioCheck(counts: readonly number[], weights: readonly number[], threshold = 0.001): SampleRatioCheck {
  const total = counts.reduce((a, b) => a + b, 0);
  const weightSum = weights.reduce((a, b) => a + b, 0);
  const expected = weights.map((w) => (total * w) / weightSum);
  const chiSquare = counts.reduce((sum, o, i) => (expected[i]! > 0 ? sum + (o - expected[i]!) ** 2 / expected[i]! : sum), 0);
  const p = counts.length < 2 || total === 0 ? 1 : 1 - chiSquareCdf(chiSquare, counts.length - 1);
  return { observed: counts, expected, chiSquare, p, mismatch: p < threshold };
}
