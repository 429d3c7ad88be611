import { describe, expect, it } from 'vitest';
import { createChatModel } from '../model/index.js';
import { fakeTransport } from '../model/fake-transport.test-util.js';
import { countStreamTokens } from './token-counter-stream.js';

describe('countStreamTokens', () => {
  it('counts output while streaming, then takes the vendor figure', async () => {
    const model = createChatModel(fakeTransport({ chunks: ['one ', 'two ', 'three'], usage: { inputTokens: 5, outputTokens: 17, totalTokens: 22 } }));
    const counted = countStreamTokens(model.streamChat({ messages: [{ role: 'user', content: 'count' }] }), { countText: (t) => t.trim().split(/\s+/).length });
    const running: number[] = [];
    for await (const event of counted.stream) {
      if (event.type === 'text-delta') running.push(counted.outputTokens);
      if (event.type === 'usage') expect(counted.final).toBe(true);
    }
    expect(running).toEqual([1, 2, 3]);
    expect(counted.outputTokens).toBe(17);
    expect(counted.final).toBe(true);
  });

  it('passes a caller leaving early on as canceled', async () => {
    const model = createChatModel(fakeTransport({ chunks: ['a', 'b', 'c'] }));
    const counted = countStreamTokens(model.streamChat({ messages: [{ role: 'user', content: 'x' }] }), { countText: () => 1 });
    for await (const event of counted.stream) if (event.type === 'text-delta') break;
    await expect(counted.stream.response).rejects.toMatchObject({ code: 'canceled' });
    expect(counted.final).toBe(false);
  });
});
