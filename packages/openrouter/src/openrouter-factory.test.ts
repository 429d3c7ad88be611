import { coreModule, resolveClientFromContainer, withApiKey, withBaseUrl, withLogLevel } from '@llm/core';
import { isLLMError, type LLMError } from '@llm/errors';
import { openRouterCost, startFakeOpenRouterServer, type FakeServer } from '@llm/mocks';
import { Container } from 'inversify';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOpenRouter, openRouterModule, type OpenRouterConfig } from './openrouter-factory.js';

function thrown(fn: () => unknown): LLMError {
  try {
    fn();
  } catch (err) {
    expect(isLLMError(err)).toBe(true);
    return err as LLMError;
  }
  throw new Error('expected a throw');
}

describe('createOpenRouter', () => {
  let server: FakeServer;
  const savedKey = process.env.OPENROUTER_API_KEY;
  const price = { input: 0.000_001, output: 0.000_002 };

  beforeAll(async () => {
    server = await startFakeOpenRouterServer({ pricePerToken: price });
  });
  afterAll(() => server.close());
  beforeEach(() => server.reset());
  afterEach(() => {
    if (savedKey === undefined) delete process.env.OPENROUTER_API_KEY;
    else process.env.OPENROUTER_API_KEY = savedKey;
  });

  it('makes a client whose usage totals carry the cost OpenRouter reported', async () => {
    const client = createOpenRouter(
      { apiKey: server.apiKey, baseUrl: server.baseUrl, model: 'meta-llama/llama-3.3-70b-instruct', appName: 'Tests', routing: { sort: 'price' } },
      withLogLevel('silent'),
    );
    expect(client.provider).toBe('openrouter');
    server.enqueue({ kind: 'text', text: 'a', usage: { inputTokens: 1000, outputTokens: 100 } }, { kind: 'text', text: 'b', usage: { inputTokens: 10, outputTokens: 10 } });
    await client.chat({ messages: [{ role: 'user', content: 'hi' }] });
    await client.streamChat({ messages: [{ role: 'user', content: 'hi' }] }).response;
    const totals = client.getUsage().totals;
    expect(totals.unpricedRequests).toBe(0);
    expect(totals.costUsd).toBeCloseTo(openRouterCost({ inputTokens: 1000, outputTokens: 100 }, price) + openRouterCost({ inputTokens: 10, outputTokens: 10 }, price), 12);
    expect(server.lastRequest().headers['x-title']).toBe('Tests');
    expect((server.lastRequest().body as Record<string, unknown>).provider).toEqual({ sort: 'price' });
  });

  it('reads the key from OPENROUTER_API_KEY and refuses to start without one', async () => {
    process.env.OPENROUTER_API_KEY = server.apiKey;
    const client = createOpenRouter({ baseUrl: server.baseUrl }, withLogLevel('silent'));
    expect(client.modelId).toBe('openai/gpt-4o-mini');
    server.enqueue({ kind: 'text', text: 'ok' });
    await client.chat({ messages: [{ role: 'user', content: 'hi' }] });
    expect(server.lastRequest().apiKey).toBe(server.apiKey);
    delete process.env.OPENROUTER_API_KEY;
    const err = thrown(() => createOpenRouter({ baseUrl: server.baseUrl }));
    expect(err.code).toBe('configuration');
    expect(err.message).toMatch(/OPENROUTER_API_KEY/);
  });

  it('rejects invalid OpenRouter settings and shared config in one configuration error naming each field', () => {
    const bad = {
      apiKey: 'k',
      appUrl: 'not a url',
      models: 'openai/gpt-4o',
      routing: { sort: 'cheapest', dataCollection: 'maybe', allow_fallbacks: true, maxPrice: { prompt: -1 } },
      retry: { maxRetries: -3 },
    } as unknown as OpenRouterConfig;
    const err = thrown(() => createOpenRouter(bad));
    expect(err.code).toBe('configuration');
    for (const field of ['appUrl', 'models', 'routing.sort', 'routing.dataCollection', 'allow_fallbacks', 'routing.maxPrice.prompt', 'retry.maxRetries']) {
      expect(err.message).toContain(field);
    }
    expect(err.message).not.toContain(': k');
  });

  it('resolves openrouter:model through the DI module', async () => {
    const container = new Container();
    container.load(coreModule({ defaults: { logging: { level: 'silent' } } }), openRouterModule());
    const client = resolveClientFromContainer(container, 'openrouter:deepseek/deepseek-chat', withApiKey(server.apiKey), withBaseUrl(server.baseUrl));
    server.enqueue({ kind: 'text', text: 'via DI' });
    const r = await client.chat({ messages: [{ role: 'user', content: 'hi' }] });
    expect(r.text).toBe('via DI');
    expect(r.model).toBe('deepseek/deepseek-chat');
  });
});
