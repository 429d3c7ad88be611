import { runConformanceSuite } from '@llm/mocks/conformance';
import { anthropicHarness } from './anthropic-harness.test-util.js';

runConformanceSuite({
  name: 'anthropic',
  streamErrors: true,
  setup: anthropicHarness,
});
