import { providerHarness, startFakeAnthropicServer } from '@llm/mocks';
import { createAnthropic } from './anthropic-factory.js';
import { createAnthropicProvider } from './anthropic-provider.js';

/** The anthropic provider against its fake vendor server, for the conformance, resilience and telemetry suites. */
export const anthropicHarness = providerHarness(startFakeAnthropicServer, (server, apiKey) => createAnthropicProvider({ apiKey, baseUrl: server.baseUrl }), 'claude-haiku-4-5', createAnthropic);
