import { startFakeOpenAIServer, type FakeServer } from '@llm/mocks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpenAI } from './openai-factory.js';

describe('keep-alive', () => {
  let server: FakeServer;
  beforeAll(async () => {
    server = await startFakeOpenAIServer();
  });
  afterAll(() => server.close());

  const client = (keepAlive: boolean) =>
    createOpenAI({ apiKey: server.apiKey, baseUrl: server.baseUrl, keepAlive, logging: { level: 'silent' } });

  it('reuses connections by default', async () => {
    await client(true).chat({ messages: [{ role: 'user', content: 'hi' }] });
    expect(server.lastRequest().headers.connection).not.toBe('close');
  });

  it('asks for a fresh connection per request with keepAlive: false', async () => {
    await client(false).chat({ messages: [{ role: 'user', content: 'hi' }] });
    expect(server.lastRequest().headers.connection).toBe('close');
  });
});
