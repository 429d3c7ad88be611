import { describeSignalListeners } from '@llm/mocks/conformance';
import { googleHarness } from './google-harness.test-util.js';

describeSignalListeners({ setup: googleHarness });
