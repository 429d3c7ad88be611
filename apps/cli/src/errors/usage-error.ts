import { LLMError } from '@llm/errors';

/** Bad input on the command line (exit 2): one line naming the problem, and a hint. */
export function usageError(message: string, hint: string, cause?: unknown): LLMError {
  return new LLMError({ code: 'invalid_request', message, local: true, details: { hint }, ...(cause === undefined ? {} : { cause }) });
}

/** A bad configuration (exit 3): one line naming the problem, and a hint. */
export function configError(message: string, hint: string, cause?: unknown): LLMError {
  return new LLMError({ code: 'configuration', message, local: true, details: { hint }, ...(cause === undefined ? {} : { cause }) });
}
