import { runResilienceSuite, startFakeGroqServer } from '@llm/mocks';
import { createGroqProvider } from './groq-provider.js';

runResilienceSuite({
  name: 'groq',
  streamErrors: true,
  async setup() {
    const server = await startFakeGroqServer();
    const provider = (apiKey?: string) => createGroqProvider({ apiKey: apiKey ?? server.apiKey, baseUrl: server.baseUrl });
    return {
      target: server,
      createModel: (options) => provider(options?.apiKey).chatModel('llama-3.3-70b-versatile'),
      checkHealth: (options) => provider(options?.apiKey).checkHealth(),
      close: () => server.close(),
    };
  },
});
