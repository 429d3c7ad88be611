import { failureHeaders, type FailureKind, type HttpFailure } from '../../http/http-failure.js';
import type { WireErrorReply } from '../wire-format.js';

const TYPES: Readonly<Record<FailureKind, string>> = {
  invalid_request: 'invalid_request_error',
  authentication: 'authentication_error',
  permission: 'permission_error',
  not_found: 'not_found_error',
  too_large: 'request_too_large',
  rate_limited: 'rate_limit_error',
  budget_exhausted: 'billing_error',
  upstream: 'api_error',
  overloaded: 'overloaded_error',
  timeout: 'timeout_error',
  internal: 'api_error',
};

/** Anthropic's error body: `{ type: 'error', error: { type, message } }`. */
export function anthropicErrorBody(failure: HttpFailure): Record<string, unknown> {
  return { type: 'error', error: { type: TYPES[failure.kind], message: failure.message } };
}

/** The error reply: budget exhaustion is Anthropic's own 402 `billing_error`, which the SDK does not retry. */
export function anthropicErrorReply(failure: HttpFailure): WireErrorReply {
  const status = failure.kind === 'budget_exhausted' ? 402 : failure.status;
  return { status, headers: failureHeaders(failure), body: anthropicErrorBody(failure) };
}
