import { createMockModel } from './mock-model.js';
import { runConformanceSuite } from './conformance-suite.js';

runConformanceSuite({
  name: 'mock model',
  streamErrors: true,
  // The mock model has no provider factory nor client stack of its own; the providers run this part.
  hostileCaller: false,
  async setup() {
    const mock = createMockModel();
    return {
      target: mock,
      // The mock has no key to get wrong: a wrong key is scripted as the vendor's 401.
      createModel: (options) => {
        if (options?.apiKey) {
          const bad = createMockModel({ defaultScenario: { kind: 'error', error: 'authentication' } });
          return bad.model;
        }
        return mock.model;
      },
      checkHealth: async (options) =>
        options?.apiKey
          ? { provider: 'mock', status: 'unhealthy', latencyMs: 0, checkedAt: new Date().toISOString(), error: { code: 'authentication', message: 'mock: wrong key' } }
          : mock.checkHealth(),
      close: async () => {},
    };
  },
});
