import Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { mapAnthropicError } from './anthropic-error.js';

const ctx = { provider: 'anthropic', model: 'claude-haiku-4-5' };
const now = Date.parse('2026-11-22T10:00:00Z');

function apiError(status: number | undefined, type: string, message: string, headers: Record<string, string> = {}) {
  const body = { type: 'error', error: { type, message }, request_id: 'req_011Cabc' };
  return Anthropic.APIError.generate(status, body, undefined, new Headers({ 'request-id': 'req_011Cabc', ...headers }));
}

describe('mapAnthropicError', () => {
  it('maps 529 overloaded_error to a retryable overloaded', () => {
    const err = mapAnthropicError(apiError(529, 'overloaded_error', 'Overloaded'), ctx, now);
    expect(err).toMatchObject({ code: 'overloaded', retryable: true, status: 529, requestId: 'req_011Cabc', provider: 'anthropic' });
  });

  it('maps "prompt is too long" to context_length_exceeded', () => {
    const err = mapAnthropicError(apiError(400, 'invalid_request_error', 'prompt is too long: 208310 tokens > 200000 maximum'), ctx, now);
    expect(err.code).toBe('context_length_exceeded');
    expect(err.retryable).toBe(false);
  });

  it('reads retry-after on a 429', () => {
    const err = mapAnthropicError(apiError(429, 'rate_limit_error', 'rate limited', { 'retry-after': '7' }), ctx, now);
    expect(err).toMatchObject({ code: 'rate_limited', retryAfterMs: 7000, retryable: true });
  });

  it('without retry-after, waits for the exhausted anthropic-ratelimit window', () => {
    const err = mapAnthropicError(
      apiError(429, 'rate_limit_error', 'rate limited', {
        'anthropic-ratelimit-requests-limit': '50',
        'anthropic-ratelimit-requests-remaining': '0',
        'anthropic-ratelimit-requests-reset': '2026-11-22T10:00:12Z',
      }),
      ctx,
      now,
    );
    expect(err.retryAfterMs).toBe(12_000);
    expect(err.details?.rateLimit).toMatchObject({ requests: { limit: 50, remaining: 0, resetMs: 12_000 } });
  });

  it('reads the input- and output-token windows too', () => {
    const err = mapAnthropicError(
      apiError(429, 'rate_limit_error', 'rate limited', {
        'anthropic-ratelimit-output-tokens-remaining': '0',
        'anthropic-ratelimit-output-tokens-reset': '2026-11-22T10:00:30Z',
      }),
      ctx,
      now,
    );
    expect(err.retryAfterMs).toBe(30_000);
  });

  it.each([
    [401, 'authentication_error', 'invalid x-api-key', 'authentication'],
    [403, 'permission_error', 'no access', 'permission_denied'],
    [404, 'not_found_error', 'model: claude-x', 'not_found'],
    [500, 'api_error', 'Internal server error', 'provider_error'],
    [413, 'request_too_large', 'Request exceeds the maximum allowed number of bytes.', 'invalid_request'],
    [400, 'invalid_request_error', 'Your credit balance is too low to access the Anthropic API.', 'quota_exceeded'],
    [402, 'billing_error', 'Payment required', 'quota_exceeded'],
    [504, 'timeout_error', 'Request timed out', 'timeout'],
    [400, 'invalid_request_error', 'messages: roles must alternate', 'invalid_request'],
  ])('HTTP %s %s -> %s', (status, type, message, code) => {
    const err = mapAnthropicError(apiError(status, type, message), ctx, now);
    expect(err.code).toBe(code);
    expect(err.message).toContain(` ${code}: `);
    expect(err.message).toContain(message);
  });

  it('maps an error event inside a stream (no status) by its type', () => {
    const err = mapAnthropicError(new Anthropic.APIError(undefined, { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }, undefined, new Headers()), ctx, now);
    expect(err.code).toBe('overloaded');
    expect(err.status).toBeUndefined();
  });

  it('maps aborts, timeouts and connection failures', () => {
    expect(mapAnthropicError(new Anthropic.APIUserAbortError(), ctx).code).toBe('canceled');
    expect(mapAnthropicError(new Anthropic.APIConnectionTimeoutError(), ctx).code).toBe('timeout');
    expect(mapAnthropicError(new Anthropic.APIConnectionError({ cause: new Error('ECONNREFUSED') }), ctx)).toMatchObject({ code: 'network', retryable: true });
  });

  it('explains the SDK refusing a long non-streaming call', () => {
    const err = mapAnthropicError(new Anthropic.AnthropicError('Streaming is required for operations that may take longer than 10 minutes.'), ctx);
    expect(err.code).toBe('invalid_request');
    expect(err.message).toMatch(/maxTokens/);
  });
});
