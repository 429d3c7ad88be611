import { describe, expect, it } from 'vitest';
import { LLMError } from './llm-error.js';
import { findLLMErrorCause, isUnexpectedError, toLLMError } from './to-llm-error.js';

describe('toLLMError', () => {
  it('maps aborts to canceled', () => {
    const abort = new DOMException('This operation was aborted', 'AbortError');
    expect(toLLMError(abort, { provider: 'openai' })).toMatchObject({ code: 'canceled', provider: 'openai', retryable: false });
  });
  it('maps socket failures to a retryable network error', () => {
    const err = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
    expect(toLLMError(err)).toMatchObject({ code: 'network', retryable: true });
    expect(toLLMError(new TypeError('terminated')).code).toBe('network');
  });
  it('maps unparseable replies to malformed_response', () => {
    expect(toLLMError(new SyntaxError('Unexpected token < in JSON')).code).toBe('malformed_response');
  });
  it('passes LLMErrors through, filling provider and model', () => {
    const err = new LLMError({ code: 'timeout', message: 't' });
    const mapped = toLLMError(err, { provider: 'groq', model: 'llama' });
    expect(mapped).toMatchObject({ code: 'timeout', provider: 'groq', model: 'llama' });
    const full = new LLMError({ code: 'timeout', message: 't', provider: 'a', model: 'b' });
    expect(toLLMError(full, { provider: 'c' })).toBe(full);
  });
  it('maps an exception nobody foresaw to a provider_error that is not retried, naming it', () => {
    for (const thrown of ['weird', new TypeError("Cannot read properties of null (reading 'choices')"), new RangeError('Maximum call stack size exceeded'), null, undefined, 42, {}]) {
      const err = toLLMError(thrown);
      expect(err.code).toBe('provider_error');
      expect(err.retryable).toBe(false);
      expect(isUnexpectedError(err)).toBe(true);
    }
    expect(toLLMError(new TypeError('x')).details).toEqual({ unexpected: 'TypeError' });
  });

  it('finds an LLMError an SDK wrapped (our fetch refused something; the SDK calls it a connection error)', () => {
    const ours = new LLMError({ code: 'invalid_request', message: 'header x has a line break', local: true });
    const wrapped = Object.assign(new Error('Connection error.'), { name: 'APIConnectionError', cause: ours });
    expect(findLLMErrorCause(wrapped)).toBe(ours);
    expect(toLLMError(wrapped, { provider: 'openai' })).toMatchObject({ code: 'invalid_request', provider: 'openai', local: true });
  });

  it('never throws, whatever is thrown', () => {
    const hostile = new Proxy(new Error('x'), { get: () => { throw new Error('trap'); } });
    const badString = { toString: () => { throw new Error('no'); } };
    expect(toLLMError(hostile).code).toBe('provider_error');
    expect(toLLMError(badString).code).toBe('provider_error');
    expect(toLLMError(Object.create(null)).code).toBe('provider_error');
  });
});
