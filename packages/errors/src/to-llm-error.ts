import { LLMError, isLLMError } from './llm-error.js';
import { safeString } from './redact.js';

export interface ErrorContext {
  provider?: string | undefined;
  model?: string | undefined;
}

const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'ETIMEDOUT', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

/** How far down a cause chain the mapping looks. */
const CAUSE_DEPTH = 8;

function read(value: unknown, field: string): unknown {
  try {
    return (value as Record<string, unknown>)[field];
  } catch {
    return undefined;
  }
}

function errorCode(err: unknown): string | undefined {
  let cur: unknown = err;
  for (let i = 0; i < 4 && typeof cur === 'object' && cur !== null; i++) {
    const code = read(cur, 'code');
    if (typeof code === 'string') return code;
    cur = read(cur, 'cause');
  }
  return undefined;
}

export function isAbortError(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const name = read(err, 'name');
  return name === 'AbortError' || name === 'APIUserAbortError';
}

/**
 * The first LLMError in `err`'s cause chain (itself included): an SDK that wraps what our own
 * fetch refused (`APIConnectionError { cause: LLMError }`) still ends as that LLMError.
 */
export function findLLMErrorCause(err: unknown): LLMError | undefined {
  let cur: unknown = err;
  for (let i = 0; i < CAUSE_DEPTH && typeof cur === 'object' && cur !== null; i++) {
    if (isLLMError(cur)) return cur;
    cur = read(cur, 'cause');
  }
  return undefined;
}

function withContext(err: LLMError, context: ErrorContext): LLMError {
  if ((err.provider === undefined && context.provider) || (err.model === undefined && context.model)) {
    return err.with({ provider: err.provider ?? context.provider, model: err.model ?? context.model });
  }
  return err;
}

/** The name and message of anything thrown, never throwing. */
function describe(err: unknown): { name: string; message: string } {
  if (err instanceof Error) {
    const name = safeString(read(err, 'name') ?? 'Error');
    const message = safeString(read(err, 'message') ?? '');
    return { name, message };
  }
  return { name: typeof err, message: safeString(err) };
}

/**
 * Whether `err` is what {@link toLLMError} makes of an exception it could not classify (a
 * `TypeError` from reading a reply of the wrong shape, a stack overflow on a deep schema, a
 * library bug): a non-retryable `provider_error` with `details.unexpected` naming the exception.
 * A layer that knows more (the request was never sent; the reply had arrived) re-labels it.
 */
export function isUnexpectedError(err: unknown): err is LLMError {
  return isLLMError(err) && err.code === 'provider_error' && typeof err.details?.unexpected === 'string';
}

/**
 * The last-resort mapping for errors that did not come with an HTTP reply: an LLMError (itself or
 * in the cause chain) passes through with provider and model filled in; aborts become `canceled`,
 * socket failures `network`, unparseable replies `malformed_response`. Anything else is an
 * exception nobody foresaw: a `provider_error` that is **not** retryable (retrying the same input
 * repeats it) and says so in `details.unexpected` (see {@link isUnexpectedError}). Never throws.
 */
export function toLLMError(err: unknown, context: ErrorContext = {}): LLMError {
  try {
    const known = findLLMErrorCause(err);
    if (known) return withContext(known, context);
    const { name, message } = describe(err);
    if (isAbortError(err)) {
      return new LLMError({ code: 'canceled', message: 'the call was canceled', ...context, cause: err, local: true });
    }
    if (err instanceof SyntaxError) {
      return new LLMError({ code: 'malformed_response', message: `the vendor sent a reply that could not be parsed: ${message}`, ...context, cause: err });
    }
    const code = errorCode(err);
    if ((code && NETWORK_CODES.has(code)) || /fetch failed|socket|network|terminated|ECONN/i.test(message)) {
      return new LLMError({ code: 'network', message: `network error: ${message}`, ...context, cause: err });
    }
    return new LLMError({ code: 'provider_error', message: `unexpected ${name}: ${message}`, ...context, cause: err, retryable: false, details: { unexpected: name } });
  } catch {
    return new LLMError({ code: 'provider_error', message: 'unexpected error (unreadable)', ...context, retryable: false, details: { unexpected: 'unreadable' } });
  }
}
