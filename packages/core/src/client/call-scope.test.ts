import { LLMError } from '@llm/errors';
import { describe, expect, it } from 'vitest';
import { createChatModel, runHealthCheck, type CallOptions, type Provider } from '../model/index.js';
import { wrapChatModel, type Middleware, observeStream } from '../middleware/index.js';
import { fakeTransport } from '../model/fake-transport.test-util.js';
import { createClient } from './client.js';
import { resolveSetup, withAttemptMiddleware } from './client-options.js';

const KEY = Symbol('test.call');

/** A provider whose first `failures` calls fail with a retryable error, the rest answer. */
function flakyProvider(failures: number): Provider {
  const base = fakeTransport({ chunks: ['a', 'b'] });
  let calls = 0;
  const fail = () => {
    calls += 1;
    if (calls <= failures) throw new LLMError({ code: 'overloaded', message: `overloaded (${calls})`, provider: 'fake', model: 'm' });
  };
  return {
    name: 'fake',
    chatModel: (modelId) =>
      createChatModel({
        ...base,
        modelId,
        doChat: async (request, options) => {
          fail();
          return base.doChat(request, options);
        },
        doStream: (request, options) => {
          fail();
          return base.doStream(request, options);
        },
      }),
    listModels: async () => [],
    checkHealth: () => runHealthCheck('fake', async () => undefined),
  };
}

/** The outer layer: puts a per-call object in `scope`. The attempt layer: reports what it sees. */
function probes(seen: Array<{ call: unknown; stream: boolean }>): { outer: Middleware; attempt: Middleware } {
  let n = 0;
  const withScope = (options: CallOptions): CallOptions => ({ ...options, scope: { ...options.scope, [KEY]: `call-${++n}` } });
  const outer: Middleware = (model) =>
    wrapChatModel(model, {
      chat: (request, options, next) => next.chat(request, withScope(options)),
      streamChat: (request, options, next) => next.streamChat(request, withScope(options)),
    });
  const attempt: Middleware = (model) =>
    wrapChatModel(model, {
      chat: (request, options, next) => {
        seen.push({ call: options.scope?.[KEY], stream: false });
        return next.chat(request, options);
      },
      streamChat: (request, options, next) => {
        seen.push({ call: options.scope?.[KEY], stream: true });
        return observeStream(next.streamChat(request, options), {});
      },
    });
  return { outer, attempt };
}

describe('CallOptions.scope through the default stack', () => {
  it('an attempt middleware sees every attempt, and the scope an outer layer set, through the whole default stack', async () => {
    const seen: Array<{ call: unknown; stream: boolean }> = [];
    const { outer, attempt } = probes(seen);
    const setup = resolveSetup({
      provider: 'fake',
      model: 'm',
      logging: { level: 'silent' },
      retry: { maxRetries: 3, initialDelay: 1, maxDelay: 2 },
      timeouts: { total: 5_000, firstChunk: 5_000, idle: 5_000 },
      rateLimit: { requestsPerMinute: 10_000, maxConcurrentCalls: 10 },
      circuitBreaker: { failureThreshold: 100 },
      cost: { maxBudget: 100, unpricedModels: 'allow' },
    });
    setup.middleware.push(outer);
    withAttemptMiddleware(attempt)(setup);
    // Two failures, then answers: the chat takes three attempts, the stream one.
    const client = createClient(flakyProvider(2), setup);
    await client.chat({ messages: [{ role: 'user', content: 'x' }] });
    await client.streamChat({ messages: [{ role: 'user', content: 'x' }] }).response;
    expect(seen).toEqual([
      { call: 'call-1', stream: false },
      { call: 'call-1', stream: false },
      { call: 'call-1', stream: false },
      { call: 'call-2', stream: true },
    ]);
  });

  it('a stream retried before its first event shows each attempt with its call', async () => {
    const seen: Array<{ call: unknown; stream: boolean }> = [];
    const { outer, attempt } = probes(seen);
    const setup = resolveSetup({ provider: 'fake', model: 'm', logging: { level: 'silent' }, retry: { maxRetries: 2, initialDelay: 1, maxDelay: 2 } });
    setup.middleware.push(outer);
    withAttemptMiddleware(attempt)(setup);
    const client = createClient(flakyProvider(1), setup);
    const response = await client.streamChat({ messages: [{ role: 'user', content: 'x' }] }).response;
    expect(response.text).toBe('ab');
    expect(seen).toEqual([
      { call: 'call-1', stream: true },
      { call: 'call-1', stream: true },
    ]);
  });
});
