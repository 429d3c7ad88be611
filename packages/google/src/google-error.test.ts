import { ApiError } from '@google/genai';
import { describe, expect, it } from 'vitest';
import { mapGoogleError, parseApiErrorBody, readGoogleErrorBody } from './google-error.js';

const ctx = { provider: 'google', model: 'gemini-2.0-flash' };

/** An ApiError as the SDK throws it for a non-2xx reply: the JSON body is the message. */
function apiError(status: number, body: unknown): ApiError {
  return new ApiError({ message: JSON.stringify(body), status });
}

const quota429 = (quotaId: string, retryDelay?: string, message = 'You exceeded your current quota, please check your plan.') => ({
  error: {
    code: 429,
    message,
    status: 'RESOURCE_EXHAUSTED',
    details: [
      { '@type': 'type.googleapis.com/google.rpc.QuotaFailure', violations: [{ quotaId }] },
      ...(retryDelay ? [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay }] : []),
    ],
  },
});

describe('mapGoogleError', () => {
  it('reads RetryInfo.retryDelay ("34.4s") into retryAfterMs for a per-minute quota', () => {
    const err = mapGoogleError(apiError(429, quota429('GenerateRequestsPerMinutePerProjectPerModel-FreeTier', '34.4s')), ctx);
    expect(err.code).toBe('rate_limited');
    expect(err.retryAfterMs).toBe(34_400);
    expect(err.retryable).toBe(true);
    expect(err.status).toBe(429);
    expect(err.message).toBe('google (HTTP 429) rate_limited: You exceeded your current quota, please check your plan.');
  });

  it('tells a daily quota and spent credits (quota_exceeded) from a bare RESOURCE_EXHAUSTED (rate_limited)', () => {
    expect(mapGoogleError(apiError(429, quota429('GenerateRequestsPerDayPerProjectPerModel-FreeTier', '20s')), ctx).code).toBe('quota_exceeded');
    const credits = { error: { code: 429, status: 'RESOURCE_EXHAUSTED', message: 'Your prepayment credits are depleted. Please go to AI Studio to manage your project and billing.' } };
    expect(mapGoogleError(apiError(429, credits), ctx).code).toBe('quota_exceeded');
    const bare = { error: { code: 429, status: 'RESOURCE_EXHAUSTED', message: 'Resource has been exhausted (e.g. check quota).' } };
    expect(mapGoogleError(apiError(429, bare), ctx).code).toBe('rate_limited');
  });

  it('maps API_KEY_INVALID and an expired key to authentication although Google says 400', () => {
    const invalid = {
      error: {
        code: 400,
        message: 'API key not valid. Please pass a valid API key.',
        status: 'INVALID_ARGUMENT',
        details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID', domain: 'googleapis.com' }],
      },
    };
    expect(mapGoogleError(apiError(400, invalid), ctx).code).toBe('authentication');
    const expired = { error: { code: 400, message: 'API key expired. Please renew the API key.', status: 'INVALID_ARGUMENT' } };
    expect(mapGoogleError(apiError(400, expired), ctx).code).toBe('authentication');
  });

  it('maps the other Google statuses', () => {
    const cases: Array<[number, string, string, string]> = [
      [400, 'INVALID_ARGUMENT', 'Request contains an invalid argument.', 'invalid_request'],
      [400, 'INVALID_ARGUMENT', 'The input token count (1210432) exceeds the maximum number of tokens allowed (1048576).', 'context_length_exceeded'],
      [403, 'PERMISSION_DENIED', 'The caller does not have permission', 'permission_denied'],
      [404, 'NOT_FOUND', 'models/custom-gemini-2.0-flash is not found for API version v1beta', 'not_found'],
      [500, 'INTERNAL', 'An internal error has occurred.', 'provider_error'],
      [503, 'UNAVAILABLE', 'The model is overloaded. Please try again later.', 'overloaded'],
      [504, 'DEADLINE_EXCEEDED', 'Deadline expired before operation could complete.', 'timeout'],
    ];
    for (const [status, name, message, code] of cases) {
      expect({ name, code: mapGoogleError(apiError(status, { error: { code: status, message, status: name } }), ctx).code }).toEqual({ name, code });
    }
  });

  it('reads an error that arrived inside a stream ("got status: UNAVAILABLE. {...}")', () => {
    const body = { error: { code: 503, message: 'The model is overloaded.', status: 'UNAVAILABLE' } };
    const err = mapGoogleError(new ApiError({ message: `got status: UNAVAILABLE. ${JSON.stringify(body)}`, status: 503 }), ctx);
    expect(err.code).toBe('overloaded');
    expect(err.message).toContain('The model is overloaded.');
  });

  it('keeps a non-JSON error body as text', () => {
    const err = mapGoogleError(apiError(502, { error: { message: '<html>Bad Gateway</html>', code: 502, status: 'Bad Gateway' } }), ctx);
    expect(err.code).toBe('provider_error');
    expect(parseApiErrorBody('plain words')).toBe('plain words');
  });

  it('tells a cancel from the SDK timeout by the caller signal', () => {
    const abort = new DOMException('This operation was aborted', 'AbortError');
    const controller = new AbortController();
    expect(mapGoogleError(abort, { ...ctx, signal: controller.signal }).code).toBe('timeout');
    controller.abort();
    expect(mapGoogleError(abort, { ...ctx, signal: controller.signal }).code).toBe('canceled');
  });

  it('maps a socket failure to network', () => {
    expect(mapGoogleError(new TypeError('fetch failed'), ctx).code).toBe('network');
  });

  it('never lets the key into the message', () => {
    const body = { error: { code: 400, message: 'bad request for key=AIzaSyAbCdEfGhIjKlMnOpQrStUv', status: 'INVALID_ARGUMENT' } };
    expect(mapGoogleError(apiError(400, body), ctx).message).not.toContain('AbCdEfGhIjKlMnOpQrStUv');
  });
});

describe('readGoogleErrorBody', () => {
  it('collects reasons, quota ids and the retry delay', () => {
    expect(readGoogleErrorBody(quota429('GenerateContentInputTokensPerModelPerMinute-FreeTier', '2s'))).toEqual({
      code: 429,
      status: 'RESOURCE_EXHAUSTED',
      message: 'You exceeded your current quota, please check your plan.',
      reasons: [],
      quotaIds: ['GenerateContentInputTokensPerModelPerMinute-FreeTier'],
      retryDelayMs: 2000,
    });
  });
});
