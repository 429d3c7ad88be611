import { LLMError, isLLMError } from './llm-error.js';

export interface ErrorContext {
  provider?: string | undefined;
  model?: string | undefined;
}

const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'ETIMEDOUT', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

function errorCode(err: unknown): string | undefined {
  let cur: unknown = err;
  for (let i = 0; i < 4 && typeof cur === 'object' && cur !== null; i++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

export function isAbortError(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const name = (err as { name?: unknown }).name;
  return name === 'AbortError' || name === 'APIUserAbortError';
}

/**
 * The last-resort mapping for errors that did not come with an HTTP reply:
 * aborts become `canceled`, socket failures `network`, unparseable replies
 * `malformed_response`, anything else `provider_error`.
 * An LLMError passes through, with provider and model filled in when missing.
 */
export function toLLMError(err: unknown, context: ErrorContext = {}): LLMError {
  if (isLLMError(err)) {
    if ((err.provider === undefined && context.provider) || (err.model === undefined && context.model)) {
      return err.with({ provider: err.provider ?? context.provider, model: err.model ?? context.model });
    }
    return err;
  }
  const message = err instanceof Error ? err.message : String(err);
  if (isAbortError(err)) {
    return new LLMError({ code: 'canceled', message: 'the call was canceled', ...context, cause: err });
  }
  if (err instanceof SyntaxError) {
    return new LLMError({ code: 'malformed_response', message: `the vendor sent a reply that could not be parsed: ${message}`, ...context, cause: err });
  }
  const code = errorCode(err);
  if ((code && NETWORK_CODES.has(code)) || /fetch failed|socket|network|terminated|ECONN/i.test(message)) {
    return new LLMError({ code: 'network', message: `network error: ${message}`, ...context, cause: err });
  }
  return new LLMError({ code: 'provider_error', message, ...context, cause: err });
}
