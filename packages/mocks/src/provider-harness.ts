import type { ChatModel, HealthReport } from '@llm/core';
import type { ConformanceHarness } from './conformance-harness.js';
import type { FakeServer } from './fake-server.js';

/** What a provider package builds against a fake server: a model factory and a health check. */
export interface HarnessProvider {
  chatModel(modelId: string): ChatModel;
  checkHealth(): Promise<HealthReport>;
}

/**
 * The `setup` every provider hands the suites: start its fake vendor server, build the provider
 * with the server's key (or the one a test gives, to check a wrong key) and base URL.
 */
export function providerHarness(
  startServer: () => Promise<FakeServer>,
  makeProvider: (server: FakeServer, apiKey: string) => HarnessProvider,
  modelId: string,
): () => Promise<ConformanceHarness> {
  return async () => {
    const server = await startServer();
    const provider = (apiKey?: string) => makeProvider(server, apiKey ?? server.apiKey);
    return {
      target: server,
      createModel: (options) => provider(options?.apiKey).chatModel(modelId),
      checkHealth: (options) => provider(options?.apiKey).checkHealth(),
      close: () => server.close(),
    };
  };
}
