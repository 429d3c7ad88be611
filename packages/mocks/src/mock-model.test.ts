import { createMockModel } from './mock-model.js';
import { runConformanceSuite } from './conformance-suite.js';

runConformanceSuite({
  name: 'mock model',
  streamErrors: true,
  // The mock model is ours: it has no wire format to break.
  hostileVendor: false,
  // The mock model has no provider factory nor client stack of its own; the providers run this part.
  hostileCaller: false,
  async setup() {
    const mock = createMockModel();
    return {
      target: mock,
      // A wrong key is refused by the mock itself, as a vendor's 401.
      createModel: (options) => (options?.apiKey ? mock.modelWithKey(options.apiKey) : mock.model),
      checkHealth: (options) => mock.checkHealth(options),
      close: async () => {},
    };
  },
});
