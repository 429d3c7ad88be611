import { runResilienceSuite } from '@llm/mocks/conformance';
import { anthropicHarness } from './anthropic-harness.test-util.js';

runResilienceSuite({
  name: 'anthropic',
  streamErrors: true,
  setup: anthropicHarness,
});
