import { describeSignalListeners } from '@llm/mocks/conformance';
import { googleHarness } from './google-harness.test-util.js';
import { createGoogleProvider } from './google-provider.js';

describeSignalListeners({ setup: googleHarness, provider: (server) => createGoogleProvider({ apiKey: server.apiKey, baseUrl: server.baseUrl }) });
