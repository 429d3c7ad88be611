import { describe, expect, it } from 'vitest';
import { waitFor } from './wait-for.js';

describe('waitFor', () => {
  it('resolves once the check holds', async () => {
    let polls = 0;
    await waitFor(() => ++polls >= 3, 'three polls', 1_000, 1);
    expect(polls).toBe(3);
  });

  it('rejects naming what it waited for once the time is up', async () => {
    const started = Date.now();
    await expect(waitFor(() => false, 'the request reaching the server', 30, 5)).rejects.toThrow('the request reaching the server not met in time (30 ms)');
    expect(Date.now() - started).toBeGreaterThanOrEqual(30);
  });
});
