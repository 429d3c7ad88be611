import { runResilienceSuite, startFakeOpenRouterServer } from '@llm/mocks';
import { createOpenRouterProvider } from './openrouter-provider.js';

runResilienceSuite({
  name: 'openrouter',
  streamErrors: true,
  async setup() {
    const server = await startFakeOpenRouterServer();
    const provider = (apiKey?: string) => createOpenRouterProvider({ apiKey: apiKey ?? server.apiKey, baseUrl: server.baseUrl });
    return {
      target: server,
      createModel: (options) => provider(options?.apiKey).chatModel('meta-llama/llama-3.3-70b-instruct'),
      checkHealth: (options) => provider(options?.apiKey).checkHealth(),
      close: () => server.close(),
    };
  },
});
