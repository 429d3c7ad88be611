import { runConformanceSuite } from '@llm/mocks/conformance';
import { groqHarness } from './groq-harness.test-util.js';

runConformanceSuite({
  name: 'groq',
  streamErrors: true,
  setup: groqHarness,
});
