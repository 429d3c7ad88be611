import { describe, expect, it } from 'vitest';
import { WindowTokenBucket } from './token-bucket.js';

// The window bucket rule by rule: a rule changed on the fly, what expiry reports, a vendor's
// figures that are negative or past the window, and entries kept in time order.

describe('WindowTokenBucket rules', () => {
  it('a new rule applies at once and keeps the ledger', () => {
    const bucket = new WindowTokenBucket({ limit: 2, windowMs: 1000 });
    bucket.take(2, 0, 'a');
    expect(bucket.waitMs(1, 10)).toBe(990);
    bucket.setRule({ limit: 3, windowMs: 1000 });
    expect(bucket.waitMs(1, 10)).toBe(0);
    bucket.setRule({ limit: 3, windowMs: 500 });
    expect(bucket.used(500)).toBe(0);
    bucket.setRule({ limit: 3, windowMs: 500 }); // the same rule again changes nothing
    bucket.take(3, 600, 'b');
    expect(bucket.waitMs(1, 600)).toBe(500);
  });

  it('expire reports each entry that left the window, in order, and only those', () => {
    const bucket = new WindowTokenBucket({ limit: 10, windowMs: 100 });
    bucket.take(1, 0, 'a');
    bucket.take(2, 50, 'b');
    bucket.take(3, 99, 'c');
    const dropped: string[] = [];
    bucket.expire(150, (id) => dropped.push(id));
    expect(dropped).toEqual(['a', 'b']);
    expect(bucket.used(150)).toBe(3);
    expect(bucket.used(199)).toBe(0);
  });

  it('adjusts and removes the entry named, leaving the others', () => {
    const bucket = new WindowTokenBucket({ limit: 100, windowMs: 1000 });
    bucket.take(10, 0, 'a');
    bucket.take(10, 500, 'b');
    expect(bucket.adjust('b', 1)).toBe(true);
    expect(bucket.used(999)).toBe(11);
    expect(bucket.used(1000)).toBe(1); // a left the window; b, adjusted to 1, is still in it
    bucket.take(3, 1000, 'c');
    expect(bucket.remove('b')).toBe(true);
    expect(bucket.used(1000)).toBe(3);
  });

  it('counts nothing once every entry has left, whatever fractions were taken', () => {
    const bucket = new WindowTokenBucket({ limit: 1, windowMs: 100 });
    bucket.take(0.1, 0, 'a');
    bucket.take(0.2, 0, 'b');
    bucket.take(0.3, 50, 'c');
    expect(bucket.used(149)).toBeCloseTo(0.3, 12);
    expect(bucket.used(150)).toBe(0);
  });

  it('removing an unknown entry changes nothing', () => {
    const bucket = new WindowTokenBucket({ limit: 10, windowMs: 100 });
    bucket.take(4, 0, 'a');
    expect(bucket.remove('nope')).toBe(false);
    expect(bucket.used(1)).toBe(4);
  });

  it('waits for as many entries as must leave, the earliest first', () => {
    const bucket = new WindowTokenBucket({ limit: 10, windowMs: 1000 });
    bucket.take(3, 0, 'a');
    bucket.take(3, 100, 'b');
    bucket.take(4, 200, 'c');
    expect(bucket.waitMs(3, 300)).toBe(700);
    expect(bucket.waitMs(4, 300)).toBe(800);
    expect(bucket.waitMs(7, 300)).toBe(900);
  });

  it('tighten: nothing when the vendor leaves at least what is free; a negative remaining counts as none; a reset past the window is cut to it', () => {
    const bucket = new WindowTokenBucket({ limit: 10, windowMs: 1000 });
    bucket.take(4, 0, 'mine');
    bucket.tighten(6, 500, 0, 'v1');
    expect(bucket.used(0)).toBe(4);
    bucket.tighten(8, 500, 0, 'v0');
    expect(bucket.used(0)).toBe(4);
    bucket.tighten(-3, 60_000, 0, 'v2');
    expect(bucket.used(0)).toBe(10);
    expect(bucket.waitMs(1, 0)).toBe(1000);
    expect(bucket.used(999)).toBe(10);
    expect(bucket.used(1000)).toBe(0);
  });

  it('tighten with a reset in the past of its window sorts before newer entries', () => {
    const bucket = new WindowTokenBucket({ limit: 10, windowMs: 1000 });
    bucket.take(2, 900, 'late');
    bucket.tighten(0, 200, 900, 'vendor'); // occupies 8 units until 1100
    expect(bucket.waitMs(1, 900)).toBe(200);
    const dropped: string[] = [];
    bucket.expire(1100, (id) => dropped.push(id));
    expect(dropped).toEqual(['vendor']);
    expect(bucket.used(1100)).toBe(2);
  });
});
