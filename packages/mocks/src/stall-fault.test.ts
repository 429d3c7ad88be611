import { describe, expect, it } from 'vitest';
import { createMockModel } from './mock-model.js';
import { startFakeOpenAIServer } from './fake-openai-server.js';

describe('the stall fault', () => {
  it('sends the first chunks, then nothing until the client gives up (fake server)', async () => {
    const server = await startFakeOpenAIServer();
    try {
      server.enqueue({ kind: 'text', text: 'a b c d', fault: { kind: 'stall', afterChunks: 2 } });
      const controller = new AbortController();
      const res = await fetch(`${server.baseUrl}/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${server.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }], stream: true }),
        signal: controller.signal,
      });
      const reader = res.body!.getReader();
      let text = '';
      while (!text.includes('"content":"a "')) text += new TextDecoder().decode((await reader.read()).value);
      const more = await Promise.race([reader.read().then(() => 'more'), new Promise((r) => setTimeout(() => r('stalled'), 300))]);
      expect(more).toBe('stalled');
      controller.abort();
      await new Promise((r) => setTimeout(r, 50));
      expect(server.abortedRequests).toBe(1);
    } finally {
      await server.close();
    }
  });

  it('stalls the mock model after the given parts until the call is aborted', async () => {
    const mock = createMockModel({ script: [{ kind: 'text', text: 'a b c', fault: { kind: 'stall', afterChunks: 1 } }] });
    const controller = new AbortController();
    const events = mock.model.streamChat({ messages: [{ role: 'user', content: 'x' }] }, { signal: controller.signal })[Symbol.asyncIterator]();
    expect((await events.next()).value).toEqual({ type: 'text-delta', text: 'a ' });
    const next = events.next();
    const state = await Promise.race([next.then(() => 'moved', () => 'failed'), new Promise((r) => setTimeout(() => r('stalled'), 200))]);
    expect(state).toBe('stalled');
    controller.abort();
    await expect(next).rejects.toMatchObject({ code: 'canceled' });
  });
});
