import { LLMError } from '@llm/errors';
import { describe, expect, it } from 'vitest';
import { gatewayError } from './gateway-error.js';
import { describeFailure, failureHeaders } from './http-failure.js';

describe('describeFailure', () => {
  it('tells the gateway’s own refusals from the same codes upstream', () => {
    expect(describeFailure(gatewayError('authentication', 'bad key'))).toMatchObject({ status: 401, kind: 'authentication' });
    expect(describeFailure(new LLMError({ code: 'authentication', message: 'vendor key', provider: 'openai' }))).toMatchObject({ status: 502, kind: 'upstream', shouldRetry: false });
    expect(describeFailure(gatewayError('permission_denied', 'no'))).toMatchObject({ status: 403 });
    expect(describeFailure(new LLMError({ code: 'permission_denied', message: 'region' }))).toMatchObject({ status: 502 });
    expect(describeFailure(gatewayError('invalid_request', 'big', { status: 413 }))).toMatchObject({ status: 413, kind: 'too_large' });
  });

  it('separates a spent budget from one request over its limit', () => {
    expect(describeFailure(new LLMError({ code: 'cost_exceeded', message: 'budget', details: { period: '2025-06', limitUsd: 1 } }))).toMatchObject({ kind: 'budget_exhausted', status: 429, shouldRetry: false });
    expect(describeFailure(new LLMError({ code: 'cost_exceeded', message: 'one call', details: { limitUsd: 1 } }))).toMatchObject({ kind: 'invalid_request', status: 400 });
  });

  it('maps upstream trouble to 502, 503 and 504 and keeps retry hints', () => {
    const limited = describeFailure(new LLMError({ code: 'rate_limited', message: 'slow down', retryAfterMs: 1500 }));
    expect(limited).toMatchObject({ status: 429, retryAfterMs: 1500 });
    expect(failureHeaders(limited)).toEqual({ 'retry-after-ms': '1500', 'retry-after': '2' });
    expect(describeFailure(new LLMError({ code: 'overloaded', message: 'busy' })).status).toBe(503);
    expect(describeFailure(new LLMError({ code: 'circuit_open', message: 'open' })).status).toBe(503);
    expect(describeFailure(new LLMError({ code: 'timeout', message: 'slow' })).status).toBe(504);
    expect(describeFailure(new LLMError({ code: 'network', message: 'cut' })).status).toBe(502);
    expect(describeFailure(new LLMError({ code: 'malformed_response', message: 'junk' })).status).toBe(502);
    expect(describeFailure(new LLMError({ code: 'configuration', message: 'no price' })).status).toBe(500);
    expect(describeFailure(new Error('boom')).status).toBe(502);
  });

  it('names the first bad field as the param', () => {
    expect(describeFailure(gatewayError('invalid_request', 'bad', { details: { fields: ['messages[0].content: expected string', 'n: only 1'] } })).param).toBe('messages[0].content');
  });
});
