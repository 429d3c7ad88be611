import { createMockModel } from './mock-model.js';
import { runTelemetrySuite } from './telemetry-conformance.js';

runTelemetrySuite({
  name: 'mock model',
  genAiProvider: 'mock',
  streamErrors: true,
  systemInstructions: 'in-history',
  // The vendor reports tokens written to its prompt cache.
  cacheWrites: true,
  async setup() {
    const mock = createMockModel();
    return {
      target: mock,
      createModel: () => mock.model,
      checkHealth: () => mock.checkHealth(),
      close: async () => {},
    };
  },
});
