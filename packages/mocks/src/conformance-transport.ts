import type { ChatModel, VendorFetchSettings } from '@llm/core';
import { isLLMError } from '@llm/errors';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FakeServer } from './fake-server.js';

export interface TransportChoiceOptions {
  /** Starts the provider's fake vendor server. */
  startServer(): Promise<FakeServer>;
  /** The provider's model on `server`, built with these transport settings (the provider's own `fetch` and `transport`). */
  makeModel(server: FakeServer, settings: VendorFetchSettings): ChatModel;
}

/** The variables that make the default transport Node's fetch; cleared around each test (a CI box may set them). */
const PROXY_VARIABLES = ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'NO_PROXY', 'no_proxy'];

/** Node's fetch (undici) sends `sec-fetch-mode: cors` with every request; node:http never does. */
function sentBy(server: FakeServer): 'fetch' | 'node-http' {
  return server.lastRequest().headers['sec-fetch-mode'] === 'cors' ? 'fetch' : 'node-http';
}

async function chatAndStream(model: ChatModel, server: FakeServer): Promise<string[]> {
  const ways: string[] = [];
  const reply = await model.chat({ messages: [{ role: 'user', content: 'hi' }] });
  expect(reply.text).toBe('Hello from the fake server.');
  ways.push(sentBy(server));
  let text = '';
  for await (const event of model.streamChat({ messages: [{ role: 'user', content: 'hi' }] })) if (event.type === 'text-delta') text += event.text;
  expect(text).toBe('Hello from the fake server.');
  ways.push(sentBy(server));
  return ways;
}

/**
 * Which transport a provider's vendor SDK sends with (see `vendorFetch` in `@llm/core`), pinned
 * at the fake server: node:http by default, calls and streams alike; Node's fetch with `transport:
 * 'fetch'` or a proxy in the environment; a caller's `fetch` used as given; a bad `transport` a
 * `configuration` error naming the field.
 */
export function describeTransportChoice(options: TransportChoiceOptions): void {
  describe('the transport the vendor SDK sends with', () => {
    let server: FakeServer;
    beforeAll(async () => {
      server = await options.startServer();
    });
    afterAll(() => server.close());
    beforeEach(() => {
      for (const name of PROXY_VARIABLES) vi.stubEnv(name, undefined);
    });
    afterEach(() => vi.unstubAllEnvs());

    it('is node:http by default, for calls and streams', async () => {
      expect(await chatAndStream(options.makeModel(server, {}), server)).toEqual(['node-http', 'node-http']);
    });

    it('is Node’s fetch with transport "fetch"', async () => {
      expect(await chatAndStream(options.makeModel(server, { transport: 'fetch' }), server)).toEqual(['fetch', 'fetch']);
    });

    it('is Node’s fetch while a proxy is set in the environment', async () => {
      vi.stubEnv('NO_PROXY', '127.0.0.1');
      expect(await chatAndStream(options.makeModel(server, {}), server)).toEqual(['fetch', 'fetch']);
    });

    it('is the caller’s fetch, as given, when there is one', async () => {
      const own = vi.fn<typeof fetch>((input, init) => fetch(input, init));
      expect(await chatAndStream(options.makeModel(server, { fetch: own }), server)).toEqual(['fetch', 'fetch']);
      expect(own).toHaveBeenCalledTimes(2);
    });

    it('refuses an unknown transport with a configuration error naming the field', () => {
      let failure: unknown;
      try {
        options.makeModel(server, { transport: 'http2' as VendorFetchSettings['transport'] });
      } catch (err) {
        failure = err;
      }
      expect(isLLMError(failure), `expected an LLMError, got ${String(failure)}`).toBe(true);
      expect(failure).toMatchObject({ code: 'configuration', details: { fields: ['transport'] } });
    });
  });
}
