import { describeRedirectSafety } from '@llm/mocks/conformance';
import { createOpenRouterProvider } from './openrouter-provider.js';

describeRedirectSafety({ makeModel: (origin, apiKey, headers) => createOpenRouterProvider({ apiKey, baseUrl: `${origin}/api/v1`, headers }).chatModel('openai/gpt-4o-mini') });
