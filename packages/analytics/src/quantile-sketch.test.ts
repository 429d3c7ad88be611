import { describe, expect, it } from 'vitest';
import { emptySketch, sketchAdd, sketchMean, sketchMergeInto, sketchQuantile, SKETCH_RELATIVE_ACCURACY } from './quantile-sketch.js';
import { exactQuantile, normal, seeded } from './test-random.test-util.js';

describe('quantile sketch', () => {
  it('every quantile of a heavy-tailed sample is within 1% of the exact sample quantile', () => {
    const random = seeded(7);
    const values = Array.from({ length: 20_000 }, () => Math.exp(6 + 0.8 * normal(random)));
    const sketch = emptySketch();
    for (const v of values) sketchAdd(sketch, v);
    for (const q of [0, 0.01, 0.1, 0.5, 0.9, 0.95, 0.99, 0.999, 1]) {
      const exact = exactQuantile(values, q);
      // Rank q*(n-1) may fall between two samples: the sketch may return either neighbour's bucket value.
      const next = exactQuantile(values, Math.min(1, q + 1 / values.length));
      const got = sketchQuantile(sketch, q)!;
      expect(got).toBeGreaterThanOrEqual(exact * (1 - SKETCH_RELATIVE_ACCURACY) - 1e-9);
      expect(got).toBeLessThanOrEqual(next * (1 + SKETCH_RELATIVE_ACCURACY) + 1e-9);
    }
    expect(sketch.n).toBe(values.length);
    expect(sketchMean(sketch)).toBeCloseTo(values.reduce((a, b) => a + b, 0) / values.length, 6);
    expect(sketch.min).toBe(Math.min(...values));
    expect(sketch.max).toBe(Math.max(...values));
  });

  it('merging sketches of parts gives the sketch of the whole', () => {
    const random = seeded(11);
    const whole = emptySketch();
    const merged = emptySketch();
    for (let part = 0; part < 10; part++) {
      const sketch = emptySketch();
      for (let i = 0; i < 500; i++) {
        const v = random() * 1000 * (part + 1);
        sketchAdd(sketch, v);
        sketchAdd(whole, v);
      }
      sketchMergeInto(merged, sketch);
    }
    expect(merged.bins).toEqual(whole.bins);
    expect(merged.n).toBe(whole.n);
    expect(merged.sum).toBeCloseTo(whole.sum, 6);
    expect([merged.min, merged.max]).toEqual([whole.min, whole.max]);
  });

  it('counts zeros apart, ignores values that are not finite and non-negative, and is undefined when empty', () => {
    const sketch = emptySketch();
    expect(sketchQuantile(sketch, 0.5)).toBeUndefined();
    for (const v of [0, 0, 0, 10, Number.NaN, -1, Infinity]) sketchAdd(sketch, v);
    expect(sketch.n).toBe(4);
    expect(sketch.zero).toBe(3);
    expect(sketchQuantile(sketch, 0.5)).toBe(0);
    expect(sketchQuantile(sketch, 1)).toBe(10);
    expect(JSON.parse(JSON.stringify(sketch))).toEqual(sketch);
  });
});
