import { describe, expect, it } from 'vitest';
import { createMockModel } from './mock-model.js';
import { startFakeOpenAIServer } from './fake-openai-server.js';

/** Polls until `check` holds (a loaded machine may take a while to deliver a socket's close). */
async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('the condition never held');
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Starts a stalled stream and reads it up to the stall; the caller aborts it with the controller. */
async function openStalledStream(baseUrl: string, apiKey: string, controller: AbortController): Promise<void> {
  const res = await fetch(`${baseUrl}/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }], stream: true }),
    signal: controller.signal,
  });
  const reader = res.body!.getReader();
  let text = '';
  while (!text.includes('"content":"a "')) text += new TextDecoder().decode((await reader.read()).value);
  const more = await Promise.race([reader.read().then(() => 'more'), new Promise((r) => setTimeout(() => r('stalled'), 300))]);
  if (more !== 'stalled') throw new Error('the stream did not stall');
}

describe('the stall fault', () => {
  it('sends the first chunks, then nothing until the client gives up (fake server)', async () => {
    const server = await startFakeOpenAIServer();
    try {
      server.enqueue({ kind: 'text', text: 'a b c d', fault: { kind: 'stall', afterChunks: 2 } });
      const controller = new AbortController();
      await openStalledStream(server.baseUrl, server.apiKey, controller);
      expect(server.openReplies).toBe(1);
      controller.abort();
      await until(() => server.openReplies === 0);
      expect(server.abortedRequests).toBe(1);
    } finally {
      await server.close();
    }
  });

  it('a reply from before reset() is not counted when it closes after it; a request after it gets its own scenario', async () => {
    const server = await startFakeOpenAIServer();
    try {
      server.enqueue({ kind: 'text', text: 'a b c d', fault: { kind: 'stall', afterChunks: 2 } });
      const controller = new AbortController();
      await openStalledStream(server.baseUrl, server.apiKey, controller);
      server.reset();
      server.enqueue({ kind: 'text', text: 'fresh' });
      controller.abort();
      await until(() => server.openReplies === 0);
      expect(server.abortedRequests).toBe(0);
      expect(server.requests).toHaveLength(0);
      expect(server.received).toHaveLength(0);

      const res = await fetch(`${server.baseUrl}/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${server.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] }),
      });
      expect(((await res.json()) as { choices: Array<{ message: { content: string } }> }).choices[0]!.message.content).toBe('fresh');
      expect(server.requests).toHaveLength(1);
      await until(() => server.openReplies === 0);
      expect(server.abortedRequests).toBe(0);
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
