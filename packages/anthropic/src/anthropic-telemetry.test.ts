import { runTelemetrySuite, startFakeAnthropicServer } from '@llm/mocks';
import { createAnthropicProvider } from './anthropic-provider.js';

runTelemetrySuite({
  name: 'anthropic',
  genAiProvider: 'anthropic',
  streamErrors: true,
  async setup() {
    const server = await startFakeAnthropicServer();
    const provider = (apiKey?: string) => createAnthropicProvider({ apiKey: apiKey ?? server.apiKey, baseUrl: server.baseUrl });
    return {
      target: server,
      createModel: (options) => provider(options?.apiKey).chatModel('claude-haiku-4-5'),
      checkHealth: (options) => provider(options?.apiKey).checkHealth(),
      close: () => server.close(),
    };
  },
});
