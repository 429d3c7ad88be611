import { describe, expect, it } from 'vitest';
import { errorFromHttp, readVendorErrorBody } from './http-error.js';

const openai = (message: string, type: string, code: string | null) => ({ error: { message, type, param: null, code } });

describe('errorFromHttp', () => {
  it.each([
    [401, openai('Incorrect API key provided', 'invalid_request_error', 'invalid_api_key'), 'authentication'],
    [403, openai('Country not supported', 'request_forbidden', 'unsupported_country_region_territory'), 'permission_denied'],
    [404, openai('The model does not exist', 'invalid_request_error', 'model_not_found'), 'not_found'],
    [400, openai("This model's maximum context length is 128000 tokens.", 'invalid_request_error', 'context_length_exceeded'), 'context_length_exceeded'],
    [400, openai('Unsupported parameter', 'invalid_request_error', 'unsupported_parameter'), 'invalid_request'],
    [400, openai('filtered', 'invalid_request_error', 'content_filter'), 'content_filtered'],
    [429, openai('Rate limit reached', 'requests', 'rate_limit_exceeded'), 'rate_limited'],
    [429, openai('You exceeded your current quota', 'insufficient_quota', 'insufficient_quota'), 'quota_exceeded'],
    [402, { error: { code: 402, message: 'Insufficient credits' } }, 'quota_exceeded'],
    [500, openai('server had an error', 'server_error', null), 'provider_error'],
    [503, openai('overloaded', 'server_error', null), 'overloaded'],
    [529, { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }, 'overloaded'],
    [400, { type: 'error', error: { type: 'invalid_request_error', message: 'prompt is too long: 210000 tokens > 200000 maximum' } }, 'context_length_exceeded'],
    [429, { error: { code: 429, message: 'Resource has been exhausted', status: 'RESOURCE_EXHAUSTED' } }, 'rate_limited'],
    [504, 'Gateway Timeout', 'timeout'],
  ] as const)('HTTP %i %j -> %s', (status, body, code) => {
    expect(errorFromHttp({ status, body, provider: 'p' }).code).toBe(code);
  });

  it('reads retry-after-ms before retry-after', () => {
    const err = errorFromHttp({ status: 429, headers: { 'retry-after-ms': '250', 'retry-after': '3' }, body: {} });
    expect(err.retryAfterMs).toBe(250);
  });

  it('reads retry-after in seconds and as an HTTP date', () => {
    expect(errorFromHttp({ status: 429, headers: { 'retry-after': '2' } }).retryAfterMs).toBe(2000);
    const now = Date.parse('2026-01-01T00:00:00Z');
    const err = errorFromHttp({ status: 503, headers: { 'retry-after': 'Thu, 01 Jan 2026 00:00:05 GMT' }, now });
    expect(err.retryAfterMs).toBe(5000);
  });

  it('falls back to the reset header of an exhausted rate-limit window', () => {
    const headers = new Headers({ 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '6m0s', 'x-ratelimit-remaining-tokens': '100', 'x-ratelimit-reset-tokens': '1s' });
    const err = errorFromHttp({ status: 429, headers });
    expect(err.retryAfterMs).toBe(360_000);
    expect(err.details?.rateLimit).toMatchObject({ requests: { remaining: 0, resetMs: 360_000 }, tokens: { remaining: 100, resetMs: 1000 } });
  });

  it("reads Anthropic's RFC 3339 reset instants", () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    const err = errorFromHttp({ status: 429, now, headers: { 'anthropic-ratelimit-requests-remaining': '0', 'anthropic-ratelimit-requests-reset': '2026-01-01T00:00:30Z' }, body: { type: 'error', error: { type: 'rate_limit_error', message: 'slow' } } });
    expect(err.code).toBe('rate_limited');
    expect(err.retryAfterMs).toBe(30_000);
  });

  it('gives a clear message with vendor, status and code, and keeps the request id', () => {
    const err = errorFromHttp({ status: 404, body: openai('The model `x` does not exist', 'invalid_request_error', 'model_not_found'), provider: 'openai', model: 'x', headers: { 'x-request-id': 'req_42' } });
    expect(err.message).toBe('openai (HTTP 404) not_found: The model `x` does not exist');
    expect(err.requestId).toBe('req_42');
    expect(err.details).toMatchObject({ vendorType: 'invalid_request_error', vendorCode: 'model_not_found' });
  });

  it('masks a key that a vendor echoes back', () => {
    const err = errorFromHttp({ status: 401, body: openai('Incorrect API key provided: sk-abcdef1234567890abcdef1234567890', 'invalid_request_error', 'invalid_api_key') });
    expect(err.message).not.toContain('1234567890abcdef');
  });

  it('reads an in-stream error without a status by its words', () => {
    expect(errorFromHttp({ body: { error: { message: 'The engine is currently overloaded', type: 'server_error' } } }).code).toBe('overloaded');
    expect(errorFromHttp({ body: { error: { message: 'boom', type: 'server_error' } } }).code).toBe('provider_error');
  });
});

describe('readVendorErrorBody', () => {
  it('reads OpenRouter metadata.raw into the message', () => {
    const info = readVendorErrorBody({ error: { code: 429, message: 'Provider returned error', metadata: { raw: 'upstream rate-limited' } } });
    expect(info).toEqual({ message: 'Provider returned error: upstream rate-limited', code: '429' });
  });
  it('reads JSON text and plain text', () => {
    expect(readVendorErrorBody('{"error":{"message":"m","status":"NOT_FOUND"}}')).toEqual({ message: 'm', type: 'NOT_FOUND' });
    expect(readVendorErrorBody('Bad Gateway')).toEqual({ message: 'Bad Gateway' });
  });
});
