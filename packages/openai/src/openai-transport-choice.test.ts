import { startFakeOpenAIServer } from '@llm/mocks';
import { describeTransportChoice } from '@llm/mocks/conformance';
import { createOpenAIProvider } from './openai-provider.js';

describeTransportChoice({ startServer: startFakeOpenAIServer, makeModel: (server, settings) => createOpenAIProvider({ apiKey: server.apiKey, baseUrl: server.baseUrl, ...settings }).chatModel('gpt-4o-mini') });
