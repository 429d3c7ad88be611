import { describeSignalListeners } from '@llm/mocks/conformance';
import { openrouterHarness } from './openrouter-harness.test-util.js';
import { createOpenRouterProvider } from './openrouter-provider.js';

describeSignalListeners({
  setup: openrouterHarness,
  provider: (server) => createOpenRouterProvider({ apiKey: server.apiKey, baseUrl: server.baseUrl }),
  routes: {
    // directFetch unset: every request goes through the openai SDK's own pipeline (@llm/openai's compatible transport).
    "the SDK's own route": (server) => createOpenRouterProvider({ apiKey: server.apiKey, baseUrl: server.baseUrl }, { directFetch: undefined }).chatModel('meta-llama/llama-3.3-70b-instruct'),
  },
});
