import { failureHeaders, type FailureKind, type HttpFailure } from '../../http/http-failure.js';
import type { WireErrorReply } from '../wire-format.js';

const TYPES: Readonly<Record<FailureKind, string>> = {
  invalid_request: 'invalid_request_error',
  authentication: 'authentication_error',
  permission: 'permission_error',
  not_found: 'not_found_error',
  too_large: 'invalid_request_error',
  rate_limited: 'rate_limit_error',
  budget_exhausted: 'insufficient_quota',
  upstream: 'api_error',
  overloaded: 'api_error',
  timeout: 'api_error',
  internal: 'server_error',
};

/** OpenAI's `error` object for a failure. */
export function openAIErrorObject(failure: HttpFailure): Record<string, unknown> {
  const code = failure.kind === 'authentication' ? 'invalid_api_key' : failure.kind === 'budget_exhausted' ? 'insufficient_quota' : failure.code;
  return { message: failure.message, type: TYPES[failure.kind], param: failure.param ?? null, code };
}

/** The error reply: budget exhaustion is OpenAI's own 429 `insufficient_quota`, with `x-should-retry: false` so the SDK does not retry it. */
export function openAIErrorReply(failure: HttpFailure): WireErrorReply {
  return { status: failure.status, headers: failureHeaders(failure), body: { error: openAIErrorObject(failure) } };
}
