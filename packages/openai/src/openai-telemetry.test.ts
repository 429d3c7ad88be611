import { runTelemetrySuite, startFakeOpenAIServer } from '@llm/mocks';
import { createOpenAIProvider } from './openai-provider.js';

runTelemetrySuite({
  name: 'openai',
  genAiProvider: 'openai',
  streamErrors: true,
  async setup() {
    const server = await startFakeOpenAIServer();
    const provider = (apiKey?: string) => createOpenAIProvider({ apiKey: apiKey ?? server.apiKey, baseUrl: server.baseUrl });
    return {
      target: server,
      createModel: (options) => provider(options?.apiKey).chatModel('gpt-4o-mini'),
      checkHealth: (options) => provider(options?.apiKey).checkHealth(),
      close: () => server.close(),
    };
  },
});
