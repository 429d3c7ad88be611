import { providerHarness, startFakeOpenAIServer } from '@llm/mocks';
import { createOpenAI } from './openai-factory.js';
import { createOpenAIProvider } from './openai-provider.js';

/** The openai provider against its fake vendor server, for the conformance, resilience and telemetry suites. */
export const openaiHarness = providerHarness(startFakeOpenAIServer, (server, apiKey) => createOpenAIProvider({ apiKey, baseUrl: server.baseUrl }), 'gpt-4o-mini', createOpenAI);
