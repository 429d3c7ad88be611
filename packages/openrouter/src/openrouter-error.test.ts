import { startFakeOpenRouterServer, type FakeServer } from '@llm/mocks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expectLLMError as failure } from '@llm/mocks/conformance';
import { createOpenRouterProvider } from './openrouter-provider.js';

const messages = [{ role: 'user' as const, content: 'hi' }];


describe('openrouter errors', () => {
  let server: FakeServer;
  beforeAll(async () => {
    server = await startFakeOpenRouterServer();
  });
  afterAll(() => server.close());
  beforeEach(() => server.reset());

  const model = () => createOpenRouterProvider({ apiKey: server.apiKey, baseUrl: server.baseUrl }).chatModel('openai/gpt-4o-mini');

  it('maps 402 (insufficient credits) to quota_exceeded, not retried', async () => {
    server.enqueue({ kind: 'error', error: 'quota_exceeded' });
    const err = await failure(model().chat({ messages }));
    expect(err.code).toBe('quota_exceeded');
    expect(err.status).toBe(402);
    expect(err.retryable).toBe(false);
    expect(err.message).toMatch(/credits/);
  });

  it('maps a 429 with the upstream’s words from metadata.raw in the message', async () => {
    server.enqueue({ kind: 'error', error: 'rate_limited', retryAfterSeconds: 3 });
    const err = await failure(model().chat({ messages }));
    expect(err.code).toBe('rate_limited');
    expect(err.retryAfterMs).toBe(3000);
    expect(err.message).toMatch(/Provider returned error: .*temporarily rate-limited upstream/);
  });

  it('maps a 403 moderation flag to content_filtered with the reasons, and another 403 to permission_denied', async () => {
    server.enqueue({ kind: 'error', error: 'content_filtered' }, { kind: 'error', error: 'permission_denied' });
    const flagged = await failure(model().chat({ messages }));
    expect(flagged.code).toBe('content_filtered');
    expect(flagged.details).toMatchObject({ reasons: ['harassment'], upstreamProvider: 'OpenAI' });
    const denied = await failure(model().chat({ messages }));
    expect(denied.code).toBe('permission_denied');
  });

  it('maps an in-stream error by its numeric code (503 → overloaded, retryable)', async () => {
    server.enqueue({ kind: 'stream-error', afterText: 'partial', error: 'overloaded' });
    const err = await failure(model().streamChat({ messages }).response);
    expect(err.code).toBe('overloaded');
    expect(err.status).toBe(503);
    expect(err.retryable).toBe(true);
  });

  it('checks health with an authenticated call (GET /key), since /models needs no key', async () => {
    const ok = await createOpenRouterProvider({ apiKey: server.apiKey, baseUrl: server.baseUrl }).checkHealth();
    expect(ok.status).toBe('healthy');
    const bad = await createOpenRouterProvider({ apiKey: 'sk-or-v1-wrongwrongwrongwrong', baseUrl: server.baseUrl }).checkHealth();
    expect(bad.status).toBe('unhealthy');
    expect(bad.error?.code).toBe('authentication');
    expect(JSON.stringify(bad)).not.toContain('wrongwrongwrongwrong');
  });
});
