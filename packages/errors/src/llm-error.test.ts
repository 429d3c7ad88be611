import { inspect } from 'node:util';
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
    // The cause is a masked copy: same name and message, not the original object.
    expect(err.cause).toBeInstanceOf(Error);
    expect(err.cause).toMatchObject({ name: 'Error', message: 'socket hang up' });
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

  describe('masks every secret in everything it exposes', () => {
    const key = 'sk-proj-abcdefghijklmnopqrstuvwxyz012345';
    const odd = 'hunter2-proxy-secret';

    /** An SDK error as openai's looks: the vendor echoed the request headers. */
    function sdkError(): Error {
      const inner = Object.assign(new Error(`upstream said: x-api-key: ${odd}`), { code: 'EPROXY' });
      return Object.assign(new Error(`401 Incorrect API key provided: ${key}`, { cause: inner }), { status: 401, headers: { authorization: `Bearer ${key}` } });
    }

    it('in util.inspect (what console.error prints), the cause chain included', () => {
      const err = new LLMError({ code: 'authentication', message: 'openai (HTTP 401) authentication', cause: sdkError(), secrets: [odd] });
      const printed = inspect(err, { depth: 10 });
      expect(printed).not.toContain('abcdefghijklmnop');
      expect(printed).not.toContain(odd);
      expect(printed).toContain('[cause]');
      expect(printed).toContain('EPROXY');
      expect((err.cause as Error).message).toBe('401 Incorrect API key provided: sk-proj-abcdef***');
    });

    it('in rawText, details and toJSON', () => {
      const err = new LLMError({
        code: 'malformed_response',
        message: 'bad reply',
        rawText: `{"echo":{"headers":{"Authorization":"Bearer ${key}"}}}`,
        details: { nested: [{ header: `Bearer ${key}` }], proxy: `token ${odd}` },
        secrets: [odd],
      });
      expect(err.rawText).not.toContain('abcdefghijklmnop');
      expect(JSON.stringify(err.details)).not.toContain('abcdefghijklmnop');
      expect(JSON.stringify(err.details)).not.toContain(odd);
      const json = JSON.stringify(err.toJSON());
      expect(json).not.toContain('abcdefghijklmnop');
      expect(json).not.toContain(odd);
    });

    it('maskSecrets() masks secrets of any shape in a copy, everywhere', () => {
      const err = new LLMError({ code: 'network', message: `proxy ${odd} refused`, cause: sdkError() });
      expect(err.message).toContain(odd);
      const masked = err.maskSecrets([odd]);
      expect(inspect(masked, { depth: 10 })).not.toContain(odd);
      expect(masked.code).toBe('network');
      expect(masked.retryable).toBe(true);
    });

    it('a URL password', () => {
      const err = new LLMError({ code: 'network', message: 'cannot reach https://me:s3cretpass@proxy.example/v1' });
      expect(err.message).not.toContain('s3cretpass');
    });

    it('survives cycles and hostile values in details and causes', () => {
      const cyclic: Record<string, unknown> = { key };
      cyclic.self = cyclic;
      const hostile = new Proxy({}, { get: () => { throw new Error('boom'); }, ownKeys: () => { throw new Error('boom'); } });
      const err = new LLMError({ code: 'provider_error', message: 'x', details: { cyclic, hostile }, cause: cyclic });
      expect(JSON.stringify(err.toJSON())).not.toContain('abcdefghijklmnop');
      expect(() => inspect(err)).not.toThrow();
    });
  });

  it('marks local refusals, and keeps the mark through with()', () => {
    const err = new LLMError({ code: 'rate_limited', message: 'queue full', local: true });
    expect(err.local).toBe(true);
    expect(err.with({ provider: 'x' }).local).toBe(true);
    expect(err.toJSON().local).toBe(true);
    expect(new LLMError({ code: 'rate_limited', message: '429' }).local).toBe(false);
  });

  it('isLLMError never throws, even on a revoked proxy', () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    expect(isLLMError(proxy)).toBe(false);
  });
});
