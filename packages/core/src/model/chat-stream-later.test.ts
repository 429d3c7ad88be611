import { LLMError } from '@llm/errors';
import type { ChatResponse, StreamEvent } from '@llm/schema';
import { describe, expect, it } from 'vitest';
import { expectLLMError as failure } from './expect-llm-error.test-util.js';
import { ChatStream } from './chat-stream.js';

// ChatStream.later and StreamObserver.onPull: how a layer hands on the stream below (after an
// admission) and keeps its clocks on it, without a stream, a signal or a listener of its own.

const response: ChatResponse = {
  id: 'r1',
  provider: 'p',
  model: 'm',
  created: 0,
  text: 'ab',
  toolCalls: [],
  finishReason: 'stop',
  usage: { inputTokens: 1, outputTokens: 2, totalTokens: 3 },
  object: undefined,
};

const events: StreamEvent[] = [
  { type: 'text-delta', text: 'a' },
  { type: 'text-delta', text: 'b' },
  { type: 'finish', finishReason: 'stop', response },
];

/** A stream of `events` that logs when its source is opened (when the vendor would be called) and what ends it. */
function streamOf(log: string[], signal?: AbortSignal, pause?: Promise<void>): ChatStream {
  return new ChatStream(
    async function* (own) {
      log.push('open');
      for (const e of events) {
        if (pause) await pause;
        if (own.aborted) throw own.reason;
        yield e;
      }
    },
    { provider: 'p', modelId: 'm', signal },
  ).observe({ onError: (e) => log.push(`below:${e.code}`), onFinish: () => log.push('below:finish') });
}

const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 1));

describe('ChatStream.later', () => {
  it('makes the stream below only when reading begins, then hands on its events and its response', async () => {
    const log: string[] = [];
    const stream = ChatStream.later(
      async () => {
        log.push('admitted');
        return streamOf(log);
      },
      { provider: 'p', modelId: 'm' },
    );
    await tick();
    expect(log).toEqual([]);
    const seen: string[] = [];
    for await (const e of stream) seen.push(e.type);
    expect(seen).toEqual(['text-delta', 'text-delta', 'finish']);
    expect((await stream.response).text).toBe('ab');
    expect(log).toEqual(['admitted', 'open', 'below:finish']);
  });

  it('a refusal ends the stream with its error, and no stream below is made', async () => {
    const refusal = new LLMError({ code: 'circuit_open', message: 'open', provider: 'p', model: 'm', local: true });
    const stream = ChatStream.later(() => Promise.reject(refusal), { provider: 'p', modelId: 'm' });
    expect(await failure(stream.response)).toBe(refusal);
  });

  it("the caller's abort reaches the stream below through the caller's own signal, and ends both canceled", async () => {
    const log: string[] = [];
    const caller = new AbortController();
    let release!: () => void;
    const pause = new Promise<void>((r) => (release = r));
    const stream = ChatStream.later(() => streamOf(log, caller.signal, pause), { provider: 'p', modelId: 'm', signal: caller.signal });
    const first = stream[Symbol.asyncIterator]().next();
    await tick();
    caller.abort();
    release();
    expect((await failure(first)).code).toBe('canceled');
    expect((await failure(stream.response)).code).toBe('canceled');
    expect(log).toEqual(['open', 'below:canceled']);
  });

  it('abort() and an early exit are passed on to the stream below', async () => {
    const log: string[] = [];
    const aborted = ChatStream.later(() => streamOf(log, undefined, tick()), { provider: 'p', modelId: 'm' });
    const it = aborted[Symbol.asyncIterator]();
    expect((await it.next()).value).toMatchObject({ type: 'text-delta' });
    aborted.abort();
    await failure(it.next());
    expect(log).toEqual(['open', 'below:canceled']);
    log.length = 0;
    const left = ChatStream.later(() => streamOf(log), { provider: 'p', modelId: 'm' });
    for await (const e of left) if (e.type === 'text-delta') break;
    expect((await failure(left.response)).code).toBe('canceled');
    expect(log).toEqual(['open', 'below:canceled']);
  });

  it('a stream left (or aborted) while the one below was being made ends it canceled without reading it, so its observers hear', async () => {
    for (const how of ['return', 'abort'] as const) {
      const log: string[] = [];
      let admit!: () => void;
      const admitted = new Promise<void>((r) => (admit = r));
      const stream = ChatStream.later(
        async () => {
          await admitted;
          return streamOf(log);
        },
        { provider: 'p', modelId: 'm' },
      );
      const it = stream[Symbol.asyncIterator]();
      const first = it.next().catch((e: unknown) => e);
      if (how === 'return') await it.return!();
      else stream.abort();
      admit();
      await first;
      for (let i = 0; i < 5 && log.length === 0; i++) await tick();
      expect((await failure(stream.response)).code).toBe('canceled');
      expect(log).toEqual(['below:canceled']);
    }
  });

  it('makes no signal of its own unless asked for one', async () => {
    const stream = ChatStream.later(() => streamOf([]), { provider: 'p', modelId: 'm' });
    await stream.response;
    expect((stream as unknown as { own: AbortController | undefined }).own).toBeUndefined();
    expect(stream.signal.aborted).toBe(false);
  });
});

