import { describeRedirectSafety } from '@llm/mocks/conformance';
import { createOpenAIProvider } from './openai-provider.js';

describeRedirectSafety({ makeModel: (origin, apiKey, headers) => createOpenAIProvider({ apiKey, baseUrl: `${origin}/v1`, headers }).chatModel('gpt-4o-mini') });
