import { describe, expect, it } from 'vitest';
import { LLMError } from './llm-error.js';
import { toLLMError } from './to-llm-error.js';

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
  it('maps anything else to provider_error', () => {
    expect(toLLMError('weird').code).toBe('provider_error');
  });
});
