import { runTelemetrySuite } from '@llm/mocks';
import { openrouterHarness } from './openrouter-harness.test-util.js';

runTelemetrySuite({
  name: 'openrouter',
  genAiProvider: 'openrouter',
  streamErrors: true,
  setup: openrouterHarness,
});
