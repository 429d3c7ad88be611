import { runResilienceSuite } from '@llm/mocks/conformance';
import { openrouterHarness } from './openrouter-harness.test-util.js';

runResilienceSuite({
  name: 'openrouter',
  streamErrors: true,
  setup: openrouterHarness,
});
