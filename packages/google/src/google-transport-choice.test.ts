import { startFakeGoogleServer } from '@llm/mocks';
import { describeTransportChoice } from '@llm/mocks/conformance';
import { createGoogleProvider } from './google-provider.js';

describeTransportChoice({ startServer: startFakeGoogleServer, makeModel: (server, settings) => createGoogleProvider({ apiKey: server.apiKey, baseUrl: server.baseUrl, ...settings }).chatModel('gemini-2.5-flash') });
