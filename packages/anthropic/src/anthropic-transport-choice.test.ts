import { startFakeAnthropicServer } from '@llm/mocks';
import { describeTransportChoice } from '@llm/mocks/conformance';
import { createAnthropicProvider } from './anthropic-provider.js';

describeTransportChoice({ startServer: startFakeAnthropicServer, makeModel: (server, settings) => createAnthropicProvider({ apiKey: server.apiKey, baseUrl: server.baseUrl, ...settings }).chatModel('claude-haiku-4-5') });
