import { describe, expect, it } from 'vitest';
import { topsis } from './topsis.js';

describe('topsis', () => {
  // The worked example of B. Sennaroğlu's Decision Analysis notes (TOPSIS, 2009): three
  // alternatives, criterion P (more is better) weighted 0.714 and L (less is better) weighted 0.286.
  // The notes publish the weighted normalised matrix to four places; the distances and closeness
  // values below come from an independent NumPy implementation of the same steps.
  const matrix = {
    values: [
      [17, 12],
      [10, 9],
      [8, 6],
    ],
    better: ['higher', 'lower'] as const,
    weights: [0.714, 0.286],
  };

  it('reproduces the published weighted normalised matrix', () => {
    const { scores } = topsis({ ...matrix, better: [...matrix.better] });
    const published = [
      [0.5703, 0.2124],
      [0.3355, 0.1593],
      [0.2684, 0.1062],
    ];
    scores.forEach((s, i) => s.weighted.forEach((v, j) => expect(v).toBeCloseTo(published[i]![j]!, 4)));
  });

  it('gives the reference distances and closeness, and the ideal and anti-ideal points', () => {
    const { scores, ideal, antiIdeal } = topsis({ ...matrix, better: [...matrix.better] });
    expect(scores.map((s) => s.distanceToIdeal)).toEqual([expect.closeTo(0.106218, 5), expect.closeTo(0.240757, 5), expect.closeTo(0.30192, 5)]);
    expect(scores.map((s) => s.distanceToAntiIdeal)).toEqual([expect.closeTo(0.30192, 5), expect.closeTo(0.085569, 5), expect.closeTo(0.106218, 5)]);
    expect(scores.map((s) => s.score)).toEqual([expect.closeTo(0.73975, 5), expect.closeTo(0.262219, 5), expect.closeTo(0.26025, 5)]);
    expect(ideal).toEqual([expect.closeTo(0.5703, 4), expect.closeTo(0.1062, 4)]);
    expect(antiIdeal).toEqual([expect.closeTo(0.2684, 4), expect.closeTo(0.2124, 4)]);
  });

  it('with both criteria "more is better", the dominating alternative is the ideal (closeness 1) and the dominated one 0', () => {
    const { scores } = topsis({ ...matrix, better: ['higher', 'higher'] });
    expect(scores.map((s) => s.score)).toEqual([1, expect.closeTo(0.262219, 5), 0]);
  });

  it('defines contributions that sum to (S-² - S+²)/(S-² + S+²)', () => {
    const { scores } = topsis({ ...matrix, better: [...matrix.better] });
    for (const s of scores) {
      const sum = s.contributions.reduce((a, b) => a + b, 0);
      const expected = (s.distanceToAntiIdeal ** 2 - s.distanceToIdeal ** 2) / (s.distanceToAntiIdeal ** 2 + s.distanceToIdeal ** 2);
      expect(sum).toBeCloseTo(expected, 12);
      expect(sum > 0).toBe(s.score > 0.5);
    }
  });

  it('scores identical alternatives 1 and an all-zero criterion 0 without dividing by zero', () => {
    const { scores } = topsis({ values: [[0, 5], [0, 5]], better: ['lower', 'higher'], weights: [0.5, 0.5] });
    expect(scores.map((s) => s.score)).toEqual([1, 1]);
    expect(scores[0]!.normalized).toEqual([0, expect.closeTo(Math.SQRT1_2, 12)]);
  });
});
