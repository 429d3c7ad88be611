import { describeSignalListeners } from '@llm/mocks/conformance';
import { openaiHarness } from './openai-harness.test-util.js';
import { createOpenAIProvider } from './openai-provider.js';

describeSignalListeners({
  setup: openaiHarness,
  provider: (server) => createOpenAIProvider({ apiKey: server.apiKey, baseUrl: server.baseUrl }),
  routes: {
    // directFetch unset: every request goes through the SDK's own pipeline, as for a client with retries of the SDK's own.
    "the SDK's own route": (server) => createOpenAIProvider({ apiKey: server.apiKey, baseUrl: server.baseUrl }, { directFetch: undefined }).chatModel('gpt-4o-mini'),
  },
});
