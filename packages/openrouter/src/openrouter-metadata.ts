import { isReplyObject, malformedReply, type ReplyContext } from '@llm/core';
import type OpenAI from 'openai';

type Chunk = OpenAI.Chat.Completions.ChatCompletionChunk;

/** What lands in `providerMetadata.openrouter`. */
export interface OpenRouterMetadata {
  /** The upstream provider that served the call (`"Groq"`, `"Together"`, ...). */
  provider?: string;
  /** The upstream's own finish reason, before OpenRouter normalised it. */
  nativeFinishReason?: string;
  /** The call ran on the caller's own upstream key. */
  byok?: boolean;
}

interface OpenRouterFields {
  provider?: unknown;
  usage?: unknown;
  choices?: unknown;
}

/** An optional field: absent (`undefined`, `null`) is fine, anything but `type` is a `malformed_response` naming it. */
function optional<T>(value: unknown, type: 'string' | 'boolean', field: string, expected: string, ctx: ReplyContext, raw: unknown): T | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== type) throw malformedReply(ctx, field, expected, value, raw);
  return value as T;
}

/**
 * OpenRouter's additions, each checked for its type as every other reply field is: the upstream
 * provider (text), choice 0's native finish reason (text) and `usage.is_byok` (a boolean). The
 * `usage` and `choices` containers themselves are checked by the Chat Completions reader.
 */
function read(fields: OpenRouterFields, ctx: ReplyContext): Record<string, unknown> | undefined {
  const out: OpenRouterMetadata = {};
  const provider = optional<string>(fields.provider, 'string', 'provider', 'text', ctx, fields);
  if (provider !== undefined) out.provider = provider;
  const choice: unknown = Array.isArray(fields.choices) ? fields.choices[0] : undefined;
  if (isReplyObject(choice)) {
    const native = optional<string>(choice.native_finish_reason, 'string', 'choices[0].native_finish_reason', 'text', ctx, fields);
    if (native !== undefined) out.nativeFinishReason = native;
  }
  if (isReplyObject(fields.usage)) {
    const byok = optional<boolean>(fields.usage.is_byok, 'boolean', 'usage.is_byok', 'a boolean', ctx, fields);
    if (byok !== undefined) out.byok = byok;
  }
  return Object.keys(out).length > 0 ? { openrouter: out } : undefined;
}

/** A whole completion: the upstream provider, its finish reason, BYOK. */
export function openRouterCompletionMetadata(completion: OpenAI.Chat.Completions.ChatCompletion, _headers: Headers, ctx: ReplyContext): Record<string, unknown> | undefined {
  return read(completion as unknown as OpenRouterFields, ctx);
}

/**
 * Per chunk, read only where it matters: the finish chunk and the usage chunk (every OpenRouter
 * chunk names the provider; the chunks between are left alone to keep the stream cheap).
 */
export function openRouterChunkMetadata(chunk: Chunk, ctx: ReplyContext): Record<string, unknown> | undefined {
  if (!chunk.usage && !chunk.choices[0]?.finish_reason) return undefined;
  return read(chunk as unknown as OpenRouterFields, ctx);
}
