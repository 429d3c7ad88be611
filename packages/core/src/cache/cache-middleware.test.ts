import type { MetricsRecorder } from '@llm/metrics';
import type { StreamEvent } from '@llm/schema';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { InMemoryCacheStore } from './cache-memory-store.js';
import { cacheMiddleware, cacheOptionsFromConfig } from './cache-middleware.js';
import { createChatModel, type ChatTransport, type TransportResponse } from '../model/index.js';
import { ClientConfigSchema } from '../config/index.js';
import { applyMiddleware } from '../middleware/index.js';
import { UsageTracker } from '../cost/index.js';

function model(reply: Partial<TransportResponse> = {}, chunks = ['Hel', 'lo']) {
  let calls = 0;
  const response = (): TransportResponse => ({
    id: `r${calls}`,
    text: chunks.join(''),
    toolCalls: [],
    finishReason: 'stop',
    usage: { inputTokens: 5, outputTokens: 2, totalTokens: 7, cost: { totalUsd: 0.01, source: 'computed' } },
    ...reply,
  });
  const transport: ChatTransport = {
    provider: 'mock',
    modelId: 'm1',
    async doChat() {
      calls++;
      return response();
    },
    async *doStream() {
      calls++;
      const r = response();
      for (const text of chunks) yield { type: 'text-delta', text };
      for (const [index, c] of r.toolCalls.entries()) yield { type: 'tool-call-delta', index, id: c.id, name: c.name, argumentsDelta: String(c.arguments) };
      yield { type: 'usage', usage: r.usage! };
      yield { type: 'finish', finishReason: r.finishReason };
    },
  };
  return { chatModel: createChatModel(transport), calls: () => calls };
}

/** `null`: no temperature set. */
const ask = (content = 'hi', temperature: number | null = 0) => ({
  messages: [{ role: 'user' as const, content }],
  ...(temperature === null ? {} : { temperature }),
});

async function collect<T>(stream: AsyncIterable<StreamEvent<T>>): Promise<StreamEvent<T>[]> {
  const events: StreamEvent<T>[] = [];
  for await (const e of stream) events.push(e);
  return events;
}

