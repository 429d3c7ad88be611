import { runTelemetrySuite } from '@llm/mocks/conformance';
import { openaiHarness } from './openai-harness.test-util.js';

runTelemetrySuite({
  name: 'openai',
  genAiProvider: 'openai',
  streamErrors: true,
  systemInstructions: 'in-history',
  setup: openaiHarness,
});
