import { describe, expect, it } from 'vitest';
import { paretoFront } from './pareto.js';

describe('paretoFront', () => {
  it('keeps the points no other point beats on both axes, cheapest first', () => {
    // (cost, quality): 0 and 3 and 4 are on the front; 1 is beaten by 0 (cheaper, better), 2 by 3.
    const points = [
      [1, 70],
      [2, 60],
      [5, 75],
      [4, 80],
      [10, 90],
    ] as const;
    expect(paretoFront(points, ['lower', 'higher'])).toEqual([0, 3, 4]);
  });

  it('keeps equal points both, and drops a point equal on one axis and worse on the other', () => {
    expect(paretoFront([[1, 5], [1, 5], [1, 6]], ['lower', 'lower'])).toEqual([0, 1]);
  });

  it('works with both axes "more is better"', () => {
    expect(paretoFront([[1, 1], [2, 2], [3, 0]], ['higher', 'higher'])).toEqual([2, 1]);
  });
});
