import type { ChatModel } from '@llm/core';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FakeServer } from './fake-server.js';

export interface StreamRouteOptions {
  /** Starts the provider's fake vendor server. */
  startServer(): Promise<FakeServer>;
  /** A new provider model on `server` (a new SDK client each time). */
  makeModel(server: FakeServer): ChatModel;
  /** The vendor SDK client's prototype, whose `buildRequest` makes a request's URL and headers. */
  sdkPrototype: { buildRequest: (...args: never[]) => unknown };
  /** The path each request goes to at the fake server. */
  path: string;
  /** Headers the provider's settings add to every request, expected on a stream's request. */
  headers?: Record<string, string>;
}

async function streamText(model: ChatModel): Promise<string> {
  let out = '';
  for await (const event of model.streamChat({ messages: [{ role: 'user', content: 'Hi' }] })) if (event.type === 'text-delta') out += event.text;
  return out;
}

/**
 * A provider on an SDK whose streams are sent beside its per-request pipeline (`@llm/openai`'s
 * `streamFetch`): the SDK builds the request head once per client, not per stream, and the request
 * is what the SDK sends (path, key, the SDK's own headers, the provider's headers); a non-streaming
 * call still goes through the SDK, once per call.
 */
export function describeStreamRoute(options: StreamRouteOptions): void {
  describe('streams sent beside the SDK pipeline', () => {
    let server: FakeServer;
    beforeAll(async () => {
      server = await options.startServer();
    });
    afterAll(() => server.close());
    afterEach(() => vi.restoreAllMocks());

    it('the SDK builds the request head once per client, not per stream; the request is the one the SDK sends', async () => {
      const build = vi.spyOn(options.sdkPrototype, 'buildRequest');
      const model = options.makeModel(server);
      for (const text of ['one', 'two', 'three']) {
        server.enqueue({ kind: 'text', text });
        expect(await streamText(model)).toBe(text);
      }
      expect(build).toHaveBeenCalledTimes(1);
      const { path, headers } = server.lastRequest();
      expect(path).toBe(options.path);
      expect(headers.authorization).toBe(`Bearer ${server.apiKey}`);
      expect(headers['x-stainless-retry-count']).toBe('0');
      for (const [name, value] of Object.entries(options.headers ?? {})) expect(headers[name.toLowerCase()], name).toBe(value);
    });

    it('a non-streaming call still goes through the SDK pipeline, once per call', async () => {
      const build = vi.spyOn(options.sdkPrototype, 'buildRequest');
      const model = options.makeModel(server);
      server.enqueue({ kind: 'text', text: 'a' }, { kind: 'text', text: 'b' });
      await model.chat({ messages: [{ role: 'user', content: 'Hi' }] });
      await model.chat({ messages: [{ role: 'user', content: 'Hi' }] });
      expect(build).toHaveBeenCalledTimes(2);
    });
  });
}
