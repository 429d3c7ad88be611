import { runResilienceSuite, startFakeGoogleServer } from '@llm/mocks';
import { createGoogleProvider } from './google-provider.js';

runResilienceSuite({
  name: 'google',
  // Google sends `data: {"error":{...}}` inside a stream; the SDK raises it as an ApiError.
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
