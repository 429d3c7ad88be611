import { type LLMError, toLLMError } from '@llm/errors';
import { isGatewayError } from './gateway-error.js';

/**
 * What went wrong, in the terms every wire format answers in: each format turns a kind into its
 * own status and error type (budget exhaustion is 429 `insufficient_quota` for OpenAI, 402
 * `billing_error` for Anthropic).
 */
export type FailureKind =
  | 'invalid_request'
  | 'authentication'
  | 'permission'
  | 'not_found'
  | 'too_large'
  | 'rate_limited'
  | 'budget_exhausted'
  | 'upstream'
  | 'overloaded'
  | 'timeout'
  | 'internal';

export interface HttpFailure {
  kind: FailureKind;
  status: number;
  /** The LLMError code: the wire's error `code`. */
  code: string;
  message: string;
  /** The first bad field, for OpenAI's `param`. */
  param?: string;
  retryAfterMs?: number;
  /** Sent as `x-should-retry` (both official SDKs obey it) when retrying cannot help or surely will. */
  shouldRetry?: boolean;
  /** Extra headers (rate-limit state). */
  headers?: Record<string, string>;
}

function firstField(error: LLMError): string | undefined {
  const fields = error.details?.fields;
  if (Array.isArray(fields) && typeof fields[0] === 'string') return fields[0].split(':')[0];
  const param = error.details?.param;
  return typeof param === 'string' ? param : undefined;
}

function isBudgetExhausted(error: LLMError): boolean {
  // The budget middleware names the budget's period when the budget (not one request's worst case) refused.
  return error.code === 'cost_exceeded' && error.details?.period !== undefined;
}

/** The HTTP answer to a failed call, whoever failed: the client's request, the gateway, or upstream. */
export function describeFailure(err: unknown): HttpFailure {
  const error = toLLMError(err);
  const base = { code: error.code, message: error.message };
  const param = firstField(error);
  const withParam = param !== undefined ? { param } : {};
  const retryAfter = error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {};
  const headers = (error.details?.headers as Record<string, string> | undefined) ?? undefined;
  const withHeaders = headers ? { headers } : {};
  if (isGatewayError(error)) {
    switch (error.code) {
      case 'authentication':
        return { ...base, kind: 'authentication', status: 401, shouldRetry: false };
      case 'permission_denied':
        return { ...base, kind: 'permission', status: 403, shouldRetry: false };
      case 'not_found':
        return { ...base, kind: 'not_found', status: 404, shouldRetry: false };
      case 'rate_limited':
        return { ...base, ...retryAfter, ...withHeaders, kind: 'rate_limited', status: 429 };
      case 'invalid_request':
        return error.status === 413
          ? { ...base, kind: 'too_large', status: 413, shouldRetry: false }
          : { ...base, ...withParam, kind: 'invalid_request', status: 400, shouldRetry: false };
      default:
        return { ...base, kind: 'internal', status: 500 };
    }
  }
  switch (error.code) {
    case 'invalid_request':
    case 'context_length_exceeded':
    case 'content_filtered':
    case 'unsupported':
      return { ...base, ...withParam, kind: 'invalid_request', status: 400, shouldRetry: false };
    case 'cost_exceeded':
      return isBudgetExhausted(error)
        ? { ...base, kind: 'budget_exhausted', status: 429, shouldRetry: false }
        : { ...base, kind: 'invalid_request', status: 400, shouldRetry: false };
    case 'not_found':
      return { ...base, kind: 'not_found', status: 404, shouldRetry: false };
    case 'rate_limited':
      return { ...base, ...retryAfter, kind: 'rate_limited', status: 429 };
    case 'overloaded':
    case 'circuit_open':
      return { ...base, ...retryAfter, kind: 'overloaded', status: 503 };
    case 'timeout':
      return { ...base, kind: 'timeout', status: 504 };
    case 'authentication':
    case 'permission_denied':
    case 'quota_exceeded':
      // The gateway's own vendor key or account is at fault: the client can neither fix nor outwait it.
      return { ...base, kind: 'upstream', status: 502, shouldRetry: false };
    case 'network':
    case 'provider_error':
    case 'malformed_response':
      return { ...base, kind: 'upstream', status: 502 };
    case 'canceled':
      return { ...base, kind: 'internal', status: 499, shouldRetry: false };
    default:
      // configuration and anything unforeseen: the gateway's own fault.
      return { ...base, kind: 'internal', status: 500 };
  }
}

/** Headers every error reply carries: retry hints both SDKs read. */
export function failureHeaders(failure: HttpFailure): Record<string, string> {
  const headers: Record<string, string> = { ...failure.headers };
  if (failure.retryAfterMs !== undefined) {
    headers['retry-after-ms'] = String(Math.ceil(failure.retryAfterMs));
    headers['retry-after'] = String(Math.max(1, Math.ceil(failure.retryAfterMs / 1000)));
  }
  if (failure.shouldRetry !== undefined) headers['x-should-retry'] = String(failure.shouldRetry);
  return headers;
}

