import { runConformanceSuite } from '@llm/mocks/conformance';
import { googleHarness } from './google-harness.test-util.js';

runConformanceSuite({
  name: 'google',
  // Google sends `data: {"error":{...}}` inside a stream; the SDK raises it as an ApiError.
  streamErrors: true,
  setup: googleHarness,
});
