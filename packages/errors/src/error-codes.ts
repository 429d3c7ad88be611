/**
 * Every failure of every provider maps to exactly one of these codes.
 * The table in this package's README says when each is raised and whether it is retried.
 */
export const LLM_ERROR_CODES = [
  'configuration',
  'authentication',
  'permission_denied',
  'not_found',
  'invalid_request',
  'context_length_exceeded',
  'content_filtered',
  'rate_limited',
  'quota_exceeded',
  'timeout',
  'canceled',
  'network',
  'overloaded',
  'provider_error',
  'malformed_response',
  'cost_exceeded',
  'circuit_open',
  'unsupported',
] as const;

export type LLMErrorCode = (typeof LLM_ERROR_CODES)[number];

/** Codes that a retry may cure: the failure is transient on the vendor's or the network's side. */
export const RETRYABLE_CODES: ReadonlySet<LLMErrorCode> = new Set<LLMErrorCode>([
  'rate_limited',
  'overloaded',
  'timeout',
  'network',
  'provider_error',
]);

export function isRetryableCode(code: LLMErrorCode): boolean {
  return RETRYABLE_CODES.has(code);
}

export function isLLMErrorCode(value: unknown): value is LLMErrorCode {
  return typeof value === 'string' && (LLM_ERROR_CODES as readonly string[]).includes(value);
}
