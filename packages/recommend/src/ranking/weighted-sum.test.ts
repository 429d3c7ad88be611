import { describe, expect, it } from 'vitest';
import { normalizeWeights } from './decision-matrix.js';
import { weightedSum } from './weighted-sum.js';

describe('weightedSum', () => {
  // Worked by hand: cost (less is better) 200, 300, 250 and quality (more is better) 8, 9, 6, weights 0.6/0.4.
  // Min-max: cost → 1, 0, 0.5; quality → 2/3, 1, 0. Scores: 0.6 + 0.4·2/3 = 0.8667, 0.4, 0.3.
  const result = weightedSum({
    values: [
      [200, 8],
      [300, 9],
      [250, 6],
    ],
    better: ['lower', 'higher'],
    weights: [0.6, 0.4],
  });

  it('normalises each criterion to 0..1 with 1 the best', () => {
    expect(result.map((r) => r.normalized)).toEqual([
      [1, expect.closeTo(2 / 3, 12)],
      [0, 1],
      [0.5, 0],
    ]);
  });

  it('scores by the weighted sum, and the contributions add up to the score', () => {
    expect(result.map((r) => r.score)).toEqual([expect.closeTo(0.6 + 0.4 * (2 / 3), 12), expect.closeTo(0.4, 12), expect.closeTo(0.3, 12)]);
    for (const r of result) expect(r.contributions.reduce((a, b) => a + b, 0)).toBeCloseTo(r.score, 12);
    expect(result[0]!.contributions).toEqual([expect.closeTo(0.6, 12), expect.closeTo(0.4 * (2 / 3), 12)]);
  });

  it('gives a criterion on which all are equal 1 for everyone', () => {
    const equal = weightedSum({ values: [[5, 1], [5, 2]], better: ['lower', 'higher'], weights: [0.5, 0.5] });
    expect(equal.map((r) => r.normalized[0])).toEqual([1, 1]);
    expect(equal.map((r) => r.score)).toEqual([0.5, 1]);
  });

  it('scales weights to sum to 1 and refuses weights that are all zero', () => {
    expect(normalizeWeights([2, 6])).toEqual([0.25, 0.75]);
    expect(() => normalizeWeights([0, 0])).toThrow(RangeError);
  });
});

describe('weightedSum on the published TOPSIS example (topsis.test.ts)', () => {
  it('ranks it the same way TOPSIS does, by hand-checked scores', () => {
    // P (more is better) 17, 10, 8 → 1, 2/9, 0; L (less is better) 12, 9, 6 → 0, 1/2, 1.
    const result = weightedSum({ values: [[17, 12], [10, 9], [8, 6]], better: ['higher', 'lower'], weights: [0.714, 0.286] });
    expect(result.map((r) => r.score)).toEqual([expect.closeTo(0.714, 12), expect.closeTo(0.714 * (2 / 9) + 0.286 / 2, 12), expect.closeTo(0.286, 12)]);
  });
});
