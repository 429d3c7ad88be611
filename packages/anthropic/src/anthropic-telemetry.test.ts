import { runTelemetrySuite } from '@llm/mocks/conformance';
import { anthropicHarness } from './anthropic-harness.test-util.js';

runTelemetrySuite({
  name: 'anthropic',
  genAiProvider: 'anthropic',
  streamErrors: true,
  systemInstructions: 'separate',
  // The vendor reports tokens written to its prompt cache.
  cacheWrites: true,
  setup: anthropicHarness,
});
