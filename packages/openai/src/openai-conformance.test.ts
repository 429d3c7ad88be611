import { runConformanceSuite } from '@llm/mocks';
import { openaiHarness } from './openai-harness.test-util.js';

runConformanceSuite({
  name: 'openai',
  streamErrors: true,
  setup: openaiHarness,
});
