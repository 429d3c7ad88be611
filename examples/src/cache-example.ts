/**
 * The response cache and the rate limiter around a model, offline (the built-in mock model):
 * the second identical call is served from the cache (`cached: true`, no cost), and ten calls
 * under a limit of 5 requests per second take about a second.
 *
 * For limits and a cache shared by many processes, pass `createRedisStores({ url }).rateLimit`
 * and `.cache` from @llm/redis as the `store` options.
 */
import { applyMiddleware, cacheMiddleware, rateLimitMiddleware, type ChatModel } from '@llm/core';
import { createMockModel } from '@llm/mocks';

export function cachedAndLimited(model: ChatModel): ChatModel {
  return applyMiddleware(
    model,
    cacheMiddleware({ ttlMs: 60_000 }),
    rateLimitMiddleware({ requests: 5, windowMs: 1000, maxConcurrent: 2, maxWaitMs: 10_000 }),
  );
}

export async function runCacheExample(log: (line: string) => void = console.log): Promise<{ firstCached: boolean; secondCached: boolean; elapsedMs: number }> {
  const mock = createMockModel({ defaultScenario: { kind: 'text', text: 'Paris.' } });
  const model = cachedAndLimited(mock.model);
  const ask = { messages: [{ role: 'user' as const, content: 'Capital of France?' }], temperature: 0 };
  const first = await model.chat(ask);
  const second = await model.chat(ask);
  log(`first: ${first.text} cached=${first.cached === true}; second: ${second.text} cached=${second.cached === true}`);

  const started = performance.now();
  await Promise.all(Array.from({ length: 10 }, (_, i) => model.chat({ messages: [{ role: 'user', content: `question ${i}` }], temperature: 0 })));
  const elapsedMs = Math.round(performance.now() - started);
  log(`10 more calls under 5 requests/s took ${elapsedMs} ms`);
  return { firstCached: first.cached === true, secondCached: second.cached === true, elapsedMs };
}
