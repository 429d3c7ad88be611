import type { ChatModel } from '@llm/core';
import type { ChatRequest } from '@llm/schema';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { FakeServer } from './fake-server.js';

/** What a request-pin test works with: the fake server, the provider's model on it, and `sent`. */
export interface RequestPins {
  readonly server: FakeServer;
  readonly model: ChatModel;
  /** Makes one chat call (the server answers `reply`) and returns the JSON body the vendor received. */
  sent(request: ChatRequest<unknown>, reply?: string): Promise<Record<string, unknown>>;
}

/**
 * Registers the hooks of a request-pin test file: starts the fake server once, builds the
 * provider's model on it, resets the server before each test and closes it after the file.
 */
export function useRequestPins(startServer: () => Promise<FakeServer>, makeModel: (server: FakeServer) => ChatModel): RequestPins {
  let server: FakeServer | undefined;
  let model: ChatModel | undefined;
  beforeAll(async () => {
    server = await startServer();
    model = makeModel(server);
  });
  afterAll(() => server?.close());
  beforeEach(() => server?.reset());
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('useRequestPins: the fake server has not started (use it inside a test)');
    return value;
  };
  return {
    get server() {
      return ready(server);
    },
    get model() {
      return ready(model);
    },
    async sent(request, reply = 'ok') {
      ready(server).enqueue({ kind: 'text', text: reply });
      await ready(model).chat(request);
      return ready(server).lastRequest().body as Record<string, unknown>;
    },
  };
}
