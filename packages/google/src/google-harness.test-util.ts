import { providerHarness, startFakeGoogleServer } from '@llm/mocks';
import { createGoogle } from './google-factory.js';
import { createGoogleProvider } from './google-provider.js';

/** The google provider against its fake vendor server, for the conformance, resilience and telemetry suites. */
export const googleHarness = providerHarness(startFakeGoogleServer, (server, apiKey) => createGoogleProvider({ apiKey, baseUrl: server.baseUrl }), 'gemini-2.0-flash', createGoogle);
