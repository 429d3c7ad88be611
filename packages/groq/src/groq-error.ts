import { errorFromHttp, LLMError, type ErrorContext } from '@llm/errors';
import { mapOpenAIError } from '@llm/openai';
import OpenAI from 'openai';

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
}

/**
 * The one place where Groq's errors become LLMErrors. Groq speaks OpenAI's error shape, so
 * `mapOpenAIError` does most of the work; Groq's own cases are decided here:
 *
 * - `tool_use_failed` (400, with `failed_generation`): the model wrote a tool call that does not fit
 *   the tool's schema. That is the same failure the framework reports when it validates tool
 *   arguments itself, so it is `malformed_response` (not retried by default), with the model's
 *   output in `rawText`.
 * - 498 (flex tier capacity exceeded): `overloaded`, retryable.
 * - An error inside a stream (`event: error`) has no HTTP status of its own; Groq puts the one it
 *   means in `status_code`, which is used as the status.
 */
export function mapGroqError(err: unknown, ctx: ErrorContext): LLMError {
  if (err instanceof OpenAI.APIError) {
    const body = record(err.error);
    const status = err.status ?? (typeof body?.status_code === 'number' ? body.status_code : undefined);
    if (body?.code === 'tool_use_failed') {
      const generation = body.failed_generation;
      return new LLMError({
        code: 'malformed_response',
        message: `groq${status !== undefined ? ` (HTTP ${status})` : ''} malformed_response: the model's tool call did not fit the tool's schema: ${String(body.message ?? 'tool_use_failed')}`,
        ...ctx,
        status,
        requestId: err.requestID ?? undefined,
        rawText: typeof generation === 'string' ? generation : undefined,
        details: { vendorType: body.type, vendorCode: 'tool_use_failed' },
        cause: err,
      });
    }
    if (status === 498) {
      return errorFromHttp({ status: 503, headers: err.headers, body: { error: body }, ...ctx, cause: err }).with({
        status: 498,
        message: `groq (HTTP 498) overloaded: ${String(body?.message ?? 'flex tier capacity exceeded')}`,
      });
    }
    if (err.status === undefined && status !== undefined) {
      return errorFromHttp({ status, headers: err.headers, body: { error: body }, provider: ctx.provider, model: ctx.model, cause: err });
    }
  }
  return mapOpenAIError(err, ctx);
}
