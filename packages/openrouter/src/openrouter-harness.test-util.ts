import { providerHarness, startFakeOpenRouterServer } from '@llm/mocks';
import { createOpenRouter } from './openrouter-factory.js';
import { createOpenRouterProvider } from './openrouter-provider.js';

/** The openrouter provider against its fake vendor server, for the conformance, resilience and telemetry suites. */
export const openrouterHarness = providerHarness(startFakeOpenRouterServer, (server, apiKey) => createOpenRouterProvider({ apiKey, baseUrl: server.baseUrl }), 'meta-llama/llama-3.3-70b-instruct', createOpenRouter);
