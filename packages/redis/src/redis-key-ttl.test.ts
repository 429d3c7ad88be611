import { applyMiddleware, budgetMiddleware, cacheMiddleware, chatModelFrom, createLocalTokenCounter, staticPriceTable, type BudgetAlert } from '@llm/core';
import type { ChatRequest, ChatResponse } from '@llm/schema';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startRedisServer, type RedisServer } from '@llm/mocks';
import { describeRedis } from '@llm/mocks/conformance';
import { createRedisStores, type RedisStores } from './index.js';

const DAY = 86_400_000;
const prices = staticPriceTable({ 'vendor:m': { input: 1, output: 2 } });
const counter = createLocalTokenCounter({ name: 'fixed', exact: true, countText: () => 0, framing: { perRequest: 1000, perMessage: 0 } });
const vendor = chatModelFrom({
  provider: 'vendor',
  modelId: 'm',
  chat: async <T>(request: ChatRequest<T>): Promise<ChatResponse<T>> => ({
    id: 'x',
    provider: 'vendor',
    model: 'm',
    created: 0,
    text: `answer to ${String(request.messages[0]?.content)}`,
    toolCalls: [],
    finishReason: 'stop',
    usage: { inputTokens: 1000, outputTokens: 10, totalTokens: 1010 },
    object: undefined as T,
  }),
  streamChat: () => {
    throw new Error('not used');
  },
});

describeRedis('every key the Redis stores write expires (real redis-server)', () => {
  let server: RedisServer;
  let stores: RedisStores;
  let raw: Redis;
  beforeAll(async () => {
    server = await startRedisServer();
    stores = createRedisStores({ url: server.url, keyPrefix: 'ttl:' });
    raw = new Redis(server.url, { lazyConnect: true });
    await raw.connect();
  });
  afterAll(async () => {
    raw?.disconnect();
    await stores?.close();
    await server?.stop();
  });

  /** Every key under `ttl:` with its TTL in ms (-1: none). */
  const ttls = async (): Promise<Record<string, number>> => {
    const out: Record<string, number> = {};
    for (const key of await raw.keys('ttl:*')) out[key] = await raw.pttl(key);
    return out;
  };

  it('budgets: calendar and rolling periods, tagged budgets and alert markers all expire after their period (plus the settle grace)', async () => {
    await raw.flushall();
    const alerts: BudgetAlert[] = [];
    for (const [period, window, readForMs] of [
      ['day', 'calendar', DAY],
      ['hour', 'rolling', 3_600_000],
      ['month', 'calendar', 31 * DAY],
    ] as const) {
      const model = applyMiddleware(
        vendor,
        budgetMiddleware({ prices, tokenCounter: counter, maxBudget: 0.0015, period, window, budgetTag: 'user', alertThresholds: [0.5], onAlert: (a) => alerts.push(a), store: stores.budget, name: `b-${period}` }),
      );
      for (const user of ['alice', 'bob']) await model.chat({ messages: [{ role: 'user', content: 'hi' }], maxTokens: 10, tags: { user } });
      const keys = await ttls();
      const mine = Object.entries(keys).filter(([k]) => k.includes(`b-${period}:`));
      // Per tag: the spend hash (its reservation set went with its last reservation) and the alert marker's two keys.
      expect(mine.filter(([k]) => k.includes(':budget:tag:')), JSON.stringify(keys)).toHaveLength(2);
      expect(mine.filter(([k]) => k.includes(':alert:tag:')), JSON.stringify(keys)).toHaveLength(4);
      expect(mine).toHaveLength(6);
      for (const [key, ttl] of mine) {
        expect(ttl, key).toBeGreaterThan(0);
        expect(ttl, key).toBeLessThanOrEqual(readForMs + 3_600_000);
      }
    }
    expect(alerts).toHaveLength(6);
  });

  it('a total budget is kept for good; a key written before TTLs existed gets one on its next reservation', async () => {
    await raw.flushall();
    await stores.budget.reserve('forever', 0.1, 1, 60_000);
    expect(Object.values(await ttls())).toEqual([-1, -1]);
    await raw.hset('ttl:budget:{old}', 'spent', '0.5');
    await stores.budget.reserve('old', 0.1, 1, 60_000, 5 * DAY);
    const keys = await ttls();
    expect(keys['ttl:budget:{old}']).toBeGreaterThan(4 * DAY);
    expect(keys['ttl:budget:{old}:res']).toBeGreaterThan(4 * DAY);
    // A shorter retention never shortens a key's life.
    await stores.budget.reserve('old', 0.1, 1, 60_000, 1000);
    expect((await ttls())['ttl:budget:{old}']).toBeGreaterThan(4 * DAY);
  });

  it('the response cache: its index and counter live as long as the longest-lived entry', async () => {
    await raw.flushall();
    const cached = applyMiddleware(vendor, cacheMiddleware({ store: stores.cache, ttlMs: 60_000 }));
    await cached.chat({ messages: [{ role: 'user', content: 'one' }], temperature: 0 });
    // The cache is filled in the background.
    for (let i = 0; i < 500 && (await raw.zcard('ttl:cache-index')) === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect((await cached.chat({ messages: [{ role: 'user', content: 'one' }], temperature: 0 })).cached).toBe(true);
    const entry = await stores.cache.get((await raw.zrange('ttl:cache-index', 0, 0))[0]!);
    // A shorter-lived entry does not shorten them.
    await stores.cache.set('short', entry!, 300);
    const keys = await ttls();
    expect(Object.keys(keys)).toEqual(expect.arrayContaining(['ttl:cache-index', 'ttl:cache-seq']));
    expect(Object.keys(keys)).toHaveLength(4);
    for (const [key, ttl] of Object.entries(keys)) {
      expect(ttl, key).toBeGreaterThan(0);
      expect(ttl, key).toBeLessThanOrEqual(60_000);
    }
    expect(keys['ttl:cache-index']).toBeGreaterThan(30_000);
    expect(keys['ttl:cache-seq']).toBeGreaterThan(30_000);
  });
});
