import { TOKEN_COUNTER_CORPUS } from '@llm/core';
import { startFakeOpenAIServer } from '@llm/mocks';
import { describe, expect, it } from 'vitest';
import { createOpenAI } from './openai-factory.js';
import { countOpenAITokens, createOpenAITokenCounter, openAIEncodingFor, openAITokenCounter } from './openai-token-counter.js';

/**
 * Counts of @llm/core's TOKEN_COUNTER_CORPUS, generated once with `tiktoken` 1.0.22 (the WASM
 * port of OpenAI's tiktoken, in bench/) and committed: @llm/openai does not depend on tiktoken.
 */
const TIKTOKEN: Record<string, { o200k_base: number; cl100k_base: number }> = {
  'english-prose': { o200k_base: 70, cl100k_base: 70 },
  'english-dialogue': { o200k_base: 45, cl100k_base: 46 },
  german: { o200k_base: 40, cl100k_base: 54 },
  'french-spanish': { o200k_base: 34, cl100k_base: 42 },
  russian: { o200k_base: 48, cl100k_base: 76 },
  'greek-arabic': { o200k_base: 50, cl100k_base: 87 },
  hindi: { o200k_base: 35, cl100k_base: 96 },
  chinese: { o200k_base: 47, cl100k_base: 66 },
  japanese: { o200k_base: 62, cl100k_base: 69 },
  korean: { o200k_base: 42, cl100k_base: 61 },
  typescript: { o200k_base: 96, cl100k_base: 99 },
  python: { o200k_base: 101, cl100k_base: 101 },
  json: { o200k_base: 71, cl100k_base: 70 },
  'numbers-urls': { o200k_base: 67, cl100k_base: 67 },
  emoji: { o200k_base: 86, cl100k_base: 127 },
  'mixed-markdown': { o200k_base: 91, cl100k_base: 94 },
};

describe('OpenAI token counting', () => {
  it.each(TOKEN_COUNTER_CORPUS.map((s) => [s.id, s.text] as const))('%s matches tiktoken exactly in o200k_base and cl100k_base', (id, text) => {
    expect(TIKTOKEN[id]).toBeDefined();
    expect(countOpenAITokens(text, 'o200k_base')).toBe(TIKTOKEN[id]!.o200k_base);
    expect(countOpenAITokens(text, 'cl100k_base')).toBe(TIKTOKEN[id]!.cl100k_base);
  });

  it('picks the encoding by model', () => {
    expect(openAIEncodingFor('gpt-4o-mini')).toBe('o200k_base');
    expect(openAIEncodingFor('gpt-4.1')).toBe('o200k_base');
    expect(openAIEncodingFor('o3-mini')).toBe('o200k_base');
    expect(openAIEncodingFor('gpt-5')).toBe('o200k_base');
    expect(openAIEncodingFor('gpt-4-turbo')).toBe('cl100k_base');
    expect(openAIEncodingFor('gpt-3.5-turbo')).toBe('cl100k_base');
    expect(openAITokenCounter('gpt-4o')).toBe(openAITokenCounter('gpt-4o'));
  });

  it("counts a chat request with OpenAI's per-message framing", async () => {
    const counter = createOpenAITokenCounter('gpt-4o');
    const text = TOKEN_COUNTER_CORPUS[0]!.text;
    const count = await counter.countRequest({ messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: text }] });
    // 3 priming + (3 + "system" + "Be brief.") + (3 + "user" + text)
    const c = (t: string) => countOpenAITokens(t, 'o200k_base');
    expect(count).toEqual({ tokens: 3 + 3 + c('system') + c('Be brief.') + 3 + c('user') + 70, source: 'tokenizer' });
    expect(counter.exact).toBe(true);
  });
});

describe('an OpenAI client: cost and budget over the fake OpenAI server', () => {
  it('prices replies from the catalog and refuses a call over maxCostPerRequest before it reaches the server', async () => {
    const server = await startFakeOpenAIServer();
    try {
      const client = createOpenAI({ apiKey: server.apiKey, baseUrl: server.baseUrl, model: 'gpt-4o-mini', logging: { level: 'silent' }, cost: { maxCostPerRequest: 0.01 } });
      server.enqueue({ kind: 'text', text: 'hi', usage: { inputTokens: 1_000_000, cachedInputTokens: 200_000, outputTokens: 100_000 } });
      const response = await client.chat({ messages: [{ role: 'user', content: 'hello' }], maxTokens: 100 });
      // gpt-4o-mini: $0.15 in, $0.075 cached, $0.60 out per million tokens.
      expect(response.usage.cost).toMatchObject({ source: 'computed', inputUsd: 0.12, cachedInputUsd: 0.015, outputUsd: 0.06 });
      expect(response.usage.cost?.totalUsd).toBeCloseTo(0.195, 10);
      const before = server.requests.length;
      await expect(client.chat({ messages: [{ role: 'user', content: 'hello' }], maxTokens: 100_000 })).rejects.toMatchObject({ code: 'cost_exceeded' });
      expect(server.requests.length).toBe(before);
      const estimate = await client.estimateCost({ messages: [{ role: 'user', content: 'hello' }], maxTokens: 100 });
      expect(estimate.inputTokensSource).toBe('tokenizer');
    } finally {
      await server.close();
    }
  });
});
