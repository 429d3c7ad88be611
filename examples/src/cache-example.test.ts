import { expect, it } from 'vitest';
import { runCacheExample } from './cache-example.js';

it('the cache example serves the repeat from the cache and paces the rest', async () => {
  const lines: string[] = [];
  const result = await runCacheExample((line) => lines.push(line));
  expect(result.firstCached).toBe(false);
  expect(result.secondCached).toBe(true);
  // 1 call in the first window + 10 more at 5/s: the last ones wait for the next window.
  expect(result.elapsedMs).toBeGreaterThanOrEqual(900);
  expect(lines).toHaveLength(2);
});
