import { isLLMError, type LLMError } from '@llm/errors';

/** Runs what must throw an LLMError (a configuration refusal) and returns it; anything else is rethrown. */
export function configError(fn: () => unknown): LLMError {
  try {
    fn();
  } catch (err) {
    if (isLLMError(err)) return err;
    throw err;
  }
  throw new Error('expected a configuration error');
}
