import { runConformanceSuite } from '@llm/mocks/conformance';
import { openaiHarness } from './openai-harness.test-util.js';

runConformanceSuite({
  name: 'openai',
  streamErrors: true,
  // Chat Completions reports reasoning tokens, never reasoning text.
  reasoningText: false,
  setup: openaiHarness,
});
