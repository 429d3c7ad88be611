import { runTelemetrySuite } from '@llm/mocks/conformance';
import { googleHarness } from './google-harness.test-util.js';

runTelemetrySuite({
  name: 'google',
  genAiProvider: 'gcp.gemini',
  // Google sends `data: {"error":{...}}` inside a stream; the SDK raises it as an ApiError.
  streamErrors: true,
  systemInstructions: 'separate',
  setup: googleHarness,
});
