import { createClient, resolveSetup, type ChatModel, type ClientOption, type HealthReport, type LLMClient, type Provider } from '@llm/core';
import type { ConformanceHarness } from './conformance-harness.js';
import type { FakeServer } from './fake-server.js';

/** What a provider package builds against a fake server: a model factory and a health check. */
export interface HarnessProvider {
  readonly name?: string;
  chatModel(modelId: string): ChatModel;
  checkHealth(): Promise<HealthReport>;
  listModels?: Provider['listModels'];
}

/** A provider's client factory (`createOpenAI`): its config type is its own. */
export type HarnessFactory<C> = (config: C, ...options: ClientOption[]) => LLMClient;

/**
 * The `setup` every provider hands the suites: start its fake vendor server, build the provider
 * with the server's key (or the one a test gives, to check a wrong key) and base URL. With the
 * provider's `factory`, the suites also build clients the way a caller does.
 */
export function providerHarness<C>(
  startServer: () => Promise<FakeServer>,
  makeProvider: (server: FakeServer, apiKey: string) => HarnessProvider,
  modelId: string,
  factory: HarnessFactory<C>,
): () => Promise<ConformanceHarness> {
  return async () => {
    const server = await startServer();
    const provider = (apiKey?: string) => makeProvider(server, apiKey ?? server.apiKey);
    return {
      target: server,
      createModel: (options) => provider(options?.apiKey).chatModel(modelId),
      checkHealth: (options) => provider(options?.apiKey).checkHealth(),
      close: () => server.close(),
      createClient: (config = {}, ...options) => {
        const made = provider();
        const name = made.name ?? made.chatModel(modelId).provider;
        const vendor: Provider = { name, chatModel: (id) => made.chatModel(id), checkHealth: () => made.checkHealth(), listModels: made.listModels ?? (async () => []) };
        return createClient(vendor, resolveSetup({ model: modelId, ...config, provider: name }, options));
      },
      factory: (config, ...options) => {
        const given = typeof config === 'object' && config !== null && !Array.isArray(config) ? { apiKey: server.apiKey, baseUrl: server.baseUrl, model: modelId, ...config } : config;
        return factory(given as C, ...options);
      },
    };
  };
}
