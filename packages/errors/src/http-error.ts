import type { LLMErrorCode } from './error-codes.js';
import { getRequestId, type HeadersLike } from './http-headers.js';
import { LLMError } from './llm-error.js';
import { parseRateLimitHeaders, parseRetryAfter } from './rate-limit-headers.js';

/** The parts of a vendor error body that decide the code, whatever the vendor's shape. */
export interface VendorErrorInfo {
  message?: string;
  /** The vendor's error type: `invalid_request_error`, `overloaded_error`, `RESOURCE_EXHAUSTED`, ... */
  type?: string;
  /** The vendor's error code: `context_length_exceeded`, `insufficient_quota`, ... */
  code?: string;
  param?: string;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

/**
 * Reads the error bodies of OpenAI (`{error:{message,type,code,param}}`), Anthropic
 * (`{type:"error",error:{type,message}}`), Google (`{error:{code,message,status}}`),
 * Groq and OpenRouter (`{error:{code,message,metadata}}`).
 */
export function readVendorErrorBody(body: unknown): VendorErrorInfo {
  if (typeof body === 'string') {
    try {
      return readVendorErrorBody(JSON.parse(body));
    } catch {
      return body.trim() ? { message: body.trim().slice(0, 500) } : {};
    }
  }
  if (Array.isArray(body)) return readVendorErrorBody(body[0]);
  if (typeof body !== 'object' || body === null) return {};
  const root = body as Record<string, unknown>;
  const err = typeof root.error === 'object' && root.error !== null ? (root.error as Record<string, unknown>) : root;
  const info: VendorErrorInfo = {};
  let message = str(err.message) ?? str(root.message);
  const metadata = err.metadata as Record<string, unknown> | undefined;
  const raw = metadata && str(metadata.raw);
  if (raw && message && !message.includes(raw)) message = `${message}: ${raw}`;
  if (message) info.message = message;
  const type = str(err.type) ?? str(err.status);
  if (type) info.type = type;
  const code = str(err.code);
  if (code) info.code = code;
  const param = str(err.param);
  if (param) info.param = param;
  return info;
}

const CONTEXT_RE = /context[_ ]length|context window|maximum context|prompt is too long|too many (input )?tokens|input (token count|is too long)|exceeds the (maximum|context)/i;
const CONTENT_RE = /content[_ ](filter|policy|management)|safety|flagged|moderation/i;
const QUOTA_RE = /insufficient_quota|quota|billing|credit|payment/i;

function classify(status: number | undefined, info: VendorErrorInfo): LLMErrorCode {
  const type = info.type ?? '';
  const code = info.code ?? '';
  const message = info.message ?? '';
  const all = `${type} ${code} ${message}`;
  // Vendor types and codes that name the case outright win over the status.
  if (code === 'context_length_exceeded' || code === 'string_above_max_length' || CONTEXT_RE.test(message)) {
    if (status === undefined || status === 400 || status === 413 || status === 422) return 'context_length_exceeded';
  }
  if (type === 'overloaded_error' || type === 'UNAVAILABLE') return 'overloaded';
  if (type === 'rate_limit_error') return 'rate_limited';
  if (type === 'authentication_error' || type === 'UNAUTHENTICATED') return 'authentication';
  if (type === 'permission_error' || type === 'PERMISSION_DENIED') return 'permission_denied';
  if (type === 'not_found_error' || type === 'NOT_FOUND' || code === 'model_not_found') return 'not_found';
  if (code === 'insufficient_quota' || type === 'insufficient_quota') return 'quota_exceeded';
  if (code === 'content_filter' || code === 'content_policy_violation') return 'content_filtered';
  if (type === 'DEADLINE_EXCEEDED') return 'timeout';
  switch (status) {
    case undefined:
      // An error inside a stream has no status of its own: read its words.
      if (/overloaded|capacity/i.test(all)) return 'overloaded';
      if (/rate[_ ]limit/i.test(all)) return 'rate_limited';
      if (CONTENT_RE.test(all)) return 'content_filtered';
      return /invalid_request/i.test(type) ? 'invalid_request' : 'provider_error';
    case 400:
    case 413:
    case 422:
      return CONTENT_RE.test(all) && !/schema|parameter/i.test(message) ? 'content_filtered' : 'invalid_request';
    case 401:
      return 'authentication';
    case 402:
      return 'quota_exceeded';
    case 403:
      return 'permission_denied';
    case 404:
      return 'not_found';
    case 408:
      return 'timeout';
    case 429:
      return QUOTA_RE.test(code) || type === 'insufficient_quota' ? 'quota_exceeded' : 'rate_limited';
    case 503:
    case 529:
      return 'overloaded';
    case 504:
      return 'timeout';
    default:
      return status >= 500 ? 'provider_error' : 'invalid_request';
  }
}

export interface HttpErrorInput {
  status?: number | undefined;
  headers?: HeadersLike | undefined;
  /** The parsed JSON body, or its text. */
  body?: unknown;
  provider?: string | undefined;
  model?: string | undefined;
  cause?: unknown;
  now?: number;
}

/** Turns an HTTP status, headers and a vendor error body into the right LLMError. */
export function errorFromHttp(input: HttpErrorInput): LLMError {
  const info = readVendorErrorBody(input.body);
  const code = classify(input.status, info);
  const retryAfterMs = parseRetryAfter(input.headers, input.now);
  const rateLimit = parseRateLimitHeaders(input.headers, input.now);
  const vendor = input.provider ?? 'vendor';
  const statusText = input.status !== undefined ? ` (HTTP ${input.status})` : '';
  const base = info.message ?? `request failed`;
  const details: Record<string, unknown> = {};
  if (info.type) details.vendorType = info.type;
  if (info.code) details.vendorCode = info.code;
  if (info.param) details.param = info.param;
  if (rateLimit) details.rateLimit = rateLimit;
  return new LLMError({
    code,
    message: `${vendor}${statusText} ${code}: ${base}`,
    provider: input.provider,
    model: input.model,
    status: input.status,
    retryAfterMs,
    requestId: getRequestId(input.headers),
    cause: input.cause,
    details: Object.keys(details).length > 0 ? details : undefined,
  });
}
