import { runTelemetrySuite, startFakeGoogleServer } from '@llm/mocks';
import { createGoogleProvider } from './google-provider.js';

runTelemetrySuite({
  name: 'google',
  genAiProvider: 'gcp.gemini',
  streamErrors: true,
  async setup() {
    const server = await startFakeGoogleServer();
    const provider = (apiKey?: string) => createGoogleProvider({ apiKey: apiKey ?? server.apiKey, baseUrl: server.baseUrl });
    return {
      target: server,
      createModel: (options) => provider(options?.apiKey).chatModel('gemini-2.0-flash'),
      checkHealth: (options) => provider(options?.apiKey).checkHealth(),
      close: () => server.close(),
    };
  },
});