describe('cacheMiddleware', () => {
  it('serves a repeated request from the cache, marked cached and without cost', async () => {
    const { chatModel, calls } = model();
    const cacheLookup = vi.fn();
    const cached = applyMiddleware(chatModel, cacheMiddleware({ metrics: { cacheLookup } as unknown as MetricsRecorder }));
    const first = await cached.chat(ask());
    const second = await cached.chat(ask());
    expect(calls()).toBe(1);
    expect(first.cached).toBeUndefined();
    expect(first.usage.cost?.totalUsd).toBe(0.01);
    expect(second).toMatchObject({ text: 'Hello', cached: true, id: first.id });
    expect(second.usage.cost).toBeUndefined();
    expect(cacheLookup.mock.calls.map((c) => c[1])).toEqual([false, true]);
    await cached.chat(ask('other'));
    expect(calls()).toBe(2);
  });

  it('a cached reply costs nothing in usage accounting', async () => {
    const { chatModel } = model();
    const usage = new UsageTracker();
    const cached = applyMiddleware(chatModel, usage.middleware(), cacheMiddleware(), usage.middleware());
    await cached.chat(ask());
    await cached.chat(ask());
    const totals = usage.report().totals;
    // The inner tracker saw the vendor reply once; the outer one both, the second as a free hit.
    expect(totals.cachedRequests).toBe(1);
    expect(totals.costUsd).toBeCloseTo(0.02);
    expect(totals.requests).toBe(3);
  });

  it('leaves non-zero (or unset) temperature alone unless asked', async () => {
    const { chatModel, calls } = model();
    const plain = applyMiddleware(chatModel, cacheMiddleware());
    await plain.chat(ask('x', 0.7));
    await plain.chat(ask('x', 0.7));
    await plain.chat(ask('y', null));
    await plain.chat(ask('y', null));
    expect(calls()).toBe(4);
    const eager = applyMiddleware(chatModel, cacheMiddleware({ cacheNonZeroTemperature: true }));
    await eager.chat(ask('x', 0.7));
    await eager.chat(ask('x', 0.7));
    expect(calls()).toBe(5);
  });

  it('expires entries after the TTL and evicts the least recently used', async () => {
    let now = 0;
    const store = new InMemoryCacheStore({ maxEntries: 2, now: () => now });
    const { chatModel, calls } = model();
    const cached = applyMiddleware(chatModel, cacheMiddleware({ store, ttlMs: 1000 }));
    await cached.chat(ask('a'));
    await cached.chat(ask('b'));
    await cached.chat(ask('a')); // hit: a is now the most recent
    await cached.chat(ask('c')); // evicts b
    expect(calls()).toBe(3);
    expect(store.size).toBe(2);
    await cached.chat(ask('a'));
    expect(calls()).toBe(3);
    await cached.chat(ask('b'));
    expect(calls()).toBe(4);
    now = 1000;
    await cached.chat(ask('a'));
    expect(calls()).toBe(5);
  });

  it('a finished stream fills the cache, and a hit is served as a stream replaying the deltas', async () => {
    const { chatModel, calls } = model({}, ['Hel', 'lo', ' there']);
    const cached = applyMiddleware(chatModel, cacheMiddleware());
    const live = await collect(cached.streamChat(ask()));
    await new Promise((r) => setTimeout(r, 0));
    const replayed = await collect(cached.streamChat(ask()));
    expect(calls()).toBe(1);
    const deltas = (events: StreamEvent<undefined>[]) => events.filter((e) => e.type === 'text-delta').map((e) => (e.type === 'text-delta' ? e.text : ''));
    expect(deltas(replayed)).toEqual(['Hel', 'lo', ' there']);
    expect(replayed.map((e) => e.type)).toEqual(['text-delta', 'text-delta', 'text-delta', 'usage', 'finish']);
    const finish = replayed[replayed.length - 1]!;
    expect(finish.type === 'finish' && finish.response.cached).toBe(true);
    expect(finish.type === 'finish' && finish.response.usage.cost).toBeUndefined();
    expect(live[live.length - 1]!.type).toBe('finish');
    // chat() is served from what the stream stored
    expect((await cached.chat(ask())).text).toBe('Hello there');
    expect(calls()).toBe(1);
  });

  it('replays tool calls and re-parses structured output on a hit', async () => {
    const { chatModel } = model({ toolCalls: [{ id: 'c1', name: 'weather', arguments: '{"city":"Paris"}' }], finishReason: 'tool_calls' }, ['']);
    const tool = { name: 'weather', parameters: z.object({ city: z.string() }) };
    const cached = applyMiddleware(chatModel, cacheMiddleware());
    await cached.chat({ ...ask(), tools: [tool] });
    const events = await collect(cached.streamChat({ ...ask(), tools: [tool] }));
    expect(events.filter((e) => e.type === 'tool-call')).toEqual([{ type: 'tool-call', toolCall: { id: 'c1', name: 'weather', arguments: { city: 'Paris' } } }]);

    const json = model({ text: '{"n":2}' }, ['{"n":2}']);
    const schema = z.object({ n: z.number().transform((n) => n * 10) });
    const structured = applyMiddleware(json.chatModel, cacheMiddleware());
    const first = await structured.chat({ ...ask(), output: schema });
    const second = await structured.chat({ ...ask(), output: schema });
    expect(json.calls()).toBe(1);
    expect(second.object).toEqual({ n: 20 });
    expect(first.object).toEqual(second.object);
  });

  it('does not cache a reply that ended in an error finish', async () => {
    const { chatModel, calls } = model({ finishReason: 'error' });
    const cached = applyMiddleware(chatModel, cacheMiddleware());
    await cached.chat(ask());
    await cached.chat(ask());
    expect(calls()).toBe(2);
  });

  it('reads the client config: off by default', () => {
    expect(cacheOptionsFromConfig(ClientConfigSchema.parse({ provider: 'p', model: 'm' }))).toBeUndefined();
    const config = ClientConfigSchema.parse({ provider: 'p', model: 'm', cache: { enabled: 'true', ttl: '5m', maxEntries: 10 } });
    expect(cacheOptionsFromConfig(config)).toEqual({ ttlMs: 300_000, maxEntries: 10, cacheNonZeroTemperature: false });
    expect(config.keepAlive).toBe(true);
  });
});
