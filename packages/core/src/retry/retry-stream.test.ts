import type { LLMError } from '@llm/errors';
import type { ChatResponse, StreamEvent } from '@llm/schema';
import { describe, expect, it } from 'vitest';
import { expectLLMError as failure } from '../model/expect-llm-error.test-util.js';
import { ChatStream } from '../model/index.js';
import { attemptStream } from './retry-stream.js';

// attemptStream on its own, under retry and fallback: which failures it hands to `onFailure`,
// the finish event it rewrites, and how it closes the attempt a caller leaves.

const response: ChatResponse = {
  id: 'r1',
  provider: 'p',
  model: 'm',
  created: 0,
  text: '',
  toolCalls: [],
  finishReason: 'stop',
  usage: { inputTokens: 1, outputTokens: 0, totalTokens: 1 },
  object: undefined,
};

function streamOf(events: StreamEvent[], onClose?: () => void): ChatStream {
  return new ChatStream(
    async function* () {
      try {
        for (const e of events) {
          yield e;
          await new Promise((r) => setTimeout(r, 1));
        }
      } finally {
        onClose?.();
      }
    },
    { provider: 'p', modelId: 'm' },
  );
}

describe('attemptStream', () => {
  it('hands a failure to open an attempt to onFailure as an LLMError of its model, then opens the next', async () => {
    const failures: LLMError[] = [];
    const stream = attemptStream({
      provider: 'p',
      modelId: 'm',
      signal: undefined,
      open: (attempt) => {
        if (attempt === 1) throw new TypeError('fetch failed');
        return streamOf([{ type: 'text-delta', text: 'x' }, { type: 'finish', finishReason: 'stop', response: { ...response, text: 'x' } }]);
      },
      onFailure: async (error) => void failures.push(error),
    });
    expect((await stream.response).text).toBe('x');
    expect(failures.map((e) => [e.code, e.provider, e.model])).toEqual([['network', 'p', 'm']]);
  });

  it('rewrites a finish event that comes first', async () => {
    const stream = attemptStream({
      provider: 'p',
      modelId: 'm',
      signal: undefined,
      open: () => streamOf([{ type: 'finish', finishReason: 'stop', response }]),
      onFailure: async () => {},
      mapResponse: (r, attempt) => ({ ...r, model: `m-attempt-${attempt}` }),
    });
    const events: StreamEvent[] = [];
    for await (const e of stream) events.push(e);
    expect(events).toEqual([{ type: 'finish', finishReason: 'stop', response: { ...response, model: 'm-attempt-1' } }]);
    expect((await stream.response).model).toBe('m-attempt-1');
  });

  it('rewrites a finish event that comes after output', async () => {
    const stream = attemptStream({
      provider: 'p',
      modelId: 'm',
      signal: undefined,
      open: () => streamOf([{ type: 'text-delta', text: 'hi' }, { type: 'finish', finishReason: 'stop', response: { ...response, text: 'hi' } }]),
      onFailure: async () => {},
      mapResponse: (r) => ({ ...r, model: 'mapped' }),
    });
    expect(await stream.response).toMatchObject({ text: 'hi', model: 'mapped' });
  });

  it('never asks onFailure about an attempt the caller aborted', async () => {
    const controller = new AbortController();
    let failures = 0;
    const stream = attemptStream({
      provider: 'p',
      modelId: 'm',
      signal: controller.signal,
      open: (_attempt, signal) =>
        new ChatStream(
          async function* (own) {
            await new Promise((_resolve, reject) => own.addEventListener('abort', () => reject(new Error('socket closed')), { once: true }));
            yield { type: 'text-delta', text: 'never' } as StreamEvent;
          },
          { provider: 'p', modelId: 'm', signal },
        ),
      onFailure: async () => void failures++,
    });
    setTimeout(() => controller.abort(), 5);
    expect((await failure(stream.response)).code).toBe('canceled');
    expect(failures).toBe(0);
  });

  it("opens each attempt with the caller's own signal, and makes a signal of its own only for a failure's wait", async () => {
    const caller = new AbortController();
    const given: Array<AbortSignal | undefined> = [];
    const done: StreamEvent = { type: 'finish', finishReason: 'stop', response };
    const stream = attemptStream({
      provider: 'p',
      modelId: 'm',
      signal: caller.signal,
      open: (attempt, signal) => {
        given.push(signal);
        return attempt === 1 ? streamOf([]) : streamOf([done]);
      },
      onFailure: async () => {},
    });
    await stream.response;
    expect(given).toEqual([caller.signal, caller.signal]);
    const answered = attemptStream({ provider: 'p', modelId: 'm', signal: caller.signal, open: () => streamOf([done]), onFailure: async () => {} });
    await answered.response;
    expect((answered as unknown as { own: AbortController | undefined }).own).toBeUndefined();
  });

  it('a caller leaving early closes the attempt it was reading', async () => {
    let closed = 0;
    const stream = attemptStream({
      provider: 'p',
      modelId: 'm',
      signal: undefined,
      open: () => streamOf([{ type: 'text-delta', text: 'a' }, { type: 'text-delta', text: 'b' }, { type: 'finish', finishReason: 'stop', response }], () => closed++),
      onFailure: async () => {},
    });
    for await (const e of stream) if (e.type === 'text-delta') break;
    expect(closed).toBe(1);
  });
});
