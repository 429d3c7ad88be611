// A worker process for the multi-process tests: it shares one Redis rate limit with its siblings.
// Run by `startWorker` of `@llm/tooling/test-process` (the workspace sources, transpiled on the fly).
// Messages to the parent: {type:'ready'}, {type:'grant', at}, {type:'holding'}, {type:'done', grants}.
import { RateLimiter } from '@llm/core';
import { createRedisStores } from '../src/index.js';

const url = process.env.REDIS_URL!;
const mode = process.env.WORKER_MODE ?? 'spin';
const key = process.env.LIMIT_KEY ?? 'shared';
const limit = Number(process.env.LIMIT ?? '10');
const windowMs = Number(process.env.WINDOW_MS ?? '1000');
const runMs = Number(process.env.RUN_MS ?? '2000');
const leaseMs = Number(process.env.LEASE_MS ?? '60000');

const send = (message: Record<string, unknown>) => process.send?.(message);

const stores = createRedisStores({ url, keyPrefix: process.env.KEY_PREFIX ?? 'test:' });

async function main(): Promise<void> {
  if (mode === 'hold') {
    // Take the only concurrency slot and never give it back: the parent kills us mid-call.
    const limiter = new RateLimiter({ rules: { windowMs, maxConcurrent: 1 }, store: stores.rateLimit, leaseMs });
    await limiter.acquire(key, 0);
    send({ type: 'holding' });
    await new Promise(() => {});
    return;
  }
  const limiter = new RateLimiter({ rules: { windowMs, requests: limit }, store: stores.rateLimit, pollMs: 20 });
  send({ type: 'ready' });
  await new Promise<void>((resolve) => process.once('message', () => resolve()));
  const end = Date.now() + runMs;
  let grants = 0;
  while (Date.now() < end) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), Math.max(0, end - Date.now()));
    try {
      const permit = await limiter.acquire(key, 0, { signal: controller.signal });
      grants++;
      send({ type: 'grant', at: permit.lease.grantedAt, pid: process.pid });
      await permit.release();
    } catch {
      // canceled at the end of the run
    } finally {
      clearTimeout(timer);
    }
  }
  send({ type: 'done', grants });
  await stores.close();
  process.exit(0);
}

main().catch((err: unknown) => {
  send({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  process.exit(1);
});
