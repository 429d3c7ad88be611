import { runResilienceSuite } from '@llm/mocks';
import { groqHarness } from './groq-harness.test-util.js';

runResilienceSuite({
  name: 'groq',
  streamErrors: true,
  setup: groqHarness,
});
