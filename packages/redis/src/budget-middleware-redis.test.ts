import { afterAll, beforeAll, expect, it } from 'vitest';
import { startRedisServer, type RedisServer } from '@llm/mocks';
import { describeRedis } from '@llm/mocks/conformance';
import { startWorker } from '@llm/tooling/test-process';

const WORKER_SCRIPT = new URL('../test/budget-worker.ts', import.meta.url);
import { createRedisStores, type RedisStores } from './index.js';


describeRedis('budgetMiddleware over RedisBudgetStore (real redis-server, four processes)', () => {
  let server: RedisServer;
  let stores: RedisStores;

  beforeAll(async () => {
    server = await startRedisServer();
    stores = createRedisStores({ url: server.url, keyPrefix: 'test:' });
  });
  afterAll(async () => {
    await stores?.close();
    await server?.stop();
  });

  it('64 callers in four processes sharing one budget never spend past it', async () => {
    const limit = 0.05;
    const env = { REDIS_URL: server.url, BUDGET_USD: String(limit), CALLERS: '16', ROUNDS: '4', BUDGET_NAME: 'four-procs', KEY_PREFIX: 'test:' };
    const workers = [0, 1, 2, 3].map(() => startWorker(WORKER_SCRIPT, env));
    const key = 'four-procs:budget:global:total';
    let maxCommitted = 0;
    let polling = true;
    const poll = (async () => {
      while (polling) {
        const { spentUsd, reservedUsd } = await stores.budget.usage(key);
        maxCommitted = Math.max(maxCommitted, spentUsd + reservedUsd);
        await new Promise((r) => setTimeout(r, 2));
      }
    })();
    try {
      await Promise.all(workers.map((w) => w.next('ready')));
      for (const w of workers) w.child.send('go');
      const done = await Promise.all(workers.map((w) => w.next('done')));
      polling = false;
      await poll;
      const calls = done.reduce((n, d) => n + Number(d.calls), 0);
      const refused = done.reduce((n, d) => n + Number(d.refused), 0);
      expect(done.reduce((n, d) => n + Number(d.otherErrors), 0)).toBe(0);
      expect(calls + refused).toBe(4 * 16 * 4);
      expect(refused).toBeGreaterThan(0);
      const { spentUsd, reservedUsd } = await stores.budget.usage(key);
      expect(reservedUsd).toBe(0);
      expect(spentUsd).toBeLessThanOrEqual(limit + 1e-9);
      expect(spentUsd).toBeGreaterThan(limit / 2);
      // Every moment seen: settled spend plus live reservations never above the budget.
      expect(maxCommitted).toBeLessThanOrEqual(limit + 1e-9);
    } finally {
      polling = false;
      for (const w of workers) w.child.kill('SIGKILL');
    }
  }, 120_000); // four TypeScript workers start from sources: slow on a loaded 2-core CI machine
});
