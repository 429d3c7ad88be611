import { afterAll, beforeAll, expect, it } from 'vitest';
import { startRedisServer, type RedisServer } from '@llm/mocks';
import { describeRedis } from '@llm/mocks/conformance';
import { createRedisStores, type RedisStores } from './index.js';

describeRedis('RedisBudgetStore (real redis-server)', () => {
  let server: RedisServer;
  let stores: RedisStores;
  beforeAll(async () => {
    server = await startRedisServer();
    stores = createRedisStores({ url: server.url, keyPrefix: 'budget-test:' });
  });
  afterAll(async () => {
    await stores?.close();
    await server?.stop();
  });

  it('concurrent reservations never overspend the limit together', async () => {
    const results = await Promise.all(Array.from({ length: 50 }, () => stores.budget.reserve('t1', 0.1, 1, 60_000)));
    expect(results.filter((r) => r.ok)).toHaveLength(10);
    const rejected = results.find((r) => !r.ok);
    expect(rejected).toMatchObject({ ok: false, spentUsd: 0, limitUsd: 1 });
    const first = results.find((r) => r.ok);
    if (!first?.ok) throw new Error('expected a reservation');
    await stores.budget.settle(first.reservation.id, 0.05);
    await stores.budget.settle(first.reservation.id, 0.05);
    const usage = await stores.budget.usage('t1');
    expect(usage.spentUsd).toBeCloseTo(0.05);
    expect(usage.reservedUsd).toBeCloseTo(0.9);
  });

  it('an unsettled reservation lapses after its lease; a late settle still charges once', async () => {
    const r = await stores.budget.reserve('t2', 1, 1, 100);
    expect((await stores.budget.reserve('t2', 0.5, 1, 100)).ok).toBe(false);
    await new Promise((res) => setTimeout(res, 130));
    expect((await stores.budget.usage('t2')).reservedUsd).toBe(0);
    if (!r.ok) throw new Error('expected a reservation');
    await stores.budget.settle(r.reservation.id, 0.25);
    expect(await stores.budget.usage('t2')).toEqual({ spentUsd: 0.25, reservedUsd: 0 });
    await stores.budget.reset('t2');
    expect(await stores.budget.usage('t2')).toEqual({ spentUsd: 0, reservedUsd: 0 });
  });
});
