import { describeSignalListeners } from '@llm/mocks/conformance';
import { groqHarness } from './groq-harness.test-util.js';
import { createGroqProvider } from './groq-provider.js';

describeSignalListeners({
  setup: groqHarness,
  provider: (server) => createGroqProvider({ apiKey: server.apiKey, baseUrl: server.baseUrl }),
  routes: {
    // directFetch unset: every request goes through the openai SDK's own pipeline (@llm/openai's compatible transport).
    "the SDK's own route": (server) => createGroqProvider({ apiKey: server.apiKey, baseUrl: server.baseUrl }, { directFetch: undefined }).chatModel('llama-3.3-70b-versatile'),
  },
});
