import { startFakeGroqServer } from '@llm/mocks';
import { describeDirectRoute } from '@llm/mocks/conformance';
import OpenAI from 'openai';
import { createGroqProvider } from './groq-provider.js';

describeDirectRoute({
  startServer: startFakeGroqServer,
  makeModel: (server) => createGroqProvider({ apiKey: server.apiKey, baseUrl: server.baseUrl }).chatModel('llama-3.3-70b-versatile'),
  sdkPrototype: OpenAI.prototype,
  path: '/openai/v1/chat/completions',
});
