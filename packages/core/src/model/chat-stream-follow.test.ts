import { LLMError } from '@llm/errors';
import type { ChatResponse, StreamEvent } from '@llm/schema';
import { describe, expect, it } from 'vitest';
import { expectLLMError as failure } from './expect-llm-error.test-util.js';
import { ChatStream } from './chat-stream.js';

// StreamRelay.follow: a relay (retry, fallback, a breaker's `later`) that reads one stream to its
// end hands its events on without a step of its own per event, and still watches and ends as before.

const response: ChatResponse = {
  id: 'r1',
  provider: 'p',
  model: 'm',
  created: 0,
  text: 'abc',
  toolCalls: [],
  finishReason: 'stop',
  usage: { inputTokens: 1, outputTokens: 3, totalTokens: 4 },
  object: undefined,
};

const deltas = ['a', 'b', 'c'];

/** A stream of three deltas and a finish (or a failure after `failAfter` deltas), which logs what ends it. */
function below(log: string[], options: { failAfter?: number; pause?: () => Promise<void> } = {}): ChatStream {
  return new ChatStream(
    async function* (own) {
      for (const [i, text] of deltas.entries()) {
        if (options.failAfter === i) throw new LLMError({ code: 'network', message: 'reset', provider: 'p', model: 'm' });
        if (options.pause) await options.pause();
        if (own.aborted) throw own.reason;
        yield { type: 'text-delta', text } as StreamEvent;
      }
      yield { type: 'finish', finishReason: 'stop', response } as StreamEvent;
    },
    { provider: 'p', modelId: 'm' },
  ).observe({ onEvent: (e) => log.push(`below:${e.type}`), onFinish: () => log.push('below:finish'), onError: (e) => log.push(`below:${e.code}`) });
}

/** A relay that hands on `stream` and follows it after its first event; counts the pulls of its own source. */
function following(stream: ChatStream, counts: { sourcePulls: number }): ChatStream {
  return ChatStream.relay(
    (relay) => {
      let it: AsyncIterator<StreamEvent> | undefined;
      return {
        [Symbol.asyncIterator]: () => ({
          next: async () => {
            counts.sourcePulls++;
            if (!it) {
              relay.hand(stream);
              it = stream[Symbol.asyncIterator]();
              const first = await it.next();
              relay.follow(it);
              return first;
            }
            return it.next();
          },
          return: async () => {
            await it?.return?.();
            return { done: true, value: undefined };
          },
        }),
      };
    },
    { provider: 'p', modelId: 'm' },
  );
}

const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 1));

