import { runConformanceSuite } from '@llm/mocks';
import { anthropicHarness } from './anthropic-harness.test-util.js';

runConformanceSuite({
  name: 'anthropic',
  streamErrors: true,
  setup: anthropicHarness,
});
