import { groqErrorReply, groqUsage, startFakeGroqServer, startFakeOpenAIServer, type FakeServer } from '@llm/mocks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expectLLMError as failure } from '@llm/mocks/conformance';
import { createGroqProvider } from './groq-provider.js';

const messages = [{ role: 'user' as const, content: 'call the tool' }];
const failedGeneration = '{"name": "get_something_by_name", "arguments": {\n  "foo": "bar"\n}}';
const toolUseFailed = {
  message:
    "Tool call validation failed: tool call validation failed: parameters for tool get_something_by_name did not match schema: errors: [missing properties: 'name', additionalProperties 'foo' not allowed]",
  type: 'invalid_request_error',
  code: 'tool_use_failed',
  failed_generation: failedGeneration,
};


describe('groq errors', () => {
  let groq: FakeServer;
  /** Groq's wire format with the odd errors scripted in: tool_use_failed (HTTP and in-stream) and 498. */
  let odd: FakeServer;

  beforeAll(async () => {
    groq = await startFakeGroqServer();
    odd = await startFakeOpenAIServer({
      vendor: 'groq',
      basePath: '/openai/v1',
      usage: (u) => groqUsage(u),
      errorReply: (kind, message, retryAfterSeconds) => {
        if (kind === 'invalid_request') return { status: 400, body: { error: toolUseFailed } };
        if (kind === 'overloaded') return { status: 498, body: { error: { message: 'Flex tier capacity exceeded. This is a known issue.', type: 'capacity_exceeded', code: 'capacity_exceeded' } } };
        return groqErrorReply(kind, message, retryAfterSeconds);
      },
      streamErrorFrames: (reply) => [`event: error\ndata: ${JSON.stringify({ error: { ...(reply.body.error as object), status_code: reply.status } })}\n\n`],
    });
  });
  afterAll(async () => {
    await groq.close();
    await odd.close();
  });
  beforeEach(() => {
    groq.reset();
    odd.reset();
  });

  const model = (s: FakeServer) => createGroqProvider({ apiKey: s.apiKey, baseUrl: s.baseUrl }).chatModel('openai/gpt-oss-120b');

  it('maps tool_use_failed (400) to malformed_response with the failed generation as rawText', async () => {
    odd.enqueue({ kind: 'error', error: 'invalid_request' });
    const err = await failure(model(odd).chat({ messages }));
    expect(err.code).toBe('malformed_response');
    expect(err.status).toBe(400);
    expect(err.retryable).toBe(false);
    expect(err.rawText).toBe(failedGeneration);
    expect(err.message).toMatch(/did not match schema/);
    expect(err.details).toMatchObject({ vendorCode: 'tool_use_failed' });
    expect(err.provider).toBe('groq');
  });

  it('maps tool_use_failed sent as `event: error` inside a stream the same way, after the text so far', async () => {
    odd.enqueue({ kind: 'stream-error', afterText: 'Let me call it', error: 'invalid_request' });
    const texts: string[] = [];
    const err = await failure(
      (async () => {
        for await (const e of model(odd).streamChat({ messages })) if (e.type === 'text-delta') texts.push(e.text);
      })(),
    );
    expect(texts.join('')).toBe('Let me call it');
    expect(err.code).toBe('malformed_response');
    expect(err.rawText).toBe(failedGeneration);
    expect(err.status).toBe(400);
  });

  it('maps a 503 sent inside a stream by its status_code', async () => {
    groq.enqueue({ kind: 'stream-error', afterText: 'partial', error: 'overloaded' });
    const err = await failure(model(groq).streamChat({ messages }).response);
    expect(err.code).toBe('overloaded');
    expect(err.status).toBe(503);
    expect(err.retryable).toBe(true);
  });

  it('maps model_not_found (404) to not_found', async () => {
    groq.enqueue({ kind: 'error', error: 'not_found' });
    const err = await failure(model(groq).chat({ messages }));
    expect(err.code).toBe('not_found');
    expect(err.status).toBe(404);
    expect(err.details).toMatchObject({ vendorCode: 'model_not_found' });
  });

  it('maps 498 (flex tier capacity exceeded) to a retryable overloaded', async () => {
    odd.enqueue({ kind: 'error', error: 'overloaded' });
    const err = await failure(model(odd).chat({ messages }));
    expect(err.code).toBe('overloaded');
    expect(err.status).toBe(498);
    expect(err.retryable).toBe(true);
  });

  it('reads retry-after and the rate-limit headers of a 429', async () => {
    groq.enqueue({ kind: 'error', error: 'rate_limited', retryAfterSeconds: 7 });
    const err = await failure(model(groq).chat({ messages }));
    expect(err.code).toBe('rate_limited');
    expect(err.retryAfterMs).toBe(7000);
    expect(err.details?.rateLimit).toMatchObject({ tokens: { remaining: 0, resetMs: 7000 }, requests: { limit: 14400 } });
  });
});
