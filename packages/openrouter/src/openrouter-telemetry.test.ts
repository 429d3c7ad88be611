import { runTelemetrySuite } from '@llm/mocks/conformance';
import { openrouterHarness } from './openrouter-harness.test-util.js';

runTelemetrySuite({
  name: 'openrouter',
  genAiProvider: 'openrouter',
  streamErrors: true,
  systemInstructions: 'in-history',
  setup: openrouterHarness,
});
