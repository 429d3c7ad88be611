import { startFakeOpenRouterServer } from '@llm/mocks';
import { describeDirectRoute } from '@llm/mocks/conformance';
import OpenAI from 'openai';
import { createOpenRouterProvider } from './openrouter-provider.js';

describeDirectRoute({
  startServer: startFakeOpenRouterServer,
  makeModel: (server) => createOpenRouterProvider({ apiKey: server.apiKey, baseUrl: server.baseUrl, appName: 'Bench', appUrl: 'https://example.test' }).chatModel('openai/gpt-4o-mini'),
  sdkPrototype: OpenAI.prototype,
  path: '/api/v1/chat/completions',
  headers: { 'X-Title': 'Bench', 'HTTP-Referer': 'https://example.test' },
});
