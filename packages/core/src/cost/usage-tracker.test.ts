import type { Usage } from '@llm/schema';
import { describe, expect, it } from 'vitest';
import { applyMiddleware, wrapChatModel, type Middleware } from '../middleware/index.js';
import { ChatStream, createChatModel, type ChatTransport, type TransportStreamPart } from '../model/index.js';
import { fakeTransport } from '../model/fake-transport.test-util.js';
import { UsageTracker } from './usage-tracker.js';

const ask = { messages: [{ role: 'user' as const, content: 'hi' }] };
const priced: Usage = { inputTokens: 10, outputTokens: 5, totalTokens: 15, cachedInputTokens: 4, cacheWriteTokens: 3, reasoningTokens: 2, cost: { totalUsd: 0.25, source: 'computed' } };
const unpriced: Usage = { inputTokens: 1, outputTokens: 1, totalTokens: 2 };

describe('UsageTracker', () => {
  it('adds up tokens and dollars per model and in total; a cached reply counts as a request only; an unpriced one as unpriced', () => {
    const tracker = new UsageTracker();
    tracker.record('p', 'a', priced);
    tracker.record('p', 'a', priced);
    tracker.record('p', 'b', unpriced);
    tracker.record('p', 'b', priced, true);
    const { totals, byModel } = tracker.report();
    expect(byModel['p:a']).toEqual({ provider: 'p', model: 'a', requests: 2, cachedRequests: 0, inputTokens: 20, outputTokens: 10, totalTokens: 30, cachedInputTokens: 8, cacheWriteTokens: 6, reasoningTokens: 4, costUsd: 0.5, unpricedRequests: 0 });
    expect(byModel['p:b']).toEqual({ provider: 'p', model: 'b', requests: 2, cachedRequests: 1, inputTokens: 1, outputTokens: 1, totalTokens: 2, cachedInputTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0, costUsd: 0, unpricedRequests: 1 });
    expect(totals).toEqual({ requests: 4, cachedRequests: 1, inputTokens: 21, outputTokens: 11, totalTokens: 32, cachedInputTokens: 8, cacheWriteTokens: 6, reasoningTokens: 4, costUsd: 0.5, unpricedRequests: 1 });
  });

  it('hands out copies, and reset forgets everything', () => {
    const tracker = new UsageTracker();
    tracker.record('p', 'a', priced);
    const report = tracker.report();
    report.totals.requests = 99;
    report.byModel['p:a']!.requests = 99;
    expect(tracker.report().totals.requests).toBe(1);
    expect(tracker.report().byModel['p:a']!.requests).toBe(1);
    tracker.reset();
    expect(tracker.report()).toEqual({ totals: { requests: 0, cachedRequests: 0, inputTokens: 0, outputTokens: 0, totalTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0, costUsd: 0, unpricedRequests: 0 }, byModel: {} });
  });

  it('as a middleware records replies and finished streams under the model that answered, and cached replies as cached', async () => {
    const tracker = new UsageTracker();
    const fromCache: Middleware = (inner) => wrapChatModel(inner, { chat: async (request, options, next) => ({ ...(await next.chat(request, options)), cached: true }) });
    const model = applyMiddleware(createChatModel(fakeTransport({ usage: priced })), tracker.middleware());
    await model.chat(ask);
    await model.streamChat(ask).response;
    await applyMiddleware(createChatModel(fakeTransport({ usage: priced })), tracker.middleware(), fromCache).chat(ask);
    expect(tracker.report().byModel['fake:fake-model-001']).toMatchObject({ requests: 3, cachedRequests: 1, inputTokens: 20 });
  });

  it('records the usage a stream reported before it failed, and nothing for one that reported none', async () => {
    const failing = (withUsage: boolean): ChatTransport => ({
      provider: 'p',
      modelId: 'm',
      doChat: () => Promise.reject(new Error('unused')),
      async *doStream(): AsyncGenerator<TransportStreamPart> {
        yield { type: 'text-delta', text: 'half' };
        if (withUsage) yield { type: 'usage', usage: unpriced };
        throw new Error('connection reset');
      },
    });
    const tracker = new UsageTracker();
    await expect(applyMiddleware(createChatModel(failing(true)), tracker.middleware()).streamChat(ask).response).rejects.toBeDefined();
    await expect(applyMiddleware(createChatModel(failing(false)), tracker.middleware()).streamChat(ask).response).rejects.toBeDefined();
    expect(tracker.report().byModel).toEqual({ 'p:m': expect.objectContaining({ requests: 1, inputTokens: 1, unpricedRequests: 1 }) });
  });

  it('a stream served from the cache counts as a cached request; usage reported before more output and a failure is still recorded', async () => {
    const tracker = new UsageTracker();
    const cachedStreams: Middleware = (inner) =>
      wrapChatModel(inner, {
        streamChat: (request, options, next) =>
          new ChatStream(
            async function* (signal) {
              for await (const event of next.streamChat(request, { ...options, signal })) yield event.type === 'finish' ? { ...event, response: { ...event.response, cached: true } } : event;
            },
            { provider: next.provider, modelId: next.modelId, signal: options.signal },
          ),
      });
    expect((await applyMiddleware(createChatModel(fakeTransport({ usage: priced })), tracker.middleware(), cachedStreams).streamChat(ask).response).cached).toBe(true);
    expect(tracker.report().totals).toMatchObject({ requests: 1, cachedRequests: 1, inputTokens: 0 });

    const usageThenMore: ChatTransport = {
      provider: 'p',
      modelId: 'm',
      doChat: () => Promise.reject(new Error('unused')),
      async *doStream(): AsyncGenerator<TransportStreamPart> {
        yield { type: 'usage', usage: unpriced };
        yield { type: 'text-delta', text: 'more after the usage' };
        throw new Error('connection reset');
      },
    };
    await expect(applyMiddleware(createChatModel(usageThenMore), tracker.middleware()).streamChat(ask).response).rejects.toBeDefined();
    expect(tracker.report().byModel['p:m']).toMatchObject({ requests: 1, inputTokens: 1, unpricedRequests: 1 });
  });
});
