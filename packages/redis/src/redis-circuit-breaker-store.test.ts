import { afterAll, beforeAll, expect, it } from 'vitest';
import { startRedisServer, type RedisServer } from '@llm/mocks';
import { describeRedis } from '@llm/mocks/conformance';
import { createRedisStores, type RedisStores } from './index.js';

describeRedis('RedisCircuitBreakerStore (real redis-server)', () => {
  let server: RedisServer;
  let stores: RedisStores;
  beforeAll(async () => {
    server = await startRedisServer();
    stores = createRedisStores({ url: server.url, keyPrefix: 'cb-test:' });
  });
  afterAll(async () => {
    await stores?.close();
    await server?.stop();
  });

  it('counts outcomes in a sliding window and moves state by compare-and-set', async () => {
    const cb = stores.circuitBreaker;
    expect(await cb.get('k', 1000, 10_000)).toEqual({ state: 'closed', openedAt: undefined, calls: 0, failures: 0 });
    await cb.record('k', false, 1000, 10_000);
    await cb.record('k', true, 2000, 10_000);
    expect(await cb.record('k', true, 3000, 10_000)).toEqual({ state: 'closed', openedAt: undefined, calls: 3, failures: 2 });
    // A success: one round trip that counts it in the same bucket as record(false) and reads nothing back.
    expect(await cb.recordSuccess('k', 3001, 10_000)).toBeUndefined();
    expect(await cb.get('k', 3001, 10_000)).toEqual({ state: 'closed', openedAt: undefined, calls: 4, failures: 2 });
    expect(await cb.record('k', false, 3002, 10_000)).toMatchObject({ calls: 5, failures: 2 });
    // The first bucket leaves the window.
    expect(await cb.get('k', 12_500, 10_000)).toMatchObject({ calls: 4, failures: 2 });
    expect(await cb.transition('k', 'closed', 'open', 13_000)).toBe(true);
    expect(await cb.transition('k', 'closed', 'open', 13_001)).toBe(false);
    expect(await cb.get('k', 13_000, 10_000)).toMatchObject({ state: 'open', openedAt: 13_000 });
    expect(await cb.acquireProbe('k', 14_000, 1000)).toBe(false);
    expect(await cb.transition('k', 'open', 'half_open', 20_000)).toBe(true);
    const probes = await Promise.all([1, 2, 3].map(() => cb.acquireProbe('k', 20_000, 1000)));
    expect(probes.filter(Boolean)).toHaveLength(1);
    expect(await cb.acquireProbe('k', 21_000, 1000)).toBe(true);
    await cb.releaseProbe('k');
    expect(await cb.acquireProbe('k', 21_001, 1000)).toBe(true);
    expect(await cb.transition('k', 'half_open', 'closed', 22_000)).toBe(true);
    expect(await cb.get('k', 22_000, 10_000)).toEqual({ state: 'closed', openedAt: undefined, calls: 0, failures: 0 });
    await cb.transition('k', 'closed', 'open', 23_000);
    await cb.record('other', true, 1, 1000);
    await cb.reset();
    expect(await cb.get('k', 23_000, 10_000)).toMatchObject({ state: 'closed' });
    expect(await cb.get('other', 2, 1000)).toMatchObject({ calls: 0 });
  });
});
