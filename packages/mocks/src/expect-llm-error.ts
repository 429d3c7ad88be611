import { isLLMError, type LLMError } from '@llm/errors';
import { expect } from 'vitest';

/** Awaits a call that must fail, checks it failed with an LLMError, and returns it. */
export async function expectLLMError(promise: Promise<unknown>): Promise<LLMError> {
  try {
    await promise;
  } catch (err) {
    expect(isLLMError(err), `expected an LLMError, got ${String(err)}`).toBe(true);
    return err as LLMError;
  }
  throw new Error('expected the call to fail');
}
