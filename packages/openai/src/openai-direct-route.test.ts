import { startFakeOpenAIServer } from '@llm/mocks';
import { describeDirectRoute } from '@llm/mocks/conformance';
import OpenAI from 'openai';
import { createOpenAIProvider } from './openai-provider.js';

describeDirectRoute({
  startServer: startFakeOpenAIServer,
  makeModel: (server) => createOpenAIProvider({ apiKey: server.apiKey, baseUrl: server.baseUrl, headers: { 'x-team': 'blue' } }).chatModel('gpt-4o-mini'),
  sdkPrototype: OpenAI.prototype,
  path: '/v1/chat/completions',
  headers: { 'x-team': 'blue' },
});
