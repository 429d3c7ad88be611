import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import type { Message } from '@llm/schema';
import { createEstimateTokenCounter, createLocalTokenCounter, estimateTokens, LruCache, TOKEN_CACHE_MIN_CHARS, withVendorCount } from './token-counter.js';
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

  it('tokenises a repeated long message once (LRU by a hash of its text), counts a short one each time, and each role once', async () => {
    const countText = vi.fn((t: string) => t.length);
    const counter = createLocalTokenCounter({ name: 'chars', exact: false, countText });
    const long = 'a first turn of thirty-two chars';
    expect(long).toHaveLength(TOKEN_CACHE_MIN_CHARS);
    const history = [{ role: 'user' as const, content: long }, { role: 'user' as const, content: 'a short one' }];
    const first = await counter.countRequest({ messages: history });
    expect(countText.mock.calls.map(([t]) => t)).toEqual(['user', long, 'a short one']);
    countText.mockClear();
    const second = await counter.countRequest({ messages: [...history, { role: 'assistant', content: 'ok' }] });
    // The long turn comes from the cache, the short one is counted again, and the new role once.
    expect(countText.mock.calls.map(([t]) => t)).toEqual(['a short one', 'assistant', 'ok']);
    expect(second).toEqual({ tokens: first.tokens + 3 + 'assistant'.length + 2, source: 'estimate' });
    // A message of the same text (another object, keys in another order) is the same entry; another text is not.
    countText.mockClear();
    await counter.countRequest({ messages: [{ content: long, role: 'user' }, { role: 'user', content: `${long}!` }] });
    expect(countText.mock.calls.map(([t]) => t)).toEqual([`${long}!`]);
  });

  it('keys a cached count by everything counted: text, images and name, and the list of texts as a list', async () => {
    const counter = createLocalTokenCounter({ name: 'chars', exact: false, countText: (t) => t.length, framing: { perImage: 100, perName: 1000 } });
    const count = async (message: Message) => (await counter.countRequest({ messages: [message] })).tokens;
    const text = 'x'.repeat(40);
    const plain = await count({ role: 'user', content: text });
    const image = { type: 'image' as const, url: 'https://example.com/a.png' };
    expect(await count({ role: 'user', content: [{ type: 'text', text }, image] })).toBe(plain + 100);
    expect(await count({ role: 'user', content: text, name: 'bob' })).toBe(plain + 1000 + 3);
    // ['ab', 'c'] and ['a', 'bc'] are different texts, though joined they are the same: counted apart.
    const lengths = vi.fn((t: string) => t.length * (t.startsWith('y') ? 2 : 1));
    const weighted = createLocalTokenCounter({ name: 'w', exact: false, countText: lengths });
    const a = (await weighted.countRequest({ messages: [{ role: 'user', content: [{ type: 'text', text: 'x'.repeat(30) }, { type: 'text', text: 'y'.repeat(10) }] }] })).tokens;
    const b = (await weighted.countRequest({ messages: [{ role: 'user', content: [{ type: 'text', text: 'x'.repeat(20) }, { type: 'text', text: `${'x'.repeat(10)}${'y'.repeat(10)}` }] }] })).tokens;
    expect(b).not.toBe(a);
  });

  it('with cacheSize 0 or a high cacheMinChars counts every message every time', async () => {
    for (const options of [{ cacheSize: 0 }, { cacheMinChars: 1000 }]) {
      const countText = vi.fn((t: string) => t.length);
      const counter = createLocalTokenCounter({ name: 'chars', exact: false, countText, ...options });
      const messages = [{ role: 'user' as const, content: 'y'.repeat(200) }];
      await counter.countRequest({ messages });
      await counter.countRequest({ messages });
      expect(countText.mock.calls.filter(([t]) => t !== 'user')).toHaveLength(2);
    }
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
