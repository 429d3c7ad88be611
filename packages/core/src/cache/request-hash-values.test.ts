import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { canonicalJson, hashChatRequest, normalizeRequestForCache } from './request-hash.js';

// What the canonical form makes of values JSON cannot hold, and what part of a request decides its key.

describe('canonicalJson: values JSON has no form for', () => {
  it('writes non-finite numbers and undefined as null, and leaves functions out of objects', () => {
    expect(canonicalJson(Number.NaN)).toBe('null');
    expect(canonicalJson(Number.POSITIVE_INFINITY)).toBe('null');
    expect(canonicalJson(undefined)).toBe('null');
    expect(canonicalJson([1, undefined, Number.NEGATIVE_INFINITY, 'x'])).toBe('[1,null,null,"x"]');
    expect(canonicalJson({ f: () => 1, n: null, s: 'a' })).toBe('{"n":null,"s":"a"}');
    expect(canonicalJson(true)).toBe('true');
  });
});

describe('normalizeRequestForCache', () => {
  const messages = [{ role: 'user' as const, content: 'hi' }];

  it('keeps tool choice, response format and output schema, and leaves out empty tool lists and tags', () => {
    const output = z.object({ n: z.number() });
    const normalized = normalizeRequestForCache('p', 'm', { messages, tools: [], toolChoice: 'none', responseFormat: { type: 'json' }, output, tags: { a: 'b' }, seed: 3 });
    expect(normalized).toMatchObject({ provider: 'p', model: 'm', messages, toolChoice: 'none', responseFormat: { type: 'json' }, parameters: { seed: 3 } });
    expect(normalized.output).toMatchObject({ type: 'object', properties: { n: { type: 'number' } } });
    expect(normalized).not.toHaveProperty('tools');
    expect(normalized).not.toHaveProperty('tags');
    expect(normalized.parameters).not.toHaveProperty('tags');
  });

  it('gives requests that differ in tool choice, response format or output different keys', () => {
    const base = hashChatRequest('p', 'm', { messages });
    expect(hashChatRequest('p', 'm', { messages, toolChoice: 'none' })).not.toBe(base);
    expect(hashChatRequest('p', 'm', { messages, responseFormat: { type: 'json' } })).not.toBe(base);
    expect(hashChatRequest('p', 'm', { messages, output: z.object({ n: z.number() }) })).not.toBe(base);
    expect(hashChatRequest('p', 'm', { messages, tools: [] })).toBe(base);
  });
});
