import { startFakeOpenRouterServer } from '@llm/mocks';
import { describeTransportChoice } from '@llm/mocks/conformance';
import { createOpenRouterProvider } from './openrouter-provider.js';

describeTransportChoice({ startServer: startFakeOpenRouterServer, makeModel: (server, settings) => createOpenRouterProvider({ apiKey: server.apiKey, baseUrl: server.baseUrl, ...settings }).chatModel('openai/gpt-4o-mini') });
