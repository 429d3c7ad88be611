import { ApiError } from '@google/genai';
import { errorFromHttp, isAbortError, isRetryableCode, LLMError, parseDurationHeader, toLLMError, type ErrorContext, type LLMErrorCode } from '@llm/errors';

/** What a Google error body (`{"error":{"code","message","status","details"}}`) says. */
export interface GoogleErrorInfo {
  /** The HTTP status Google put in the body (`code`). */
  code?: number;
  /** `INVALID_ARGUMENT`, `RESOURCE_EXHAUSTED`, `UNAVAILABLE`, ... */
  status?: string;
  message?: string;
  /** `google.rpc.ErrorInfo` reasons: `API_KEY_INVALID`, `SERVICE_DISABLED`, ... */
  reasons: string[];
  /** `google.rpc.QuotaFailure` quota ids: `GenerateRequestsPerMinutePerProjectPerModel-FreeTier`, ... */
  quotaIds: string[];
  /** `google.rpc.RetryInfo.retryDelay` in milliseconds. */
  retryDelayMs?: number;
}

export interface GoogleErrorContext extends ErrorContext {
  /** The caller's signal: an abort it did not cause is the SDK's own timeout. */
  signal?: AbortSignal | undefined;
}

type Json = Record<string, unknown>;

function asObject(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

/**
 * The SDK's `ApiError` carries the reply body as JSON text in its message
 * (`{"error":{...}}`, or `got status: UNAVAILABLE. {"error":{...}}` for an error inside a stream).
 */
export function parseApiErrorBody(message: string): unknown {
  const start = message.indexOf('{');
  if (start >= 0) {
    try {
      return JSON.parse(message.slice(start));
    } catch {
      // Not JSON after all: keep the text.
    }
  }
  return message;
}

/** Reads Google's error body, details included. */
export function readGoogleErrorBody(body: unknown): GoogleErrorInfo {
  const info: GoogleErrorInfo = { reasons: [], quotaIds: [] };
  const root = asObject(Array.isArray(body) ? body[0] : body);
  const err = asObject(root?.error);
  if (!err) {
    if (typeof body === 'string' && body.trim()) info.message = body.trim().slice(0, 500);
    return info;
  }
  if (typeof err.code === 'number') info.code = err.code;
  if (typeof err.status === 'string') info.status = err.status;
  if (typeof err.message === 'string') {
    // Some proxies nest Google's whole body as text in `message`.
    const nested = err.message.trim().startsWith('{') ? readGoogleErrorBody(parseApiErrorBody(err.message)) : undefined;
    if (nested?.message) return nested;
    info.message = err.message;
  }
  for (const detail of Array.isArray(err.details) ? err.details : []) {
    const d = asObject(detail);
    if (!d) continue;
    const type = String(d['@type'] ?? '');
    if (typeof d.reason === 'string') info.reasons.push(d.reason);
    if (type.endsWith('google.rpc.QuotaFailure') && Array.isArray(d.violations)) {
      for (const v of d.violations) {
        const quotaId = asObject(v)?.quotaId;
        if (typeof quotaId === 'string') info.quotaIds.push(quotaId);
      }
    }
    if (type.endsWith('google.rpc.RetryInfo')) {
      const delay = d.retryDelay;
      const ms =
        typeof delay === 'string'
          ? parseDurationHeader(delay)
          : asObject(delay)
            ? Number(asObject(delay)!.seconds ?? 0) * 1000 + Math.round(Number(asObject(delay)!.nanos ?? 0) / 1e6)
            : undefined;
      if (ms !== undefined && Number.isFinite(ms)) info.retryDelayMs = ms;
    }
  }
  return info;
}

const LONG_QUOTA_RE = /Per(Day|Month|Year)|Daily|Monthly/i;
const SHORT_QUOTA_RE = /Per(Minute|Second|Hour)/i;
const BILLING_RE = /prepayment credits|credits are depleted|billing account|spend(ing)? (cap|limit)|billing (is )?(not enabled|disabled)/i;

/**
 * Google answers every exhausted quota with 429 RESOURCE_EXHAUSTED. A per-minute quota
 * (or a reply that says when to retry) is a rate limit; a daily quota or spent credits is not.
 */
function classifyExhausted(info: GoogleErrorInfo): LLMErrorCode {
  if (info.quotaIds.some((id) => LONG_QUOTA_RE.test(id))) return 'quota_exceeded';
  if (info.quotaIds.some((id) => SHORT_QUOTA_RE.test(id))) return 'rate_limited';
  if (BILLING_RE.test(info.message ?? '')) return 'quota_exceeded';
  return 'rate_limited';
}

/** The Google-specific cases `errorFromHttp` cannot see; undefined leaves the decision to it. */
function googleCode(status: number | undefined, info: GoogleErrorInfo): LLMErrorCode | undefined {
  if (info.reasons.some((r) => r === 'API_KEY_INVALID' || r === 'API_KEY_EXPIRED') || /API key (not valid|expired|not found)/i.test(info.message ?? '')) {
    return 'authentication';
  }
  if (info.status === 'RESOURCE_EXHAUSTED' || status === 429) return classifyExhausted(info);
  if (info.status === 'INTERNAL') return 'provider_error';
  return undefined;
}

/** Turns a Google error reply (status and body) into the right LLMError. */
export function errorFromGoogleReply(status: number | undefined, body: unknown, ctx: ErrorContext, cause?: unknown): LLMError {
  const info = readGoogleErrorBody(body);
  const httpStatus = status ?? info.code;
  const base = errorFromHttp({
    status: httpStatus,
    body: { error: { message: info.message, status: info.status, code: info.code } },
    provider: ctx.provider,
    model: ctx.model,
    cause,
  });
  const code = googleCode(httpStatus, info) ?? base.code;
  const details: Record<string, unknown> = { ...base.details };
  if (info.reasons.length) details.reasons = info.reasons;
  if (info.quotaIds.length) details.quotaIds = info.quotaIds;
  const statusText = httpStatus !== undefined ? ` (HTTP ${httpStatus})` : '';
  return base.with({
    code,
    message: `${ctx.provider ?? 'google'}${statusText} ${code}: ${info.message ?? 'request failed'}`,
    retryable: isRetryableCode(code),
    retryAfterMs: info.retryDelayMs ?? base.retryAfterMs,
    details: Object.keys(details).length ? details : undefined,
  });
}

function isApiError(err: unknown): err is ApiError {
  return err instanceof ApiError || (err instanceof Error && err.name === 'ApiError' && typeof (err as { status?: unknown }).status === 'number');
}

/** The one place where the @google/genai SDK's errors become LLMErrors. */
export function mapGoogleError(err: unknown, ctx: GoogleErrorContext): LLMError {
  const context: ErrorContext = { provider: ctx.provider, model: ctx.model };
  if (LLMError.is(err)) return toLLMError(err, context);
  if (isApiError(err)) return errorFromGoogleReply(err.status, parseApiErrorBody(err.message), context, err);
  if (isAbortError(err) || (err instanceof Error && err.name === 'TimeoutError')) {
    // The SDK aborts its fetch both for the caller's signal and for its own `timeout`.
    return ctx.signal?.aborted
      ? new LLMError({ code: 'canceled', message: 'the call was canceled', ...context, cause: err })
      : new LLMError({ code: 'timeout', message: 'the request timed out', ...context, cause: err });
  }
  if (err instanceof Error) {
    if (/is only supported in|is not supported/i.test(err.message) && !/fetch/i.test(err.message)) {
      return new LLMError({ code: 'unsupported', message: `google: ${err.message}`, ...context, cause: err });
    }
  }
  return toLLMError(err, context);
}
