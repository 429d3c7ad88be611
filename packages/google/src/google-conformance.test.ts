import { runConformanceSuite } from '@llm/mocks/conformance';
import { googleHarness } from './google-harness.test-util.js';

runConformanceSuite({
  name: 'google',
  // Google sends `data: {"error":{...}}` inside a stream; the SDK raises it as an ApiError.
  streamErrors: true,
  // Gemini sends each function call whole: a reply at its limit never holds half a call.
  cutsToolCalls: false,
  setup: googleHarness,
});
