import type { Direction } from './criteria.js';

/**
 * The indices of the non-dominated points: no other point is at least as good on both axes and
 * strictly better on one. Sorted by the first axis, best first.
 */
export function paretoFront(points: ReadonlyArray<readonly [number, number]>, better: readonly [Direction, Direction]): number[] {
  const sign = better.map((b) => (b === 'lower' ? 1 : -1)) as [number, number];
  // Minimise sign × value on both axes.
  const key = points.map(([a, b]) => [a * sign[0], b * sign[1]] as const);
  const front: number[] = [];
  key.forEach(([a, b], i) => {
    const dominated = key.some(([c, d], k) => k !== i && c <= a && d <= b && (c < a || d < b));
    if (!dominated) front.push(i);
  });
  return front.sort((i, k) => key[i]![0] - key[k]![0] || key[i]![1] - key[k]![1]);
}
