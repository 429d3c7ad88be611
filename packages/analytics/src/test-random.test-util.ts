import { seededRandom } from '@llm/mocks';

/** A seeded PRNG (@llm/mocks' mulberry32); the samplers below build the tests' synthetic data with it. */
export const seeded: (seed: number) => () => number = seededRandom;

/** A standard normal draw (Box-Muller). */
export function normal(random: () => number): number {
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** The exact sample quantile of rank q*(n-1) (lower), from a sorted copy: what the sketch approximates. */
export function exactQuantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(q * (sorted.length - 1))]!;
}