describe('StreamRelay.follow', () => {
  it('after the switch the relay reads the stream below directly; its observers see every event once, then its end', async () => {
    const log: string[] = [];
    const counts = { sourcePulls: 0 };
    const relay = following(below(log), counts).observe({
      onPull: () => log.push('relay:pull'),
      onEvent: (e) => log.push(`relay:${e.type}`),
      onFinish: (r) => log.push(`relay:finish:${r.text}`),
      onError: (e) => log.push(`relay:${e.code}`),
    });
    const seen: string[] = [];
    for await (const e of relay) seen.push(e.type === 'text-delta' ? e.text : e.type);
    expect(seen).toEqual(['a', 'b', 'c', 'finish']);
    // Only the first pull went through the relay's own source: the others read the stream below.
    expect(counts.sourcePulls).toBe(1);
    expect(log).toEqual([
      'relay:pull',
      'below:text-delta',
      'relay:text-delta',
      'relay:pull',
      'below:text-delta',
      'relay:text-delta',
      'relay:pull',
      'below:text-delta',
      'relay:text-delta',
      'relay:pull',
      'below:finish',
      'relay:finish',
      'below:finish',
      'relay:finish:abc',
      'relay:pull',
    ]);
    expect(await relay.response).toBe(response);
  });

  it('a failure after the switch ends the relay with the same error, heard by its observers once', async () => {
    const log: string[] = [];
    const relay = following(below(log, { failAfter: 2 }), { sourcePulls: 0 }).observe({ onError: (e) => log.push(`relay:${e.code}`) });
    const it = relay[Symbol.asyncIterator]();
    expect((await it.next()).value).toMatchObject({ text: 'a' });
    expect((await it.next()).value).toMatchObject({ text: 'b' });
    const error = await failure(it.next());
    expect(error.code).toBe('network');
    expect(await failure(relay.response)).toBe(error);
    expect(log).toEqual(['below:text-delta', 'below:text-delta', 'below:network', 'relay:network']);
  });

  it('abort() and an early exit after the switch reach the stream below, and both end canceled', async () => {
    for (const how of ['abort', 'return'] as const) {
      const log: string[] = [];
      const relay = following(below(log, { pause: tick }), { sourcePulls: 0 }).observe({ onError: (e) => log.push(`relay:${e.code}`) });
      const it = relay[Symbol.asyncIterator]();
      await it.next();
      await it.next();
      if (how === 'abort') {
        relay.abort();
        expect((await failure(it.next())).code).toBe('canceled');
      } else {
        await it.return!();
        expect(await it.next()).toEqual({ done: true, value: undefined });
      }
      expect((await failure(relay.response)).code).toBe('canceled');
      expect(log.filter((l) => !l.endsWith('text-delta'))).toEqual(how === 'abort' ? ['below:canceled', 'relay:canceled'] : ['relay:canceled', 'below:canceled']);
    }
  });

  it("a caller's abort after the switch ends both canceled", async () => {
    const caller = new AbortController();
    const log: string[] = [];
    const inner = new ChatStream(
      async function* (own) {
        yield { type: 'text-delta', text: 'a' } as StreamEvent;
        await tick();
        if (own.aborted) throw own.reason;
        yield { type: 'text-delta', text: 'b' } as StreamEvent;
      },
      { provider: 'p', modelId: 'm', signal: caller.signal },
    ).observe({ onError: (e) => log.push(`below:${e.code}`) });
    const relay = ChatStream.later(() => inner, { provider: 'p', modelId: 'm', signal: caller.signal }).observe({ onError: (e) => log.push(`relay:${e.code}`) });
    const it = relay[Symbol.asyncIterator]();
    await it.next();
    const second = it.next();
    caller.abort();
    expect((await failure(second)).code).toBe('canceled');
    expect((await failure(relay.response)).code).toBe('canceled');
    expect(log).toEqual(['below:canceled', 'relay:canceled']);
  });

  it('a relay of relays (retry over a breaker) follows down to the stream that makes the events', async () => {
    const log: string[] = [];
    const counts = { sourcePulls: 0 };
    const breaker = ChatStream.later(() => below(log), { provider: 'p', modelId: 'm' });
    const retry = following(breaker, counts).observe({ onEvent: (e) => log.push(`retry:${e.type}`), onFinish: () => log.push('retry:finish') });
    const seen: string[] = [];
    for await (const e of retry) seen.push(e.type);
    expect(seen).toEqual(['text-delta', 'text-delta', 'text-delta', 'finish']);
    expect(counts.sourcePulls).toBe(1);
    expect(log.filter((l) => l.startsWith('retry:'))).toEqual(['retry:text-delta', 'retry:text-delta', 'retry:text-delta', 'retry:finish', 'retry:finish']);
    expect((await retry.response).text).toBe('abc');
    expect((await breaker.response).text).toBe('abc');
  });

  it('is ignored when the stream below has already ended (a one-event stream)', async () => {
    const only = new ChatStream(
      async function* () {
        yield { type: 'finish', finishReason: 'stop', response } as StreamEvent;
      },
      { provider: 'p', modelId: 'm' },
    );
    const relay = following(only, { sourcePulls: 0 });
    const seen: string[] = [];
    for await (const e of relay) seen.push(e.type);
    expect(seen).toEqual(['finish']);
    expect(await relay.response).toBe(response);
  });
});
