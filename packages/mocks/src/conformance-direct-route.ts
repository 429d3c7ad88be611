import type { ChatModel } from '@llm/core';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FakeServer } from './fake-server.js';

export interface DirectRouteOptions {
  /** Starts the provider's fake vendor server. */
  startServer(): Promise<FakeServer>;
  /** A new provider model on `server` (a new SDK client each time). */
  makeModel(server: FakeServer): ChatModel;
  /** The vendor SDK client's prototype, whose `buildRequest` makes a request's URL and headers. */
  sdkPrototype: { buildRequest: (...args: never[]) => unknown };
  /** The path each request goes to at the fake server. */
  path: string;
  /** Headers the provider's settings add to every request, expected on each request (a stream's and a call's). */
  headers?: Record<string, string>;
}

async function streamText(model: ChatModel): Promise<string> {
  let out = '';
  for await (const event of model.streamChat({ messages: [{ role: 'user', content: 'Hi' }] })) if (event.type === 'text-delta') out += event.text;
  return out;
}

async function callText(model: ChatModel): Promise<string> {
  return (await model.chat({ messages: [{ role: 'user', content: 'Hi' }] })).text;
}

/**
 * A provider on an SDK whose requests, streams and non-streaming calls alike, are sent beside its
 * per-request pipeline (`@llm/openai`'s `directFetch`): the SDK builds the request head once per
 * client, not per request, and each request is what the SDK sends (path, key, the SDK's own
 * headers, the provider's headers).
 */
export function describeDirectRoute(options: DirectRouteOptions): void {
  describe('requests sent beside the SDK pipeline', () => {
    let server: FakeServer;
    beforeAll(async () => {
      server = await options.startServer();
    });
    afterAll(() => server.close());
    afterEach(() => vi.restoreAllMocks());

    it.each([
      ['stream', streamText],
      ['call', callText],
    ] as const)('the SDK builds the request head once per client, not per %s; the request is the one the SDK sends', async (_, send) => {
      const build = vi.spyOn(options.sdkPrototype, 'buildRequest');
      const model = options.makeModel(server);
      for (const text of ['one', 'two', 'three']) {
        server.enqueue({ kind: 'text', text });
        expect(await send(model)).toBe(text);
      }
      expect(build).toHaveBeenCalledTimes(1);
      const { path, headers } = server.lastRequest();
      expect(path).toBe(options.path);
      expect(headers.authorization).toBe(`Bearer ${server.apiKey}`);
      expect(headers['x-stainless-retry-count']).toBe('0');
      for (const [name, value] of Object.entries(options.headers ?? {})) expect(headers[name.toLowerCase()], name).toBe(value);
    });

    it('streams and calls of one model share the head', async () => {
      const build = vi.spyOn(options.sdkPrototype, 'buildRequest');
      const model = options.makeModel(server);
      server.enqueue({ kind: 'text', text: 'a' }, { kind: 'text', text: 'b' });
      expect(await streamText(model)).toBe('a');
      expect(await callText(model)).toBe('b');
      expect(build).toHaveBeenCalledTimes(1);
    });
  });
}
