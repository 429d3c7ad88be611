import { runResilienceSuite } from '@llm/mocks';
import { openaiHarness } from './openai-harness.test-util.js';

runResilienceSuite({
  name: 'openai',
  streamErrors: true,
  setup: openaiHarness,
});
