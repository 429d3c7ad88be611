import { applyMiddleware, cacheMiddleware, createChatModel, type CachedReply } from '@llm/core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startRedisServer, type RedisServer } from '@llm/mocks';
import { describeRedis } from '@llm/mocks/conformance';
import { createRedisStores, type RedisStores } from './index.js';

const reply = (text: string): CachedReply => ({
  response: { id: 'r', provider: 'p', model: 'm', created: 1, text, toolCalls: [], finishReason: 'stop', usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 }, object: undefined },
});

describeRedis('RedisCacheStore (real redis-server)', () => {
  let server: RedisServer;
  let stores: RedisStores;
  beforeAll(async () => {
    server = await startRedisServer();
    stores = createRedisStores({ url: server.url, keyPrefix: 'cache-test:', cacheMaxEntries: 2 });
  });
  afterAll(async () => {
    await stores?.close();
    await server?.stop();
  });

  it('stores, expires and evicts the least recently used', async () => {
    await stores.cache.set('a', reply('A'), 10_000);
    await stores.cache.set('b', reply('B'), 10_000);
    expect((await stores.cache.get('a'))?.response.text).toBe('A');
    await stores.cache.set('c', reply('C'), 10_000);
    expect(await stores.cache.get('b')).toBeUndefined();
    expect((await stores.cache.get('a'))?.response.text).toBe('A');
    await stores.cache.set('short', reply('S'), 50);
    await new Promise((r) => setTimeout(r, 80));
    expect(await stores.cache.get('short')).toBeUndefined();
    await stores.cache.delete('a');
    expect(await stores.cache.get('a')).toBeUndefined();
    await stores.cache.clear();
    expect(await stores.cache.get('c')).toBeUndefined();
  });

  it('serves one process a reply another process cached', async () => {
    let calls = 0;
    const model = createChatModel({
      provider: 'mock',
      modelId: 'm',
      async doChat() {
        calls++;
        return { text: 'shared', toolCalls: [], finishReason: 'stop', usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 } };
      },
      async *doStream() {
        yield { type: 'finish', finishReason: 'stop' };
      },
    });
    const other = createRedisStores({ url: server.url, keyPrefix: 'cache-test:' });
    const one = applyMiddleware(model, cacheMiddleware({ store: stores.cache }));
    const two = applyMiddleware(model, cacheMiddleware({ store: other.cache }));
    const ask = { messages: [{ role: 'user' as const, content: 'hi' }], temperature: 0 };
    await one.chat(ask);
    await new Promise((r) => setTimeout(r, 20));
    const hit = await two.chat(ask);
    expect(calls).toBe(1);
    expect(hit).toMatchObject({ text: 'shared', cached: true });
    await other.close();
  });
});
