import { describe, expect, it } from 'vitest';
import type { RollupQuery } from './analytics-store.js';
import { MemoryAnalyticsStore } from './memory-store.js';
import { withRollupCache } from './rollup-cache.js';
import { makeCallRecord } from './testing.js';

describe('withRollupCache', () => {
  it('reads the same rows once, and rows of another level, window or filter again', async () => {
    const store = new MemoryAnalyticsStore({ now: () => Date.parse('2026-03-20T12:00:00Z') });
    await store.append([makeCallRecord({ model: 'a', tags: { f: 'x' } }), makeCallRecord({ model: 'b', tags: { f: 'y' } })]);
    const reads: RollupQuery[] = [];
    const counting = Object.assign(Object.create(store) as MemoryAnalyticsStore, { rollups: (q: RollupQuery) => (reads.push(q), store.rollups(q)) });
    const cached = withRollupCache(counting);
    const from = Date.parse('2026-03-20T00:00:00Z');
    const q: RollupQuery = { level: 'minute', from, to: from + 86_400_000 };
    const first = await cached.rollups(q);
    expect(first).toHaveLength(2);
    // The same read with callers' own extra fields is served from the cache.
    expect(await cached.rollups({ ...q, groupBy: ['model'] } as RollupQuery)).toBe(first);
    expect(reads).toHaveLength(1);
    expect(await cached.rollups({ ...q, tags: { f: 'x' } })).toHaveLength(1);
    expect(await cached.rollups({ ...q, tags: { f: 'y' } })).toHaveLength(1);
    expect(await cached.rollups({ ...q, level: 'hour' })).toHaveLength(2);
    expect(await cached.rollups({ ...q, to: from + 1 })).toHaveLength(0);
    expect(reads).toHaveLength(5);
  });
});
