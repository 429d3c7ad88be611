import type { ScriptedErrorKind } from '@llm/mocks';
import OpenAI from 'openai';
import { beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './gateway-process.js';
import { useGatewayWithFakeVendors } from './gateway-with-fake-vendors.js';

/** Reads an SSE reply as text, to see exactly what the gateway sent (and what it did not). */
async function rawStream(url: string, body: Record<string, unknown>): Promise<{ status: number; text: string }> {
  const res = await fetch(`${url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...body, stream: true }) });
  return { status: res.status, text: await res.text() };
}

describe('upstream faults through the gateway', () => {
  const setup = useGatewayWithFakeVendors({
    config: `
defaults:
  retry: { maxRetries: 0 }
  circuitBreaker: { enabled: false }
  timeout: 4s
  # Generous enough for a loaded machine (a slow first chunk is not a stall); short enough to wait for.
  timeouts: { firstChunk: 3s, idle: 1s }
models:
  fast: openai:gpt-4o-mini
  smart:
    fallback: [openai:gpt-4o, anthropic:claude-haiku-4-5]
`,
  });
  let client: OpenAI;
  beforeAll(() => {
    client = setup.openaiClient();
  });

  const cases: Array<[ScriptedErrorKind, number, string, boolean | undefined]> = [
    ['invalid_request', 400, 'invalid_request_error', false],
    ['context_length_exceeded', 400, 'invalid_request_error', false],
    ['content_filtered', 400, 'invalid_request_error', false],
    ['not_found', 404, 'not_found_error', false],
    ['authentication', 502, 'api_error', false],
    ['permission_denied', 502, 'api_error', false],
    ['quota_exceeded', 502, 'api_error', false],
    ['provider_error', 502, 'api_error', undefined],
    ['overloaded', 503, 'api_error', undefined],
  ];
  for (const [kind, status, type, shouldRetry] of cases) {
    it(`maps an upstream ${kind} to ${status}`, async () => {
      setup.openai.enqueue({ kind: 'error', error: kind });
      const err = (await client.chat.completions.create({ model: 'fast', messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e)) as InstanceType<typeof OpenAI.APIError>;
      expect(err).toBeInstanceOf(OpenAI.APIError);
      expect(err.status).toBe(status);
      expect((err.error as { type: string; code: string }).type).toBe(type);
      expect((err.error as { code: string }).code).toBe(kind);
      expect(err.headers?.get('x-should-retry') ?? undefined).toBe(shouldRetry === undefined ? undefined : String(shouldRetry));
    });
  }

  it('maps an upstream 429 to 429 with its retry-after, for JSON and for a stream that had not started', async () => {
    setup.openai.enqueue({ kind: 'error', error: 'rate_limited', retryAfterSeconds: 2 });
    const err = (await client.chat.completions.create({ model: 'fast', messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e)) as InstanceType<typeof OpenAI.APIError>;
    expect(err).toBeInstanceOf(OpenAI.RateLimitError);
    expect(err.headers?.get('retry-after-ms')).toBe('2000');
    expect(err.headers?.get('retry-after')).toBe('2');

    setup.openai.enqueue({ kind: 'error', error: 'rate_limited', retryAfterSeconds: 3 });
    const streamErr = (await client.chat.completions.create({ model: 'fast', messages: [{ role: 'user', content: 'x' }], stream: true }).catch((e: unknown) => e)) as InstanceType<typeof OpenAI.APIError>;
    expect(streamErr).toBeInstanceOf(OpenAI.RateLimitError);
    expect(streamErr.headers?.get('retry-after-ms')).toBe('3000');
  });

  it('answers 504 when the upstream never answers (JSON) or never starts a stream', async () => {
    setup.openai.enqueue({ kind: 'text', text: 'late', fault: { kind: 'stall', afterChunks: 0 } });
    const err = (await client.chat.completions.create({ model: 'fast', messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e)) as InstanceType<typeof OpenAI.APIError>;
    expect(err.status).toBe(504);
    setup.openai.enqueue({ kind: 'text', text: 'late', fault: { kind: 'stall', afterChunks: 0 } });
    const streamErr = (await client.chat.completions.create({ model: 'fast', messages: [{ role: 'user', content: 'x' }], stream: true }).catch((e: unknown) => e)) as InstanceType<typeof OpenAI.APIError>;
    expect(streamErr.status).toBe(504);
    await eventually(() => setup.openai.abortedRequests === 2);
  });

  it('ends a stream cut after content with an error event and no [DONE], never a made-up finish', async () => {
    setup.openai.enqueue({ kind: 'text', text: 'a b c d e f g h', fault: { kind: 'cut', afterChunks: 3 } });
    const { status, text } = await rawStream(setup.gateway.url, { model: 'fast', messages: [{ role: 'user', content: 'x' }] });
    expect(status).toBe(200);
    expect(text).toContain('"content":"a "');
    expect(text).toMatch(/data: \{"error":\{"message":"[^"]*","type":"api_error","param":null,"code":"network"\}\}\n\n$/);
    expect(text).not.toContain('[DONE]');
    expect(text).not.toContain('"finish_reason":"stop"');

    setup.openai.enqueue({ kind: 'text', text: 'a b c d e f g h', fault: { kind: 'cut', afterChunks: 3 } });
    const stream = await client.chat.completions.create({ model: 'fast', messages: [{ role: 'user', content: 'x' }], stream: true });
    const got: string[] = [];
    const err = await (async () => {
      for await (const chunk of stream) got.push(chunk.choices[0]?.delta.content ?? '');
    })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.APIError);
    expect(got.join('')).toBe('a b ');
  });

  it('ends a stalled stream with a timeout error event', async () => {
    setup.openai.enqueue({ kind: 'text', text: 'a b c d', fault: { kind: 'stall', afterChunks: 2 } });
    const { status, text } = await rawStream(setup.gateway.url, { model: 'fast', messages: [{ role: 'user', content: 'x' }] });
    expect(status).toBe(200);
    expect(text).toContain('"content":"a "');
    expect(text).toMatch(/"code":"timeout"\}\}\n\n$/);
    expect(text).not.toContain('[DONE]');
    // The one upstream request is closed, and no second attempt was made (the fake server's count is
    // this test's alone: a cut reply of an earlier test that closes late is not counted after reset()).
    await eventually(() => setup.openai.abortedRequests >= 1);
    expect(setup.openai.abortedRequests).toBe(1);
    expect(setup.openai.requests).toHaveLength(1);
  });

  it('relays an error the vendor sent inside the stream as an error event', async () => {
    setup.openai.enqueue({ kind: 'stream-error', afterText: 'partial answer', error: 'overloaded' });
    const { text } = await rawStream(setup.gateway.url, { model: 'fast', messages: [{ role: 'user', content: 'x' }] });
    expect(text).toContain('"content":"partial "');
    expect(text).toMatch(/"code":"overloaded"\}\}\n\n$/);
    expect(text).not.toContain('[DONE]');
  });

  it('falls back before the first chunk, invisibly: JSON and stream', async () => {
    setup.openai.enqueue({ kind: 'error', error: 'overloaded' });
    setup.anthropic.enqueue({ kind: 'text', text: 'from the backup' });
    const reply = await client.chat.completions.create({ model: 'smart', messages: [{ role: 'user', content: 'x' }], max_tokens: 30 }).withResponse();
    expect(reply.data.choices[0]!.message.content).toBe('from the backup');
    expect(reply.response.headers.get('x-llm-model')).toMatch(/^anthropic:claude-haiku-4-5/);

    setup.openai.enqueue({ kind: 'text', text: 'never', fault: { kind: 'stall', afterChunks: 0 } });
    setup.anthropic.enqueue({ kind: 'text', text: 'backup stream here' });
    const stream = await client.chat.completions.create({ model: 'smart', messages: [{ role: 'user', content: 'x' }], max_tokens: 30, stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('backup stream here');
    expect(setup.openai.requests).toHaveLength(2);
    expect(setup.anthropic.requests).toHaveLength(2);
  });

  it('does not fall back once content has reached the client', async () => {
    setup.openai.enqueue({ kind: 'text', text: 'a b c d e f', fault: { kind: 'cut', afterChunks: 2 } });
    const { text } = await rawStream(setup.gateway.url, { model: 'smart', messages: [{ role: 'user', content: 'x' }], max_tokens: 30 });
    expect(text).toContain('"content":"a "');
    expect(text).toMatch(/"code":"network"\}\}\n\n$/);
    expect(setup.anthropic.requests).toHaveLength(0);
  });

  it('stops the upstream call at once when the client goes away mid-stream', async () => {
    setup.openai.enqueue({ kind: 'text', text: Array.from({ length: 200 }, (_, i) => `w${i}`).join(' '), fault: { kind: 'slow-chunks', delayMs: 100 } });
    const controller = new AbortController();
    const stream = await client.chat.completions.create({ model: 'fast', messages: [{ role: 'user', content: 'x' }], stream: true }, { signal: controller.signal });
    let seen = 0;
    const started = Date.now();
    await (async () => {
      for await (const chunk of stream) {
        if (chunk.choices[0]?.delta.content) seen++;
        if (seen === 2) controller.abort();
      }
    })().catch(() => undefined);
    await eventually(() => setup.openai.abortedRequests === 1);
    // 200 chunks at 100 ms would take 20 s: the upstream was stopped long before the stream's end.
    expect(Date.now() - started).toBeLessThan(10_000);
    await eventually(() => setup.gateway.accessLog().some((l) => l.error === 'canceled'));
  });
});
