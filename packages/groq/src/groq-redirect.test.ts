import { describeRedirectSafety } from '@llm/mocks/conformance';
import { createGroqProvider } from './groq-provider.js';

describeRedirectSafety({ makeModel: (origin, apiKey, headers) => createGroqProvider({ apiKey, baseUrl: `${origin}/openai/v1`, headers }).chatModel('llama-3.3-70b-versatile') });
