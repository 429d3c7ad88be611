import { errorFromHttp, LLMError, type ErrorContext } from '@llm/errors';
import { mapOpenAIError } from '@llm/openai';
import OpenAI from 'openai';

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
}

/**
 * The one place where OpenRouter's errors become LLMErrors. Its bodies are
 * `{"error":{"code":<HTTP status>,"message":...,"metadata":{...}}}`; the status decides the code
 * (`mapOpenAIError` / `errorFromHttp`: 402 insufficient credits → `quota_exceeded`, 429 →
 * `rate_limited`, 502 → `provider_error`, 503 → `overloaded`, with `metadata.raw`, the upstream's
 * own words, added to the message). OpenRouter's own cases:
 *
 * - 403 with moderation metadata (`reasons`, `flagged_input`): the input was flagged → `content_filtered`.
 * - An error inside a stream (a chunk with an `error` object and `finish_reason: "error"`) has no
 *   HTTP status; its numeric `error.code` is the status OpenRouter means, and is used as such.
 */
export function mapOpenRouterError(err: unknown, ctx: ErrorContext): LLMError {
  if (err instanceof OpenAI.APIError) {
    const body = record(err.error);
    const status = err.status ?? (typeof body?.code === 'number' ? body.code : undefined);
    const metadata = record(body?.metadata);
    if (status === 403 && metadata && (Array.isArray(metadata.reasons) || metadata.flagged_input !== undefined)) {
      const reasons = Array.isArray(metadata.reasons) ? metadata.reasons.map(String) : [];
      return new LLMError({
        code: 'content_filtered',
        message: `openrouter (HTTP 403) content_filtered: ${String(body?.message ?? 'the input was flagged by moderation')}`,
        ...ctx,
        status,
        requestId: err.requestID ?? undefined,
        details: { reasons, ...(typeof metadata.provider_name === 'string' ? { upstreamProvider: metadata.provider_name } : {}) },
        cause: err,
      });
    }
    if (err.status === undefined && status !== undefined) {
      return errorFromHttp({ status, headers: err.headers, body: { error: body }, provider: ctx.provider, model: ctx.model, cause: err });
    }
  }
  return mapOpenAIError(err, ctx);
}
