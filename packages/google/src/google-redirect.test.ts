import { describeRedirectSafety } from '@llm/mocks/conformance';
import { createGoogleProvider } from './google-provider.js';

describeRedirectSafety({ makeModel: (origin, apiKey, headers) => createGoogleProvider({ apiKey, baseUrl: origin, headers }).chatModel('gemini-2.0-flash') });
