import { LLMError, type LLMErrorCode } from '@llm/errors';

/** Marks an error raised by the gateway itself (a bad key, a refused model), as opposed to one from upstream. */
const ORIGIN = 'gateway';

export interface GatewayErrorOptions {
  details?: Record<string, unknown>;
  retryAfterMs?: number;
  /** An HTTP status other than the code's usual one (413 for a body too large). */
  status?: number;
}

/** An error the gateway raises about the client's request (never retried by the framework). */
export function gatewayError(code: LLMErrorCode, message: string, options: GatewayErrorOptions = {}): LLMError {
  return new LLMError({
    code,
    message,
    retryable: code === 'rate_limited',
    status: options.status,
    retryAfterMs: options.retryAfterMs,
    details: { ...options.details, origin: ORIGIN },
  });
}

export function isGatewayError(error: LLMError): boolean {
  return error.details?.origin === ORIGIN;
}
