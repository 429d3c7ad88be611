import { coreModule, resolveClientFromContainer, withApiKey, withBaseUrl, withLogLevel } from '@llm/core';
import { isLLMError, type LLMError } from '@llm/errors';
import { startFakeGroqServer, type FakeServer } from '@llm/mocks';
import { Container } from 'inversify';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createGroq, groqModule, groqProviderFactory, type GroqConfig } from './groq-factory.js';

function thrown(fn: () => unknown): LLMError {
  try {
    fn();
  } catch (err) {
    expect(isLLMError(err)).toBe(true);
    return err as LLMError;
  }
  throw new Error('expected a throw');
}

describe('createGroq', () => {
  let server: FakeServer;
  const savedKey = process.env.GROQ_API_KEY;

  beforeAll(async () => {
    server = await startFakeGroqServer();
  });
  afterAll(() => server.close());
  beforeEach(() => server.reset());
  afterEach(() => {
    if (savedKey === undefined) delete process.env.GROQ_API_KEY;
    else process.env.GROQ_API_KEY = savedKey;
  });

  it('makes a client on Groq with the default model and counts its usage', async () => {
    const client = createGroq({ apiKey: server.apiKey, baseUrl: server.baseUrl, logging: { level: 'silent' } });
    expect(client.provider).toBe('groq');
    expect(client.modelId).toBe('llama-3.3-70b-versatile');
    server.enqueue({ kind: 'text', text: 'hi there', usage: { inputTokens: 9, outputTokens: 2 } });
    const r = await client.chat({ messages: [{ role: 'user', content: 'hi' }] });
    expect(r.text).toBe('hi there');
    expect(client.getUsage().totals).toMatchObject({ inputTokens: 9, outputTokens: 2 });
    expect(client.config.apiKey).toBe('***');
  });

  it('reads the key from GROQ_API_KEY', async () => {
    process.env.GROQ_API_KEY = server.apiKey;
    const client = createGroq({ baseUrl: server.baseUrl, model: 'llama-3.1-8b-instant' }, withLogLevel('silent'));
    server.enqueue({ kind: 'text', text: 'ok' });
    await client.chat({ messages: [{ role: 'user', content: 'hi' }] });
    expect(server.lastRequest().apiKey).toBe(server.apiKey);
    expect(server.lastRequest().model).toBe('llama-3.1-8b-instant');
  });

  it('refuses to start without a key, naming GROQ_API_KEY', () => {
    delete process.env.GROQ_API_KEY;
    const err = thrown(() => createGroq({ baseUrl: server.baseUrl }));
    expect(err.code).toBe('configuration');
    expect(err.message).toMatch(/GROQ_API_KEY/);
  });

  it('rejects invalid Groq settings and shared config in one configuration error naming each field', () => {
    const bad = { apiKey: 'k', serviceTier: 'turbo', reasoningFormat: 7, timeout: 'soon' } as unknown as GroqConfig;
    const err = thrown(() => createGroq(bad));
    expect(err.code).toBe('configuration');
    expect(err.message).toMatch(/serviceTier/);
    expect(err.message).toMatch(/reasoningFormat/);
    expect(err.message).toMatch(/timeout/);
    expect(err.details?.fields).toHaveLength(3);
  });

  it('sends service_tier and reasoning_format from the settings; a call’s providerOptions.groq wins', async () => {
    const client = createGroq({ apiKey: server.apiKey, baseUrl: server.baseUrl, serviceTier: 'flex', reasoningFormat: 'parsed' }, withLogLevel('silent'));
    server.enqueue({ kind: 'text', text: 'a' }, { kind: 'text', text: 'b' });
    await client.chat({ messages: [{ role: 'user', content: 'hi' }] });
    expect(server.lastRequest().body).toMatchObject({ service_tier: 'flex', reasoning_format: 'parsed' });
    await client.chat({ messages: [{ role: 'user', content: 'hi' }], providerOptions: { groq: { service_tier: 'on_demand' } } });
    expect(server.lastRequest().body).toMatchObject({ service_tier: 'on_demand', reasoning_format: 'parsed' });
  });

  it('resolves groq:model through the DI module', async () => {
    const container = new Container();
    container.load(coreModule({ defaults: { logging: { level: 'silent' } } }), groqModule());
    const client = resolveClientFromContainer(container, 'groq:qwen/qwen3-32b', withApiKey(server.apiKey), withBaseUrl(server.baseUrl));
    expect(client.modelId).toBe('qwen/qwen3-32b');
    server.enqueue({ kind: 'text', text: 'from the container' });
    expect((await client.chat({ messages: [{ role: 'user', content: 'hi' }] })).text).toBe('from the container');
    expect(groqProviderFactory.name).toBe('groq');
  });
});
