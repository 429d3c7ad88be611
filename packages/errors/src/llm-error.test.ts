import { describe, expect, it } from 'vitest';
import { LLMError, isLLMError } from './llm-error.js';
import { LLM_ERROR_CODES, isRetryableCode } from './error-codes.js';

describe('LLMError', () => {
  it('carries code, provider, model, status, retryable, retryAfterMs, requestId and cause', () => {
    const cause = new Error('socket hang up');
    const err = new LLMError({ code: 'rate_limited', message: 'slow down', provider: 'openai', model: 'gpt-4o', status: 429, retryAfterMs: 1500, requestId: 'req_1', cause });
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('LLMError');
    expect(err).toMatchObject({ code: 'rate_limited', provider: 'openai', model: 'gpt-4o', status: 429, retryable: true, retryAfterMs: 1500, requestId: 'req_1' });
    expect(err.cause).toBe(cause);
  });

  it('derives retryable from the code unless told otherwise', () => {
    expect(new LLMError({ code: 'overloaded', message: 'x' }).retryable).toBe(true);
    expect(new LLMError({ code: 'authentication', message: 'x' }).retryable).toBe(false);
    expect(new LLMError({ code: 'provider_error', message: 'x', retryable: false }).retryable).toBe(false);
  });

  it('has exactly the retryable codes the docs name', () => {
    const retryable = LLM_ERROR_CODES.filter(isRetryableCode);
    expect(retryable.sort()).toEqual(['network', 'overloaded', 'provider_error', 'rate_limited', 'timeout']);
  });

  it('is recognised across two installed copies of the package (symbol marker, not instanceof)', () => {
    const foreign = Object.assign(Object.create(Error.prototype) as Error, { code: 'timeout' });
    (foreign as unknown as Record<symbol, boolean>)[Symbol.for('@llm/errors.LLMError')] = true;
    expect(isLLMError(foreign)).toBe(true);
    expect(isLLMError(new Error('plain'))).toBe(false);
    expect(isLLMError({ code: 'timeout' })).toBe(false);
    expect(isLLMError(null)).toBe(false);
  });

  it('never puts an API key in its message or JSON', () => {
    const key = 'sk-proj-abcdefghijklmnopqrstuvwxyz012345';
    const err = new LLMError({
      code: 'authentication',
      message: `Incorrect API key provided: ${key}`,
      cause: new Error(`Authorization: Bearer ${key}`),
      details: { header: `Bearer ${key}` },
    });
    const json = JSON.stringify(err.toJSON());
    expect(err.message).not.toContain(key);
    expect(json).not.toContain(key);
    expect(json).not.toContain('abcdefghijklmnopqrstuvwxyz');
    expect(err.message).toContain('***');
  });

  it('with() copies the error and replaces fields', () => {
    const err = new LLMError({ code: 'timeout', message: 'slow' });
    const copy = err.with({ provider: 'anthropic', model: 'claude' });
    expect(copy).not.toBe(err);
    expect(copy).toMatchObject({ code: 'timeout', message: 'slow', provider: 'anthropic', model: 'claude' });
  });
});
