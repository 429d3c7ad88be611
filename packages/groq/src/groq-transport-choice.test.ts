import { startFakeGroqServer } from '@llm/mocks';
import { describeTransportChoice } from '@llm/mocks/conformance';
import { createGroqProvider } from './groq-provider.js';

describeTransportChoice({ startServer: startFakeGroqServer, makeModel: (server, settings) => createGroqProvider({ apiKey: server.apiKey, baseUrl: server.baseUrl, ...settings }).chatModel('llama-3.3-70b-versatile') });
