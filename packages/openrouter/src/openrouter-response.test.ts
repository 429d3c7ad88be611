import { openRouterCost, startFakeOpenRouterServer, type FakeServer } from '@llm/mocks';
import type { StreamEvent } from '@llm/schema';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { OpenRouterMetadata } from './openrouter-metadata.js';
import { createOpenRouterProvider } from './openrouter-provider.js';
import { mapOpenRouterUsage } from './openrouter-usage.js';

const messages = [{ role: 'user' as const, content: 'hi' }];
const ctx = { provider: 'openrouter', model: 'openai/gpt-4o-mini' };
const price = { input: 0.000_003, output: 0.000_015 };

describe('openrouter response', () => {
  let server: FakeServer;
  beforeAll(async () => {
    server = await startFakeOpenRouterServer({ unavailableModels: ['anthropic/claude-sonnet-4.5'], upstreamProvider: 'Together', pricePerToken: price });
  });
  afterAll(() => server.close());
  beforeEach(() => server.reset());

  const provider = (models?: string[]) => createOpenRouterProvider({ apiKey: server.apiKey, baseUrl: server.baseUrl, ...(models ? { models } : {}) });

  it('carries the reported cost as authoritative usage.cost, with cached and reasoning tokens', async () => {
    const usage = { inputTokens: 1200, outputTokens: 300, cachedInputTokens: 1000, reasoningTokens: 120 };
    server.enqueue({ kind: 'text', text: 'ok', usage });
    const r = await provider().chatModel('openai/gpt-4o-mini').chat({ messages });
    expect(r.usage).toEqual({
      inputTokens: 1200,
      outputTokens: 300,
      totalTokens: 1500,
      cachedInputTokens: 1000,
      reasoningTokens: 120,
      cost: { totalUsd: openRouterCost(usage, price), source: 'provider' },
    });
    expect(r.usage.cost!.totalUsd).toBeCloseTo(0.0081, 10);
  });

  it('carries the cost of a stream from its usage chunk', async () => {
    server.enqueue({ kind: 'text', text: 'one two three', usage: { inputTokens: 100, outputTokens: 10 } });
    const r = await provider().chatModel('openai/gpt-4o-mini').streamChat({ messages }).response;
    expect(r.usage.cost).toEqual({ totalUsd: openRouterCost({ inputTokens: 100, outputTokens: 10 }, price), source: 'provider' });
  });

  it('adds the upstream bill to OpenRouter’s fee for BYOK calls, and keeps a zero cost of a free model', () => {
    const byok = mapOpenRouterUsage({ prompt_tokens: 10, completion_tokens: 5, total_tokens: 15, cost: 0.0001, is_byok: true, cost_details: { upstream_inference_cost: 0.002 } } as never, ctx);
    expect(byok.cost).toEqual({ totalUsd: 0.0021, source: 'provider' });
    const free = mapOpenRouterUsage({ prompt_tokens: 43, completion_tokens: 10, total_tokens: 53, cost: 0 } as never, ctx);
    expect(free.cost).toEqual({ totalUsd: 0, source: 'provider' });
    const none = mapOpenRouterUsage({ prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 }, ctx);
    expect(none.cost).toBeUndefined();
  });

  it('a cost that is not a number is a malformed reply, never a price', () => {
    for (const cost of ['0.01', -1, { usd: 1 }]) {
      expect(() => mapOpenRouterUsage({ prompt_tokens: 1, completion_tokens: 1, total_tokens: 2, cost } as never, ctx)).toThrow(expect.objectContaining({ code: 'malformed_response', retryable: false }));
    }
  });

  it('reports the model that answered (a fallback) and the upstream provider, in a reply and in a stream', async () => {
    const m = provider(['deepseek/deepseek-chat']).chatModel('anthropic/claude-sonnet-4.5');
    server.enqueue({ kind: 'text', text: 'from the fallback' }, { kind: 'text', text: 'streamed from the fallback' });
    const r = await m.chat({ messages });
    expect(r.model).toBe('deepseek/deepseek-chat');
    expect(r.providerMetadata?.openrouter).toMatchObject({ provider: 'Together', nativeFinishReason: 'stop', byok: false } satisfies OpenRouterMetadata);
    const s = await m.streamChat({ messages }).response;
    expect(s.model).toBe('deepseek/deepseek-chat');
    expect((s.providerMetadata?.openrouter as OpenRouterMetadata).provider).toBe('Together');
  });

  it('reads a stream full of `: OPENROUTER PROCESSING` comment lines', async () => {
    // The fake really sends them: read the raw stream once.
    server.enqueue({ kind: 'text', text: 'a b c' });
    const raw = await fetch(`${server.baseUrl}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'openai/gpt-4o-mini', messages, stream: true }),
    });
    expect(await raw.text()).toContain(': OPENROUTER PROCESSING');
    server.enqueue({ kind: 'text', text: 'alpha beta gamma delta' });
    const events: StreamEvent<undefined>[] = [];
    for await (const e of provider().chatModel('openai/gpt-4o-mini').streamChat({ messages })) events.push(e);
    expect(events.filter((e) => e.type === 'text-delta').map((e) => (e.type === 'text-delta' ? e.text : '')).join('')).toBe('alpha beta gamma delta');
    expect(events.at(-1)?.type).toBe('finish');
  });

  it('ends a stream with the mapped error when a chunk carries an error object', async () => {
    server.enqueue({ kind: 'stream-error', afterText: 'We need to', error: 'invalid_request', message: 'Token limit reached' });
    const texts: string[] = [];
    const stream = provider().chatModel('minimax/minimax-m2:free').streamChat({ messages });
    await expect(
      (async () => {
        for await (const e of stream) if (e.type === 'text-delta') texts.push(e.text);
      })(),
    ).rejects.toMatchObject({ code: 'invalid_request', status: 400, provider: 'openrouter', message: expect.stringMatching(/Token limit reached/) });
    expect(texts.join('')).toBe('We need to');
    await expect(stream.response).rejects.toMatchObject({ code: 'invalid_request' });
  });

  it('reports the usage (and cost) OpenRouter put on the error chunk, before the error', async () => {
    server.enqueue({ kind: 'stream-error', afterText: 'We need to', error: 'invalid_request', message: 'Token limit reached' });
    const events: StreamEvent[] = [];
    const stream = provider().chatModel('minimax/minimax-m2:free').streamChat({ messages });
    const failure = await (async () => {
      try {
        for await (const e of stream) events.push(e);
      } catch (err) {
        return err;
      }
      return undefined;
    })();
    expect(failure).toMatchObject({ code: 'invalid_request' });
    const usage = events.filter((e) => e.type === 'usage');
    expect(usage).toHaveLength(1);
    expect(usage[0]).toMatchObject({ usage: { inputTokens: 11, outputTokens: 7, totalTokens: 18, cost: { totalUsd: openRouterCost({ inputTokens: 11, outputTokens: 7 }, price), source: 'provider' } } });
    expect(events.at(-1)?.type).toBe('usage');
  });
});
