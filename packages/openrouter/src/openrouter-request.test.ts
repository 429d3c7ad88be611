import { isLLMError, type LLMError } from '@llm/errors';
import { startFakeOpenRouterServer, type FakeServer } from '@llm/mocks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOpenRouterProvider, type OpenRouterProviderSettings } from './openrouter-provider.js';

const messages = [{ role: 'user' as const, content: 'hi' }];

describe('openrouter request', () => {
  let server: FakeServer;
  beforeAll(async () => {
    server = await startFakeOpenRouterServer();
  });
  afterAll(() => server.close());
  beforeEach(() => server.reset());

  const model = (settings: OpenRouterProviderSettings = {}) =>
    createOpenRouterProvider({ apiKey: server.apiKey, baseUrl: server.baseUrl, ...settings }).chatModel('meta-llama/llama-3.3-70b-instruct');

  it('sends the models fallback list, the routing preferences in wire form and usage.include', async () => {
    server.enqueue({ kind: 'text', text: 'ok' });
    const m = model({
      models: ['deepseek/deepseek-chat', 'openai/gpt-4o-mini'],
      routing: { order: ['groq', 'together'], allowFallbacks: false, sort: 'throughput', dataCollection: 'deny', maxPrice: { prompt: 1, completion: 2 }, zdr: true },
    });
    await m.chat({ messages, maxTokens: 50 });
    const body = server.lastRequest().body as Record<string, unknown>;
    expect(body.model).toBe('meta-llama/llama-3.3-70b-instruct');
    expect(body.models).toEqual(['deepseek/deepseek-chat', 'openai/gpt-4o-mini']);
    expect(body.provider).toEqual({ order: ['groq', 'together'], allow_fallbacks: false, sort: 'throughput', data_collection: 'deny', max_price: { prompt: 1, completion: 2 }, zdr: true });
    expect(body.usage).toEqual({ include: true });
    expect(body.max_tokens).toBe(50);
    expect(server.lastRequest().path).toBe('/api/v1/chat/completions');
  });

  it('always asks for usage accounting, streamed or not', async () => {
    server.enqueue({ kind: 'text', text: 'ok' });
    await model().streamChat({ messages }).response;
    const body = server.lastRequest().body as Record<string, unknown>;
    expect(body.usage).toEqual({ include: true });
    expect(body.models).toBeUndefined();
    expect(body.provider).toBeUndefined();
  });

  it('lets a call override models and routing through providerOptions.openrouter, passing other keys as they are', async () => {
    server.enqueue({ kind: 'text', text: 'ok' });
    const m = model({ models: ['a/one'], routing: { order: ['groq'], sort: 'price' } });
    await m.chat({
      messages,
      providerOptions: { openrouter: { models: ['b/two'], provider: { sort: 'latency', ignore: ['azure'] }, transforms: ['middle-out'] } },
    });
    const body = server.lastRequest().body as Record<string, unknown>;
    expect(body.models).toEqual(['b/two']);
    expect(body.provider).toEqual({ order: ['groq'], sort: 'latency', ignore: ['azure'] });
    expect(body.transforms).toEqual(['middle-out']);
    expect(body.usage).toEqual({ include: true });
  });

  it('refuses invalid per-call routing before sending, naming each field', async () => {
    const before = server.requests.length;
    let err: LLMError | undefined;
    try {
      await model().chat({ messages, providerOptions: { openrouter: { provider: { sort: 'cheapest', allow_fallbacks: false }, models: [] } } });
    } catch (e) {
      expect(isLLMError(e)).toBe(true);
      err = e as LLMError;
    }
    expect(err?.code).toBe('invalid_request');
    expect(err?.message).toMatch(/providerOptions\.openrouter\.provider\.sort/);
    expect(err?.message).toMatch(/allow_fallbacks/);
    expect(err?.message).toMatch(/providerOptions\.openrouter\.models/);
    expect(server.requests.length).toBe(before);
  });

  it('sends the HTTP-Referer and X-Title attribution headers, with the caller’s own headers', async () => {
    server.enqueue({ kind: 'text', text: 'ok' });
    await model({ appUrl: 'https://example.com/app', appName: 'Example App', headers: { 'x-team': 'search' } }).chat({ messages });
    const headers = server.lastRequest().headers;
    expect(headers['http-referer']).toBe('https://example.com/app');
    expect(headers['x-title']).toBe('Example App');
    expect(headers['x-team']).toBe('search');
  });
});
