import { runConformanceSuite } from '@llm/mocks/conformance';
import { openrouterHarness } from './openrouter-harness.test-util.js';

runConformanceSuite({
  name: 'openrouter',
  streamErrors: true,
  setup: openrouterHarness,
});
