export { LLM_ERROR_CODES, RETRYABLE_CODES, isRetryableCode, isLLMErrorCode, type LLMErrorCode } from './error-codes.js';
export { LLMError, isLLMError, type LLMErrorOptions, type LLMErrorJSON } from './llm-error.js';
export { errorFromHttp, readVendorErrorBody, type HttpErrorInput, type VendorErrorInfo } from './http-error.js';
export { getHeader, getRequestId, type HeadersLike } from './http-headers.js';
export {
  parseRetryAfter,
  parseRateLimitHeaders,
  parseDurationHeader,
  type RateLimitState,
  type RateLimitWindow,
} from './rate-limit-headers.js';
export { redactSecrets, redactHeaders, redactDeep, maskCause, safeString, isSecretHeader, secretHeaderValues, urlSecrets, REDACTED, SECRET_HEADER_NAMES } from './redact.js';
export { toLLMError, isAbortError, findLLMErrorCause, isUnexpectedError, type ErrorContext } from './to-llm-error.js';
