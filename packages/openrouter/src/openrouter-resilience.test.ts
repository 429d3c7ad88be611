import { runResilienceSuite } from '@llm/mocks';
import { openrouterHarness } from './openrouter-harness.test-util.js';

runResilienceSuite({
  name: 'openrouter',
  streamErrors: true,
  setup: openrouterHarness,
});
