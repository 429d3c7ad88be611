import { readFileSync } from 'node:fs';
import { resolveClient, resolveClientFromContainer, coreModule, withApiKey, withBaseUrl } from '@llm/core';
import { isLLMError } from '@llm/errors';
import { startFakeGoogleServer, type FakeServer } from '@llm/mocks';
import { Container } from 'inversify';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createGoogle, googleModule, googleProviderFactory } from './google-factory.js';

describe('createGoogle', () => {
  let server: FakeServer;
  beforeAll(async () => {
    server = await startFakeGoogleServer();
  });
  afterAll(() => server.close());
  afterEach(() => vi.unstubAllEnvs());

  it('builds a client on the official SDK, with usage totals and a masked key', async () => {
    server.enqueue({ kind: 'text', text: 'Bonjour', usage: { inputTokens: 4, outputTokens: 2 } });
    const client = createGoogle({ model: 'gemini-2.0-flash', apiKey: server.apiKey, baseUrl: server.baseUrl, logging: { level: 'silent' } });
    const r = await client.chat({ messages: [{ role: 'user', content: 'Hello in French' }] });
    expect(r.text).toBe('Bonjour');
    expect(r.provider).toBe('google');
    expect(client.getUsage().totals).toMatchObject({ inputTokens: 4, outputTokens: 2 });
    expect(JSON.stringify(client.config)).not.toContain(server.apiKey);
    expect((await client.checkHealth()).status).toBe('healthy');
  });

  it('takes the key from GOOGLE_API_KEY, then GEMINI_API_KEY, and names both when neither is set', async () => {
    vi.stubEnv('GOOGLE_API_KEY', '');
    vi.stubEnv('GEMINI_API_KEY', server.apiKey);
    server.enqueue({ kind: 'text', text: 'from env' });
    const client = createGoogle({ model: 'gemini-2.0-flash', baseUrl: server.baseUrl, logging: { level: 'silent' } });
    expect((await client.chat({ messages: [{ role: 'user', content: 'hi' }] })).text).toBe('from env');
    expect(server.lastRequest().apiKey).toBe(server.apiKey);

    vi.stubEnv('GEMINI_API_KEY', '');
    try {
      createGoogle({ model: 'gemini-2.0-flash' });
      throw new Error('expected a failure');
    } catch (err) {
      expect(isLLMError(err) && err.code).toBe('configuration');
      expect((err as Error).message).toMatch(/GOOGLE_API_KEY.*GEMINI_API_KEY/);
    }
  });

  it('resolves google:model through the provider factory and through a container', async () => {
    server.enqueue({ kind: 'text', text: 'one' }, { kind: 'text', text: 'two' });
    const a = resolveClient([googleProviderFactory], 'google:gemini-2.5-flash', { logging: { level: 'silent' } }, withApiKey(server.apiKey), withBaseUrl(server.baseUrl));
    expect((await a.chat({ messages: [{ role: 'user', content: 'x' }] })).text).toBe('one');
    expect(server.lastRequest().model).toBe('gemini-2.5-flash');
    const container = new Container();
    container.load(coreModule({ defaults: { logging: { level: 'silent' } } }), googleModule());
    const b = resolveClientFromContainer(container, 'google:gemini-2.0-flash', withApiKey(server.apiKey), withBaseUrl(server.baseUrl));
    expect((await b.chat({ messages: [{ role: 'user', content: 'x' }] })).text).toBe('two');
  });
});

describe('package', () => {
  it('depends on no other vendor SDK', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { dependencies: Record<string, string> };
    const deps = Object.keys(pkg.dependencies);
    expect(deps).toContain('@google/genai');
    expect(deps.filter((d) => ['openai', '@anthropic-ai/sdk', 'groq-sdk', '@google/generative-ai', 'ioredis'].includes(d) || /^@llm\/(openai|anthropic|groq|openrouter|redis)$/.test(d))).toEqual([]);
  });
});
