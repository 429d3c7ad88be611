import { runResilienceSuite } from '@llm/mocks/conformance';
import { groqHarness } from './groq-harness.test-util.js';

runResilienceSuite({
  name: 'groq',
  streamErrors: true,
  setup: groqHarness,
});
