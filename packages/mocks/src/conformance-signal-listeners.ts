import { getEventListeners } from 'node:events';
import type { ChatModel, Provider } from '@llm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConformanceHarness } from './conformance-harness.js';
import { expectLLMError } from './expect-llm-error.js';
import type { FakeServer } from './fake-server.js';
import type { Scenario } from './scenario.js';
import { waitFor } from './wait-for.js';

export interface SignalListenerOptions {
  /** The provider's harness (`providerHarness`): its model and its client with the default stack are checked. */
  setup: () => Promise<ConformanceHarness>;
  /**
   * Other ways the provider's model reaches the vendor, by name, built on the harness' fake server:
   * a route its default model does not take (`@llm/openai`'s SDK route, for a client with retries of
   * the SDK's own or no `directFetch`).
   */
  routes?: Record<string, (server: FakeServer) => ChatModel>;
  /** The provider on the harness' fake server, whose model listing and health check are checked too. */
  provider?: (server: FakeServer) => Pick<Provider, 'listModels' | 'checkHealth'>;
}

/** How many calls share one signal. */
const CALLS = 12;
const HI = { messages: [{ role: 'user' as const, content: 'Hi' }] };
const TEXT = { kind: 'text', text: 'one two three four five six' } satisfies Scenario;

type Send = (model: ChatModel, signal: AbortSignal, target: ConformanceHarness['target']) => Promise<void>;

/** One call of each kind, each on the shared signal; a failing one must fail with an LLMError. */
const KINDS: ReadonlyArray<readonly [string, Send]> = [
  [
    'a call that succeeds',
    async (model, signal, target) => {
      target.enqueue(TEXT);
      expect((await model.chat(HI, { signal })).text).toBe('one two three four five six');
    },
  ],
  [
    'a call the vendor fails with a 500 (the client: after its one retry)',
    async (model, signal, target) => {
      target.enqueue({ kind: 'error', error: 'provider_error' }, { kind: 'error', error: 'provider_error' });
      expect((await expectLLMError(model.chat(HI, { signal }))).code).toBe('provider_error');
      target.reset();
    },
  ],
  [
    'a call the vendor refuses with a 400',
    async (model, signal, target) => {
      target.enqueue({ kind: 'error', error: 'invalid_request' });
      expect((await expectLLMError(model.chat(HI, { signal }))).code).toBe('invalid_request');
    },
  ],
  [
    'a stream read to its end',
    async (model, signal, target) => {
      target.enqueue(TEXT);
      let text = '';
      for await (const event of model.streamChat(HI, { signal })) if (event.type === 'text-delta') text += event.text;
      expect(text).toBe('one two three four five six');
    },
  ],
  [
    'a stream its reader leaves after the first text',
    async (model, signal, target) => {
      target.enqueue(TEXT);
      let deltas = 0;
      for await (const event of model.streamChat(HI, { signal })) {
        if (event.type === 'text-delta') {
          deltas++;
          break;
        }
      }
      expect(deltas).toBe(1);
    },
  ],
  [
    'a stream the vendor refuses with a 400',
    async (model, signal, target) => {
      target.enqueue({ kind: 'error', error: 'invalid_request' });
      const read = async () => {
        for await (const _event of model.streamChat(HI, { signal })) {
          // The stream fails before its first event.
        }
      };
      expect((await expectLLMError(read())).code).toBe('invalid_request');
    },
  ],
];

/**
 * A caller's `AbortSignal` given to many calls (one for a whole job, say) holds no listener once
 * they are over, on every route the provider has: the default model, the client with the default
 * stack and any other route named. Calls that succeed or fail, streams read to the end, left early
 * or refused: after {@link CALLS} of each on one signal, `getEventListeners(signal, 'abort')` is
 * empty. And the signal still aborts a call and a stream under way, with `canceled`.
 */
export function describeSignalListeners(options: SignalListenerOptions): void {
  describe(`a signal shared by ${CALLS} calls`, () => {
    let harness: ConformanceHarness;
    beforeAll(async () => {
      harness = await options.setup();
    });
    afterAll(() => harness.close());

    const routes: Array<readonly [string, () => ChatModel]> = [
      ['the model', () => harness.createModel()],
      // One quick retry, so that a 500 is the vendor's answer after retries too; the breaker off, so
      // that each of the twelve 500s reaches the vendor rather than the open circuit.
      ['the client with the default stack', () => harness.createClient!({ retry: { maxRetries: 1, initialDelay: 1, maxDelay: 1 }, circuitBreaker: { enabled: false } })],
      ...Object.entries(options.routes ?? {}).map(([name, make]) => [name, () => make(harness.target as FakeServer)] as const),
    ];

    if (options.provider) {
      const make = options.provider;
      it.each([
        ['model listing', async (p: Pick<Provider, 'listModels' | 'checkHealth'>, signal: AbortSignal) => expect((await p.listModels({ signal })).length).toBeGreaterThan(0)],
        ['health check', async (p: Pick<Provider, 'listModels' | 'checkHealth'>, signal: AbortSignal) => expect((await p.checkHealth({ signal })).status).toBe('healthy')],
      ] as const)('holds no listener after a %s', async (_what, send) => {
        const provider = make(harness.target as FakeServer);
        const signal = new AbortController().signal;
        for (let i = 0; i < CALLS; i++) await send(provider, signal);
        expect(getEventListeners(signal, 'abort')).toHaveLength(0);
      });
    }

    describe.each(routes)('through %s', (_, makeModel) => {
      it.each(KINDS)('holds no listener after %s', async (_kind, send) => {
        const model = makeModel();
        const signal = new AbortController().signal;
        for (let i = 0; i < CALLS; i++) await send(model, signal, harness.target);
        expect(getEventListeners(signal, 'abort')).toHaveLength(0);
      });

      it('still aborts a call under way, with canceled', async () => {
        const model = makeModel();
        const controller = new AbortController();
        harness.target.reset();
        harness.target.enqueue({ ...TEXT, fault: { kind: 'slow-first-byte', delayMs: 3000 } });
        const call = model.chat(HI, { signal: controller.signal });
        // Aborted once the server has the request (see the README: one aborted before the server read
        // it would be read later, as the next test's).
        await waitFor(() => harness.target.received.length > 0, 'the request reaching the server', 15_000, 5);
        controller.abort();
        expect((await expectLLMError(call)).code).toBe('canceled');
      });

      it('still aborts a stream under way, with canceled', async () => {
        const model = makeModel();
        const controller = new AbortController();
        harness.target.reset();
        // The vendor sends its first chunks, then nothing: the abort meets a stream open and waiting.
        harness.target.enqueue({ ...TEXT, fault: { kind: 'stall', afterChunks: 2 } });
        const read = (async () => {
          for await (const _event of model.streamChat(HI, { signal: controller.signal })) {
            // Read until the abort ends the stream.
          }
        })();
        await waitFor(() => harness.target.received.length > 0, 'the request reaching the server', 15_000, 5);
        controller.abort();
        expect((await expectLLMError(read)).code).toBe('canceled');
      });
    });
  });
}
