import { describeRedirectSafety } from '@llm/mocks/conformance';
import { createAnthropicProvider } from './anthropic-provider.js';

describeRedirectSafety({ makeModel: (origin, apiKey, headers) => createAnthropicProvider({ apiKey, baseUrl: origin, headers }).chatModel('claude-haiku-4-5') });
