import { startFakeGoogleServer, type FakeServer } from '@llm/mocks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createGoogle } from './google-factory.js';
import { createGoogleSdkClient } from './google-provider.js';
import { createGoogleTokenCounter } from './google-token-counter.js';

let server: FakeServer;
beforeAll(async () => {
  server = await startFakeGoogleServer({ countTokens: (body) => 500 + (body.contents as unknown[]).length });
});
afterAll(() => server.close());

const request = {
  messages: [
    { role: 'system' as const, content: 'Be brief.' },
    { role: 'user' as const, content: 'Wie ist das Wetter in München? 🌦️' },
  ],
  tools: [{ name: 'weather', description: 'weather by city', parameters: z.object({ city: z.string() }) }],
};

describe('Gemini token counting', () => {
  it("asks models.countTokens when the network is allowed (system and tools as leading contents) and caches the answer", async () => {
    server.reset();
    const counter = createGoogleTokenCounter(createGoogleSdkClient({ apiKey: server.apiKey, baseUrl: server.baseUrl }), 'gemini-2.5-flash');
    expect(await counter.countRequest(request, { allowNetwork: true })).toEqual({ tokens: 503, source: 'vendor' });
    expect(server.lastRequest().path).toBe('/v1beta/models/gemini-2.5-flash:countTokens');
    await counter.countRequest(request, { allowNetwork: true });
    expect(server.requests).toHaveLength(1);
  });

  it('estimates without a network call by default', async () => {
    server.reset();
    const counter = createGoogleTokenCounter(createGoogleSdkClient({ apiKey: server.apiKey, baseUrl: server.baseUrl }), 'gemini-2.5-flash');
    expect((await counter.countRequest(request)).source).toBe('estimate');
    expect(server.requests).toHaveLength(0);
  });

  it('maps a vendor error to an LLMError', async () => {
    const counter = createGoogleTokenCounter(createGoogleSdkClient({ apiKey: 'wrong-key', baseUrl: server.baseUrl }), 'gemini-2.5-flash');
    await expect(counter.countRequest(request, { allowNetwork: true })).rejects.toMatchObject({ provider: 'google', code: 'authentication' });
  });

  it('a client prices Gemini replies from the catalog', async () => {
    server.reset();
    const client = createGoogle({ apiKey: server.apiKey, baseUrl: server.baseUrl, model: 'gemini-2.5-flash', logging: { level: 'silent' } });
    server.enqueue({ kind: 'text', text: 'Sonnig.', usage: { inputTokens: 1_000_000, outputTokens: 100_000 } });
    const response = await client.chat({ messages: [{ role: 'user', content: 'Wetter?' }] });
    // gemini-2.5-flash: $0.30 in, $2.50 out per million tokens.
    expect(response.usage.cost).toMatchObject({ source: 'computed', inputUsd: 0.3, outputUsd: 0.25 });
  });
});
