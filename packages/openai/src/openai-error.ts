import { errorFromHttp, LLMError, toLLMError, type ErrorContext } from '@llm/errors';
import OpenAI from 'openai';

/**
 * The one place where the openai SDK's errors become LLMErrors. Also used by the
 * OpenAI-compatible providers (Groq, OpenRouter), which run the same SDK.
 */
export function mapOpenAIError(err: unknown, ctx: ErrorContext): LLMError {
  if (LLMError.is(err)) return toLLMError(err, ctx);
  if (err instanceof OpenAI.APIUserAbortError) {
    return new LLMError({ code: 'canceled', message: 'the call was canceled', ...ctx, cause: err });
  }
  if (err instanceof OpenAI.APIConnectionTimeoutError) {
    return new LLMError({ code: 'timeout', message: 'the request timed out', ...ctx, cause: err });
  }
  if (err instanceof OpenAI.APIConnectionError) {
    const cause = (err as { cause?: unknown }).cause;
    return new LLMError({ code: 'network', message: `network error: ${cause instanceof Error ? cause.message : err.message}`, ...ctx, cause: err });
  }
  if (err instanceof OpenAI.APIError) {
    const body = err.error === undefined ? err.message : { error: err.error };
    return errorFromHttp({ status: err.status, headers: err.headers, body, provider: ctx.provider, model: ctx.model, cause: err });
  }
  return toLLMError(err, ctx);
}
