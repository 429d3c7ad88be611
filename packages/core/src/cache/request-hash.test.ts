import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { canonicalJson, hashChatRequest } from './request-hash.js';

const user = (content: string) => ({ role: 'user' as const, content });

describe('canonicalJson', () => {
  it('sorts keys at every level and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: undefined, x: 2 }], c: 'x' } })).toBe('{"a":{"c":"x","d":[1,{"x":2,"z":1}]},"b":1}');
  });
});

describe('hashChatRequest', () => {
  const tool = { name: 'weather', description: 'Weather in a city', parameters: z.object({ city: z.string() }) };

  it('is a sha256 hex that ignores key order and tags', () => {
    const a = hashChatRequest('openai', 'gpt', { messages: [user('hi')], temperature: 0, maxTokens: 5, tags: { user: 'u1' } });
    const b = hashChatRequest('openai', 'gpt', { maxTokens: 5, temperature: 0, messages: [{ content: 'hi', role: 'user' }] });
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(a).toBe(b);
  });

  it('differs by provider, model, messages, parameters, tools and output schema', () => {
    const base = { messages: [user('hi')], temperature: 0 };
    const h = hashChatRequest('openai', 'gpt', base);
    expect(hashChatRequest('anthropic', 'gpt', base)).not.toBe(h);
    expect(hashChatRequest('openai', 'gpt-2', base)).not.toBe(h);
    expect(hashChatRequest('openai', 'gpt', { ...base, messages: [user('hi!')] })).not.toBe(h);
    expect(hashChatRequest('openai', 'gpt', { ...base, temperature: 0.5 })).not.toBe(h);
    expect(hashChatRequest('openai', 'gpt', { ...base, seed: 1 })).not.toBe(h);
    const withTool = hashChatRequest('openai', 'gpt', { ...base, tools: [tool] });
    expect(withTool).not.toBe(h);
    expect(hashChatRequest('openai', 'gpt', { ...base, tools: [{ ...tool, parameters: z.object({ city: z.string(), unit: z.string() }) }] })).not.toBe(withTool);
    expect(hashChatRequest('openai', 'gpt', { ...base, tools: [{ ...tool, parameters: z.object({ city: z.string() }) }] })).toBe(withTool);
    const withOutput = hashChatRequest('openai', 'gpt', { ...base, output: z.object({ a: z.number() }) });
    expect(withOutput).not.toBe(h);
    expect(hashChatRequest('openai', 'gpt', { ...base, output: z.object({ a: z.string() }) })).not.toBe(withOutput);
  });
});
