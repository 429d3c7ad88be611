import { startFakeOpenRouterServer, type FakeServer } from '@llm/mocks';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createOpenRouterProvider } from './openrouter-provider.js';

let server: FakeServer;
beforeAll(async () => {
  server = await startFakeOpenRouterServer();
});
afterAll(() => server.close());
afterEach(() => vi.restoreAllMocks());

describe('OpenRouter streams are sent beside the SDK pipeline (@llm/openai streamFetch)', () => {
  it('the SDK builds the request head once per client, not per stream; the request is what the SDK sends, attribution included', async () => {
    const build = vi.spyOn(OpenAI.prototype, 'buildRequest');
    const model = createOpenRouterProvider({ apiKey: server.apiKey, baseUrl: server.baseUrl, appName: 'Bench', appUrl: 'https://example.test' }).chatModel('openai/gpt-4o-mini');
    for (const text of ['one', 'two', 'three']) {
      server.enqueue({ kind: 'text', text });
      let out = '';
      for await (const event of model.streamChat({ messages: [{ role: 'user', content: 'Hi' }] })) if (event.type === 'text-delta') out += event.text;
      expect(out).toBe(text);
    }
    expect(build).toHaveBeenCalledTimes(1);
    const { path, headers } = server.lastRequest();
    expect(path).toBe('/api/v1/chat/completions');
    expect([headers['x-title'], headers['http-referer']]).toEqual(['Bench', 'https://example.test']);
    expect(headers.authorization).toBe(`Bearer ${server.apiKey}`);
    expect(headers['x-stainless-retry-count']).toBe('0');
  });

  it('a non-streaming call still goes through the SDK pipeline', async () => {
    const build = vi.spyOn(OpenAI.prototype, 'buildRequest');
    const model = createOpenRouterProvider({ apiKey: server.apiKey, baseUrl: server.baseUrl }).chatModel('openai/gpt-4o-mini');
    server.enqueue({ kind: 'text', text: 'a' }, { kind: 'text', text: 'b' });
    await model.chat({ messages: [{ role: 'user', content: 'Hi' }] });
    await model.chat({ messages: [{ role: 'user', content: 'Hi' }] });
    expect(build).toHaveBeenCalledTimes(2);
  });
});
