import { describeSignalListeners } from '@llm/mocks/conformance';
import { anthropicHarness } from './anthropic-harness.test-util.js';
import { createAnthropicProvider } from './anthropic-provider.js';

describeSignalListeners({ setup: anthropicHarness, provider: (server) => createAnthropicProvider({ apiKey: server.apiKey, baseUrl: server.baseUrl }) });
