import { startFakeAnthropicServer, type FakeServer } from '@llm/mocks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createAnthropic } from './anthropic-factory.js';
import { createAnthropicSdkClient } from './anthropic-provider.js';
import { createAnthropicTokenCounter } from './anthropic-token-counter.js';

let server: FakeServer;
beforeAll(async () => {
  server = await startFakeAnthropicServer({ countTokens: (body) => 1000 + (Array.isArray(body.tools) ? 100 : 0) + (body.system ? 10 : 0) });
});
afterAll(() => server.close());

const request = {
  messages: [
    { role: 'system' as const, content: 'Be brief.' },
    { role: 'user' as const, content: 'What is the weather in Paris?' },
  ],
  tools: [{ name: 'weather', description: 'weather by city', parameters: z.object({ city: z.string() }) }],
};

describe('Anthropic token counting', () => {
  it("asks the vendor's count endpoint when the network is allowed, sending the Messages API body, and caches the answer", async () => {
    server.reset();
    const counter = createAnthropicTokenCounter(createAnthropicSdkClient({ apiKey: server.apiKey, baseUrl: server.baseUrl }), 'claude-sonnet-4-5');
    expect(await counter.countRequest(request, { allowNetwork: true })).toEqual({ tokens: 1110, source: 'vendor' });
    const seen = server.lastRequest();
    expect(seen.path).toBe('/v1/messages/count_tokens');
    expect(seen.system).toBe('Be brief.');
    expect(seen.toolNames).toEqual(['weather']);
    expect(seen.body).not.toHaveProperty('max_tokens');
    await counter.countRequest(request, { allowNetwork: true });
    expect(server.requests).toHaveLength(1);
  });

  it('estimates without a network call by default', async () => {
    server.reset();
    const counter = createAnthropicTokenCounter(createAnthropicSdkClient({ apiKey: server.apiKey, baseUrl: server.baseUrl }), 'claude-sonnet-4-5');
    const count = await counter.countRequest(request);
    expect(count.source).toBe('estimate');
    expect(count.tokens).toBeGreaterThan(300);
    expect(server.requests).toHaveLength(0);
  });

  it('maps a vendor error to an LLMError', async () => {
    const counter = createAnthropicTokenCounter(createAnthropicSdkClient({ apiKey: 'wrong-key', baseUrl: server.baseUrl }), 'claude-sonnet-4-5');
    await expect(counter.countRequest(request, { allowNetwork: true })).rejects.toMatchObject({ code: 'authentication', provider: 'anthropic' });
  });

  it('a client counts with the vendor when configured so, and prices replies from the catalog', async () => {
    server.reset();
    const client = createAnthropic({ apiKey: server.apiKey, baseUrl: server.baseUrl, model: 'claude-sonnet-4-5', logging: { level: 'silent' }, cost: { countTokens: 'vendor', maxCostPerRequest: 1 } });
    server.enqueue({ kind: 'text', text: 'Sunny.', usage: { inputTokens: 2000, cachedInputTokens: 1000, outputTokens: 100 } });
    const response = await client.chat({ messages: [{ role: 'user', content: 'Weather?' }], maxTokens: 200 });
    expect(server.requests.map((r) => r.path)).toEqual(['/v1/messages/count_tokens', '/v1/messages']);
    // claude-sonnet-4-5: $3 in, $0.30 cache read, $15 out per million tokens.
    expect(response.usage.cost).toMatchObject({ source: 'computed', inputUsd: 0.003, cachedInputUsd: 0.0003, outputUsd: 0.0015 });
  });
});
