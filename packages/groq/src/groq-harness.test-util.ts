import { providerHarness, startFakeGroqServer } from '@llm/mocks';
import { createGroq } from './groq-factory.js';
import { createGroqProvider } from './groq-provider.js';

/** The groq provider against its fake vendor server, for the conformance, resilience and telemetry suites. */
export const groqHarness = providerHarness(startFakeGroqServer, (server, apiKey) => createGroqProvider({ apiKey, baseUrl: server.baseUrl }), 'llama-3.3-70b-versatile', createGroq);
