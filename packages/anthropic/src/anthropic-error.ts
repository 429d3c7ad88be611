import { errorFromHttp, getHeader, isRetryableCode, LLMError, toLLMError, type ErrorContext, type HeadersLike, type LLMErrorCode } from '@llm/errors';
import Anthropic from '@anthropic-ai/sdk';

const CREDIT_RE = /credit balance|billing|purchase credits|spend limit/i;

/** Anthropic's `anthropic-ratelimit-{input,output}-tokens-*` windows, which the shared parser does not read. */
function tokenWindowWait(headers: HeadersLike | undefined, now: number): number | undefined {
  let wait: number | undefined;
  for (const kind of ['input-tokens', 'output-tokens']) {
    const remaining = getHeader(headers, `anthropic-ratelimit-${kind}-remaining`);
    const reset = getHeader(headers, `anthropic-ratelimit-${kind}-reset`);
    if (remaining === undefined || Number(remaining) !== 0 || reset === undefined) continue;
    const at = Date.parse(reset);
    if (Number.isNaN(at)) continue;
    wait = Math.max(wait ?? 0, Math.max(0, at - now));
  }
  return wait;
}

/** The same error under another code (message and retryability follow the code). */
function recode(err: LLMError, code: LLMErrorCode): LLMError {
  if (err.code === code) return err;
  return err.with({ code, retryable: isRetryableCode(code), message: err.message.replace(` ${err.code}: `, ` ${code}: `) });
}

function vendorError(body: unknown): { type?: string; message?: string } {
  if (typeof body !== 'object' || body === null) return {};
  const root = body as Record<string, unknown>;
  const inner = typeof root.error === 'object' && root.error !== null ? (root.error as Record<string, unknown>) : root;
  return {
    ...(typeof inner.type === 'string' ? { type: inner.type } : {}),
    ...(typeof inner.message === 'string' ? { message: inner.message } : {}),
  };
}

/**
 * The one place where the @anthropic-ai/sdk's errors become LLMErrors.
 * HTTP errors (and `event: error` inside a stream, which the SDK raises as an APIError without a status)
 * go through `errorFromHttp`, then Anthropic's own cases are settled here:
 * - `billing_error`, or a credit-balance message → `quota_exceeded`;
 * - `request_too_large` (413, the body is over the byte limit) → `invalid_request` (not a context-window problem);
 * - `timeout_error` → `timeout`;
 * - a 429 without `retry-after` waits for the exhausted `anthropic-ratelimit-*` window.
 */
export function mapAnthropicError(err: unknown, ctx: ErrorContext, now: number = Date.now()): LLMError {
  if (LLMError.is(err)) return toLLMError(err, ctx);
  if (err instanceof Anthropic.APIUserAbortError) {
    return new LLMError({ code: 'canceled', message: 'the call was canceled', ...ctx, cause: err });
  }
  if (err instanceof Anthropic.APIConnectionTimeoutError) {
    return new LLMError({ code: 'timeout', message: 'the request timed out', ...ctx, cause: err });
  }
  if (err instanceof Anthropic.APIConnectionError) {
    const cause = (err as { cause?: unknown }).cause;
    return new LLMError({ code: 'network', message: `network error: ${cause instanceof Error ? cause.message : err.message}`, ...ctx, cause: err });
  }
  if (err instanceof Anthropic.APIError) {
    const body = err.error === undefined ? err.message : err.error;
    const headers = err.headers as Headers | undefined;
    const mapped = errorFromHttp({ status: err.status, headers, body, provider: ctx.provider, model: ctx.model, cause: err, now });
    const { type, message = '' } = vendorError(err.error);
    const requestId = mapped.requestId ?? err.requestID ?? undefined;
    let out = requestId !== mapped.requestId ? mapped.with({ requestId }) : mapped;
    if (type === 'billing_error' || (mapped.code === 'invalid_request' && CREDIT_RE.test(message)) || err.status === 402) {
      out = recode(out, 'quota_exceeded');
    } else if (type === 'request_too_large' || (err.status === 413 && out.code === 'context_length_exceeded' && !/prompt is too long/i.test(message))) {
      out = recode(out, 'invalid_request');
    } else if (type === 'timeout_error') {
      out = recode(out, 'timeout');
    }
    if (out.code === 'rate_limited' && out.retryAfterMs === undefined) {
      const wait = tokenWindowWait(headers, now);
      if (wait !== undefined) out = out.with({ retryAfterMs: wait });
    }
    return out;
  }
  if (err instanceof Anthropic.AnthropicError && /Streaming is required/i.test(err.message)) {
    return new LLMError({
      code: 'invalid_request',
      message: `${ctx.provider ?? 'anthropic'}: maxTokens is too large for a non-streaming call (the SDK expects it to take over 10 minutes); stream it, lower maxTokens, or set a timeout`,
      ...ctx,
      cause: err,
    });
  }
  return toLLMError(err, ctx);
}
