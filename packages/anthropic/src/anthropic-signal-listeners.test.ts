import { describeSignalListeners } from '@llm/mocks/conformance';
import { anthropicHarness } from './anthropic-harness.test-util.js';

describeSignalListeners({ setup: anthropicHarness });
