import { startFakeOpenRouterServer, type FakeServer } from '@llm/mocks';
import { expectLLMError } from '@llm/mocks/conformance';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOpenRouterProvider } from './openrouter-provider.js';

/** Shapes OpenRouter really sends (each seen in a recording), through the real openai SDK. */

let server: FakeServer;
beforeAll(async () => {
  server = await startFakeOpenRouterServer();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const model = () => createOpenRouterProvider({ apiKey: server.apiKey, baseUrl: server.baseUrl }).chatModel('anthropic/claude-sonnet-4.5');
const ask = { messages: [{ role: 'user' as const, content: 'What is 2+2?' }] };

describe('OpenRouter wire shapes', () => {
  it('processing comments before the first chunk, every delta repeating the role, and a usage chunk that repeats a choice with an empty delta', async () => {
    server.enqueue({ kind: 'text', text: '2 + 2 = 4', usage: { inputTokens: 43, outputTokens: 36 } });
    const r = await model().streamChat(ask).response;
    expect(r.text).toBe('2 + 2 = 4');
    expect(r.finishReason).toBe('stop');
    expect(r.usage).toMatchObject({ inputTokens: 43, outputTokens: 36, totalTokens: 79, cost: { source: 'provider' } });
    expect(r.providerMetadata?.openrouter).toMatchObject({ provider: 'Groq', nativeFinishReason: 'stop' });
  });

  it('reasoning with reasoning_details is the response reasoning', async () => {
    for (const streamed of [false, true]) {
      server.enqueue({ kind: 'text', text: '2 + 2 = 4', reasoning: 'This is a simple arithmetic question.', usage: { inputTokens: 43, outputTokens: 36, reasoningTokens: 13 } });
      const r = streamed ? await model().streamChat(ask).response : await model().chat(ask);
      expect(r.text).toBe('2 + 2 = 4');
      expect(r.reasoning).toBe('This is a simple arithmetic question.');
      expect(r.usage.reasoningTokens).toBe(13);
    }
  });

  it('an error after a length chunk ends the stream with the mapped error, after the text so far', async () => {
    server.enqueue({ kind: 'stream-error', afterText: 'We need to respond', error: 'invalid_request', message: 'Token limit reached' });
    const stream = model().streamChat(ask);
    const texts: string[] = [];
    const err = await expectLLMError(
      (async () => {
        for await (const e of stream) if (e.type === 'text-delta') texts.push(e.text);
      })(),
    );
    expect(texts.join('')).toBe('We need to respond');
    expect(err.code).toBe('invalid_request');
    expect(err.message).toContain('Token limit reached');
  });
});