describe('ChatStream.relay', () => {
  /** A relay that reads `streams` in turn, waiting on its own signal between them when `wait` is set. */
  function relayOf(streams: Array<() => ChatStream>, wait: boolean, signal?: AbortSignal): ChatStream {
    return ChatStream.relay(
      (relay) => ({
        async *[Symbol.asyncIterator]() {
          for (const [i, make] of streams.entries()) {
            if (i > 0 && wait) {
              await new Promise<void>((resolve, reject) => {
                const timer = setTimeout(resolve, 10_000);
                relay.signal.addEventListener('abort', () => (clearTimeout(timer), reject(relay.signal.reason)), { once: true });
              });
            }
            const stream = make();
            relay.hand(stream);
            try {
              yield* stream;
              return;
            } catch (err) {
              if (relay.aborted || i === streams.length - 1) throw err;
            }
          }
        },
      }),
      { provider: 'p', modelId: 'm', signal },
    );
  }
  const failing = (log: string[]) => () =>
    new ChatStream(
      // eslint-disable-next-line require-yield -- fails before its first event
      async function* () {
        log.push('failed');
        throw new LLMError({ code: 'overloaded', message: 'busy', provider: 'p', model: 'm' });
      },
      { provider: 'p', modelId: 'm' },
    );

  it('reads the streams it hands on without a signal of its own while it does not wait', async () => {
    const log: string[] = [];
    const stream = relayOf([failing(log), () => streamOf(log)], false);
    expect((await stream.response).text).toBe('ab');
    expect(log).toEqual(['failed', 'open', 'below:finish']);
    expect((stream as unknown as { own: AbortController | undefined }).own).toBeUndefined();
  });

  it('abort() reaches the stream it reads now, and ends a wait between streams at once', async () => {
    const log: string[] = [];
    const reading = relayOf([() => streamOf(log, undefined, tick())], false);
    const it = reading[Symbol.asyncIterator]();
    await it.next();
    reading.abort();
    expect((await failure(it.next())).code).toBe('canceled');
    expect(log).toEqual(['open', 'below:canceled']);
    const waiting = relayOf([failing([]), () => streamOf([])], true);
    const ended = failure(waiting.response);
    await tick();
    const started = performance.now();
    waiting.abort();
    expect((await ended).code).toBe('canceled');
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it("a caller's abort during a wait ends it at once", async () => {
    const caller = new AbortController();
    const waiting = relayOf([failing([]), () => streamOf([])], true, caller.signal);
    const ended = failure(waiting.response);
    await tick();
    caller.abort();
    expect((await ended).code).toBe('canceled');
  });
});

describe('StreamObserver.onPull', () => {
  it('is called each time the reader asks for an event, before the event is there', async () => {
    const log: string[] = [];
    const stream = streamOf([]).observe({ onPull: () => log.push('pull'), onEvent: (e) => log.push(e.type) });
    for await (const _e of stream) {
      // Reading to the end.
    }
    expect(log).toEqual(['pull', 'text-delta', 'pull', 'text-delta', 'pull', 'finish', 'pull']);
  });
});
