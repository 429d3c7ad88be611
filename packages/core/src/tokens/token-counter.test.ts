import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { createEstimateTokenCounter, createLocalTokenCounter, estimateTokens, LruCache, withVendorCount } from './token-counter.js';
import { TOKEN_COUNTER_CORPUS } from './token-counter-corpus.js';

// o200k_base counts of the corpus, generated once with tiktoken (the WASM port of OpenAI's tokenizer).
const O200K: Record<string, number> = {
  'english-prose': 70, 'english-dialogue': 45, german: 40, 'french-spanish': 34, russian: 48, 'greek-arabic': 50, hindi: 35, chinese: 47,
  japanese: 62, korean: 42, typescript: 96, python: 101, json: 71, 'numbers-urls': 67, emoji: 86, 'mixed-markdown': 91,
};

describe('estimateTokens', () => {
  it('stays within the documented error of o200k_base on the corpus (mean |error| <= 10%, worst <= 25%)', () => {
    const errors = TOKEN_COUNTER_CORPUS.map((s) => (estimateTokens(s.text) - O200K[s.id]!) / O200K[s.id]!);
    expect(errors).toHaveLength(Object.keys(O200K).length);
    const mean = errors.reduce((a, e) => a + Math.abs(e), 0) / errors.length;
    expect(mean).toBeLessThanOrEqual(0.1);
    expect(Math.max(...errors.map(Math.abs))).toBeLessThanOrEqual(0.25);
  });

  it('counts nothing for nothing and at least one token for anything', () => {
    expect(estimateTokens('')).toBe(0);
    expect(estimateTokens('.')).toBe(1);
    expect(estimateTokens('汉字汉字汉字汉字汉字')).toBeGreaterThan(estimateTokens('hanzi'));
  });
});

describe('createLocalTokenCounter', () => {
  it('counts messages with per-message framing, names and tool definitions', async () => {
    const counter = createLocalTokenCounter({ name: 'words', exact: true, countText: (t) => (t ? t.split(/\s+/).length : 0), framing: { perMessage: 3, perRequest: 3, perName: 1, perTool: 8, toolsOverhead: 12 } });
    const plain = await counter.countRequest({ messages: [{ role: 'system', content: 'be brief' }, { role: 'user', content: 'hello there', name: 'bob' }] });
    // 3 (reply) + [3 + system(1) + 2] + [3 + user(1) + bob(1) + 2 + name 1]
    expect(plain).toEqual({ tokens: 3 + 6 + 8, source: 'tokenizer' });
    const withTool = await counter.countRequest({
      messages: [{ role: 'user', content: 'hi' }],
      tools: [{ name: 'lookup', description: 'find a thing', parameters: z.object({ q: z.string() }) }],
    });
    expect(withTool.tokens).toBeGreaterThan(3 + 3 + 2 + 12 + 8);
  });

  it('tokenises a repeated message once (LRU by message hash)', async () => {
    const countText = vi.fn((t: string) => t.length);
    const counter = createLocalTokenCounter({ name: 'chars', exact: false, countText });
    const history = [{ role: 'user' as const, content: 'a long first turn' }];
    await counter.countRequest({ messages: history });
    const calls = countText.mock.calls.length;
    const second = await counter.countRequest({ messages: [...history, { role: 'assistant', content: 'ok' }] });
    expect(countText.mock.calls.length - calls).toBe(2); // only the new message: role + content
    expect(second.source).toBe('estimate');
  });

  it('evicts the least recently used entry', () => {
    const lru = new LruCache<number>(2);
    lru.set('a', 1);
    lru.set('b', 2);
    lru.get('a');
    lru.set('c', 3);
    expect(lru.get('b')).toBeUndefined();
    expect(lru.get('a')).toBe(1);
    expect(lru.size).toBe(2);
  });
});

describe('withVendorCount', () => {
  it('asks the vendor only when the network is allowed, and caches its answer by request', async () => {
    const vendor = vi.fn(async () => 42);
    const counter = withVendorCount(createEstimateTokenCounter(), vendor);
    const request = { messages: [{ role: 'user' as const, content: 'count me' }] };
    expect((await counter.countRequest(request)).source).toBe('estimate');
    expect(vendor).not.toHaveBeenCalled();
    expect(await counter.countRequest(request, { allowNetwork: true })).toEqual({ tokens: 42, source: 'vendor' });
    await counter.countRequest({ ...request }, { allowNetwork: true });
    expect(vendor).toHaveBeenCalledTimes(1);
  });
});
