import { describe, expect, it } from 'vitest';
import { WindowTokenBucket } from './token-bucket.js';

describe('WindowTokenBucket', () => {
  it('grants the whole limit at once, then nothing until the first units leave the window', () => {
    const bucket = new WindowTokenBucket({ limit: 3, windowMs: 1000 });
    for (let i = 0; i < 3; i++) {
      expect(bucket.waitMs(1, 100 + i)).toBe(0);
      bucket.take(1, 100 + i, `r${i}`);
    }
    expect(bucket.waitMs(1, 200)).toBe(900); // the first entry (taken at 100) returns at 1100
    expect(bucket.waitMs(2, 200)).toBe(901);
    expect(bucket.waitMs(1, 1100)).toBe(0);
    expect(bucket.used(1101)).toBe(1);
  });

  it('never grants more than the limit in any window, whatever the pattern', () => {
    const bucket = new WindowTokenBucket({ limit: 5, windowMs: 100 });
    const grants: number[] = [];
    for (let now = 0; now < 1000; now += 7) {
      while (bucket.waitMs(1, now) === 0) {
        bucket.take(1, now, `g${grants.length}`);
        grants.push(now);
      }
    }
    for (const start of grants) expect(grants.filter((t) => t >= start && t < start + 100).length).toBeLessThanOrEqual(5);
    expect(grants.length).toBeGreaterThanOrEqual(45);
  });

  it('weights entries: adjust refunds or charges, remove refunds everything', () => {
    const bucket = new WindowTokenBucket({ limit: 100, windowMs: 1000 });
    bucket.take(80, 0, 'a');
    expect(bucket.waitMs(30, 10)).toBe(990);
    expect(bucket.adjust('a', 50)).toBe(true);
    expect(bucket.waitMs(30, 10)).toBe(0);
    bucket.adjust('a', 120);
    expect(bucket.used(10)).toBe(120);
    expect(bucket.remove('a')).toBe(true);
    expect(bucket.used(10)).toBe(0);
    expect(bucket.adjust('gone', 5)).toBe(false);
  });

  it('adjusts and removes the right entry among many, oldest, middle and newest alike', () => {
    const bucket = new WindowTokenBucket({ limit: 10_000, windowMs: 1000 });
    for (let i = 0; i < 100; i++) bucket.take(1, i, `e${i}`);
    expect(bucket.adjust('e0', 3)).toBe(true);
    expect(bucket.adjust('e50', 4)).toBe(true);
    expect(bucket.adjust('e99', 5)).toBe(true);
    expect(bucket.used(100)).toBe(97 + 3 + 4 + 5);
    expect(bucket.remove('e99')).toBe(true);
    expect(bucket.remove('e99')).toBe(false);
    expect(bucket.used(100)).toBe(97 + 3 + 4);
    expect(bucket.used(1001)).toBe(97 + 4 - 1); // e0 (3) and e1 (1) have left the window
  });

  it('lets an amount above the limit go alone once the window is empty', () => {
    const bucket = new WindowTokenBucket({ limit: 10, windowMs: 1000 });
    expect(bucket.waitMs(50, 0)).toBe(0);
    bucket.take(1, 0, 'a');
    expect(bucket.waitMs(50, 0)).toBe(1000);
  });

  it('tighten occupies what the vendor says is gone, until its reset', () => {
    const bucket = new WindowTokenBucket({ limit: 10, windowMs: 60_000 });
    bucket.tighten(2, 5000, 0, 'vendor');
    expect(bucket.waitMs(2, 0)).toBe(0);
    expect(bucket.waitMs(3, 0)).toBe(5000);
    expect(bucket.waitMs(10, 5000)).toBe(0);
  });
});
