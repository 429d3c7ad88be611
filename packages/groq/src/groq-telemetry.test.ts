import { runTelemetrySuite } from '@llm/mocks/conformance';
import { groqHarness } from './groq-harness.test-util.js';

runTelemetrySuite({
  name: 'groq',
  genAiProvider: 'groq',
  streamErrors: true,
  systemInstructions: 'in-history',
  setup: groqHarness,
});
