import { describe, expect, it } from 'vitest';
import { FairQueue } from './fair-queue.js';

describe('FairQueue', () => {
  it('serves in arrival order and refuses past its bound', () => {
    const queue = new FairQueue<string>(2);
    expect(queue.push('a')).toBe(true);
    expect(queue.push('b')).toBe(true);
    expect(queue.push('c')).toBe(false);
    expect(queue.size).toBe(2);
    expect(queue.peek()).toBe('a');
    expect(queue.shift()).toBe('a');
    expect(queue.shift()).toBe('b');
    expect(queue.shift()).toBeUndefined();
  });

  it('removes an item from anywhere, and removing one that is not there (any more) touches nobody else', () => {
    const queue = new FairQueue<string>();
    for (const item of ['a', 'b', 'c']) queue.push(item);
    expect(queue.remove('b')).toBe(true);
    expect(queue.remove('b')).toBe(false);
    expect(queue.remove('x')).toBe(false);
    expect(queue.size).toBe(2);
    expect([queue.shift(), queue.shift()]).toEqual(['a', 'c']);
  });
});
