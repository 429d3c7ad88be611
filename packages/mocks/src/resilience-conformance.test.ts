import { createMockModel } from './mock-model.js';
import { runResilienceSuite } from './resilience-conformance.js';

runResilienceSuite({
  name: 'mock model',
  streamErrors: true,
  async setup() {
    const mock = createMockModel();
    return {
      target: mock,
      // The mock has no key to get wrong: a wrong key is scripted as the vendor's 401.
      createModel: (options) => (options?.apiKey ? createMockModel({ defaultScenario: { kind: 'error', error: 'authentication' } }).model : mock.model),
      checkHealth: () => mock.checkHealth(),
      close: async () => {},
    };
  },
});
