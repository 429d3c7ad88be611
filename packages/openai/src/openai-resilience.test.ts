import { runResilienceSuite } from '@llm/mocks/conformance';
import { openaiHarness } from './openai-harness.test-util.js';

runResilienceSuite({
  name: 'openai',
  streamErrors: true,
  setup: openaiHarness,
});
